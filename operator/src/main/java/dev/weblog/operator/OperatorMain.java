package dev.weblog.operator;

import dev.weblog.operator.metrics.PipelineGauges;
import dev.weblog.operator.reconciler.WebLogPipelineReconciler;
import dev.weblog.operator.reconciler.stream.HttpStreamProbe;
import io.micrometer.core.instrument.Gauge;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The operator process: configuration from the environment, the JOSDK operator, and the HTTP endpoints. */
public final class OperatorMain {

  private static final Logger LOG = LoggerFactory.getLogger(OperatorMain.class);

  private final Operator operator;
  private final HealthEndpoints endpoints;
  private final AtomicBoolean stopping = new AtomicBoolean();

  /** Starts everything; the client is closed with the operator. Losing the Lease ends the process. */
  public OperatorMain(OperatorConfig config, KubernetesClient client, Clock clock) throws Exception {
    this(config, client, clock, () -> {
      LOG.error("lost the leader Lease {} without being stopped: exiting so that only the new leader reconciles",
          OperatorConfig.LEASE_NAME);
      System.exit(1);
    });
  }

  /**
   * As above, with what to do when the Lease is lost while running. Not JOSDK's own exit: it would also call
   * System.exit on a graceful stop, from inside the JVM's shutdown hook, where exit blocks forever.
   */
  public OperatorMain(OperatorConfig config, KubernetesClient client, Clock clock, Runnable lostLeadership)
      throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    AtomicBoolean leading = new AtomicBoolean(!config.leaderElection());
    operator = new Operator(o -> {
      o.withKubernetesClient(client)
          .withMetrics(MicrometerMetrics.newMicrometerMetricsBuilder(registry).build())
          // The error status is written with a JSON merge patch: server-side apply of the primary is not needed.
          .withUseSSAToPatchPrimaryResource(false)
          // The reconciler's own status write stays cached until the informer has a later version, not merely
          // any event of the pipeline (a late one for an earlier write would bring the older status back).
          .withParseResourceVersions(true);
      if (config.leaderElection()) {
        LeaderElectionConfigurationBuilder election = LeaderElectionConfigurationBuilder
            .aLeaderElectionConfiguration(OperatorConfig.LEASE_NAME)
            .withLeaseNamespace(config.operatorNamespace())
            .withExitOnStopLeading(false)
            .withLeaderCallbacks(new LeaderCallbacks(() -> leading.set(true), () -> {
              leading.set(false);
              if (!stopping.get()) {
                lostLeadership.run();
              }
            }, id -> {}));
        if (config.leaderIdentity() != null) {
          election.withIdentity(config.leaderIdentity());
        }
        o.withLeaderElectionConfiguration(election.build());
      }
    });
    PipelineGauges gauges = new PipelineGauges(registry);
    operator.register(new WebLogPipelineReconciler(client, clock, new HttpStreamProbe(), gauges), c -> {
      if (config.watchesAllNamespaces()) {
        c.watchingAllNamespaces();
      } else {
        c.settingNamespaces(config.watchNamespaces());
      }
    });
    BooleanSupplier ready = () -> operator.getRuntimeInfo().isStarted() && leading.get();
    Gauge.builder("weblog.operator.ready", ready, r -> r.getAsBoolean() ? 1 : 0)
        .description("1 when this operator replica runs and, with leader election, leads; as /readyz says")
        .register(registry);
    endpoints = new HealthEndpoints(config.httpPort(), ready, () -> {
      gauges.prune();
      return registry.scrape();
    });
    try {
      operator.start();
    } catch (RuntimeException e) {
      // The HTTP server's thread would keep a dead operator's JVM alive: close it so the pod restarts.
      endpoints.close();
      operator.stop();
      throw e;
    }
    LOG.info("weblog operator started: namespaces={} leaderElection={} http port={}",
        config.watchesAllNamespaces() ? "all" : config.watchNamespaces(), config.leaderElection(), endpoints.port());
  }

  public int httpPort() {
    return endpoints.port();
  }

  public void stop() {
    stopping.set(true);
    operator.stop();
    endpoints.close();
  }

  static final String USAGE = String.join("\n",
      "Usage: java dev.weblog.operator.OperatorMain",
      "Reconciles WebLogPipeline resources (weblog.dev/v1alpha1). Configured by environment variables:",
      "  WEBLOG_WATCH_NAMESPACES  comma-separated namespaces, or * for all (default: POD_NAMESPACE)",
      "  WEBLOG_LEADER_ELECTION   true|false: a Lease '" + OperatorConfig.LEASE_NAME + "' in the operator's namespace",
      "  WEBLOG_HTTP_PORT         port of /healthz, /readyz and /metrics (default 8080)",
      "  POD_NAMESPACE            the operator's own namespace (from the downward API)",
      "  POD_NAME                 its identity in the Lease (from the downward API; default HOSTNAME)",
      "The Kubernetes API is found as kubectl finds it: in-cluster service account, or ~/.kube/config.");

  public static void main(String[] args) throws Exception {
    if (args.length > 0) {
      boolean help = args[0].equals("--help") || args[0].equals("-h");
      (help ? System.out : System.err).println(help ? USAGE : "weblog operator: takes no arguments\n" + USAGE);
      System.exit(help ? 0 : 2);
      return;
    }
    OperatorConfig config;
    try {
      config = OperatorConfig.fromEnvironment();
    } catch (IllegalArgumentException e) {
      System.err.println("weblog operator: " + e.getMessage());
      System.exit(2);
      return;
    }
    OperatorMain main;
    try {
      main = new OperatorMain(config, new KubernetesClientBuilder().build(), Clock.systemUTC());
    } catch (Exception e) {
      LOG.error("cannot start the operator", e);
      System.err.println("weblog operator: cannot start: " + e.getMessage()
          + (e.getCause() == null ? "" : " (" + e.getCause().getMessage() + ")"));
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(main::stop, "weblog-shutdown"));
    Thread.currentThread().join(Duration.ofDays(36500).toMillis());
  }
}
