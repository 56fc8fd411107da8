package dev.weblog.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marcnuri.helm.Helm;
import dev.weblog.operator.builders.HdfsBuilder;
import dev.weblog.operator.builders.Names;
import dev.weblog.operator.builders.StreamDriverObjects;
import io.fabric8.kubernetes.client.LocalPortForward;
import dev.weblog.operator.reconciler.ServerCompatibility;
import dev.weblog.common.MetricsEndpoint;
import dev.weblog.common.RealtimeMetricNames;
import dev.weblog.common.StreamMetricNames;
import dev.weblog.common.Target;
import dev.weblog.operator.api.Condition;
import dev.weblog.operator.api.ConditionStatus;
import dev.weblog.operator.api.ModelStatus;
import dev.weblog.operator.api.RealtimeStatus;
import dev.weblog.operator.api.StageStatus;
import dev.weblog.operator.api.WebLogPipeline;
import dev.weblog.operator.api.WebLogPipelineSpec;
import dev.weblog.operator.builders.Endpoints;
import dev.weblog.operator.builders.Images;
import dev.weblog.operator.builders.ObjectMetas;
import dev.weblog.operator.builders.SparkAppBuilder;
import dev.weblog.operator.builders.SparkStage;
import dev.weblog.operator.support.RenderedChart;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The product as a user runs it, on a real cluster (kind, or the local cluster on machines that cannot run kind):
 * the chart installed with the real Helm engine, a Kafka of the user's own with TLS + SCRAM, a pipeline applied and
 * Ready, the data checked in HDFS, and the faults a user's cluster throws. scripts/e2e.sh picks the cluster, imports
 * the images and runs this with WEBLOG_E2E_KUBECONFIG set; without it the test is skipped with one line.
 */
class ClusterE2eTest {

  private static final String NAMESPACE = "weblog-e2e";
  private static final String RELEASE = "weblog-operator";
  private static final Path REPO = RenderedChart.REPO_ROOT;
  private static final Duration READY_TIMEOUT = Duration.ofMinutes(25);
  /** Live lines the producer sends before it is stopped (40/s with every 50th malformed). */
  private static final long LINES_BEFORE_FAULTS = 1_500;
  private static final long LINES_IN_ALL = 4_000;
  /** StreamJob's query name, which the Spark UI shows. */
  private static final String STREAM_QUERY = "predict";
  private static final String TOPIC = "e2e_web_logs";
  private static final String PREDICTIONS_TOPIC = "e2e_web_logs_predictions";
  private static final String QUARANTINE_TOPIC = "e2e_web_logs_quarantine";
  private static final String TRAIN_GENDER = SparkStage.train(Target.GENDER).id();
  private static final String TRAIN_AGE = SparkStage.train(Target.AGE_GROUP).id();
  /**
   * What runs, from WEBLOG_E2E_SCENARIOS (scripts/e2e.sh --scenarios): {@code pipeline}, the main scenario through
   * the faults, and {@code drift}, {@link DriftScenario}, after it on the same Kafka.
   */
  private static final List<String> SCENARIOS = List.of(System.getenv().getOrDefault("WEBLOG_E2E_SCENARIOS",
      "pipeline").split(","));

  @TempDir
  Path tmp;

  @Test
  void pipelineBecomesReadyAndAccountsForEveryLineThroughFaults() throws Exception {
    String kubeconfig = System.getenv("WEBLOG_E2E_KUBECONFIG");
    if (kubeconfig == null || kubeconfig.isBlank()) {
      System.out.println("e2e skipped: WEBLOG_E2E_KUBECONFIG is not set; scripts/e2e.sh picks a cluster (kind, or "
          + "the local cluster as root on Linux), imports the images and sets it");
      Assumptions.abort("WEBLOG_E2E_KUBECONFIG is not set (run scripts/e2e.sh)");
    }
    E2eSummary summary = new E2eSummary(System.getenv().getOrDefault("WEBLOG_E2E_PLATFORM", "unknown"));
    Path summaryFile = REPO.resolve("e2e/target/e2e-summary.json").normalize();
    Config config = Config.fromKubeconfig(Files.readString(Path.of(kubeconfig)));
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
      Cluster cluster = new Cluster(client, NAMESPACE);
      Scenario scenario = new Scenario(cluster, summary, Path.of(kubeconfig));
      try {
        scenario.run();
      } catch (Throwable t) {
        cluster.printDiagnostics("app.kubernetes.io/instance=" + RELEASE);
        throw t;
      } finally {
        System.out.println(summary.table());
        summary.write(summaryFile);
        System.out.println("e2e: summary written to " + summaryFile);
      }
    }
  }

  /** The steps in order; each records its time in the summary. */
  private final class Scenario implements DayTwoFaults.Run {
    private final Cluster cluster;
    private final KubernetesClient client;
    private final E2eSummary summary;
    private final Path kubeconfig;
    private final String version = Images.operatorVersion();
    private WebLogPipeline pipeline;
    private E2ePipeline watched;
    private ExternalKafka kafka;
    private int audits;
    private E2ePrometheus prometheus;
    /** The stalled-stream alert is checked on the first driver replacement only. */
    private boolean alertChecked;
    /** The gender model version the retrain promoted, if it did: the stream must score with it by the end. */
    private String promotedGender;
    /** The gender model serving before the retrain, e.g. {@code v1}. */
    private String servingGender;

    Scenario(Cluster cluster, E2eSummary summary, Path kubeconfig) {
      this.cluster = cluster;
      this.client = cluster.client();
      this.summary = summary;
      this.kubeconfig = kubeconfig;
    }

    void run() throws Exception {
      freshNamespace();
      installChart();
      startPrometheus();
      try {
        runWithPrometheus();
      } finally {
        if (prometheus != null) {
          prometheus.close();
        }
      }
    }

    private void runWithPrometheus() throws Exception {
      startKafka();
      if (SCENARIOS.contains("pipeline")) {
        runPipeline();
      }
      if (SCENARIOS.contains("drift")) {
        new DriftScenario(cluster, summary, prometheus, kafka, version, REPO).run();
      }
      Instant t = Instant.now();
      Helm.uninstall(RELEASE).withNamespace(NAMESPACE).withKubeConfig(kubeconfig)
          .call();
      client.namespaces().withName(NAMESPACE).delete();
      summary.step("helm uninstall, namespace deleted", t);
      assertTrue(summary.allFaultsPassed(), "a fault did not pass:" + summary.table());
      assertTrue(summary.allChecksPassed(), "a Prometheus check did not pass:" + summary.table());
    }

    /** The main scenario: the pipeline through the day-two faults, every line accounted for, then deleted. */
    private void runPipeline() throws Exception {
      applyPipeline();
      checkScrapes();
      checkHdfsFence();
      Instant t = Instant.now();
      awaitLines(LINES_BEFORE_FAULTS);
      summary.step("producer sent " + LINES_BEFORE_FAULTS + " lines", t);
      checkPrinterColumns();
      checkSparkUi();
      DayTwoFaults faults = new DayTwoFaults(cluster, summary, this, kubeconfig);
      boolean all = "all".equals(System.getenv("WEBLOG_E2E_FAULTS"));
      replaceStreamingDriver(true);
      replaceRealtimeDriver();
      if (all) {
        replaceStreamingDriver(false);
      }
      faults.deleteHdfsPod(HdfsBuilder.NAMENODE, "NameNode pod deleted");
      if (all) {
        faults.deleteHdfsPod(HdfsBuilder.DATANODE, "DataNode pod deleted");
        faults.deleteKafkaBroker();
      }
      faults.suspendAndResume();
      retrainWhileTheOperatorRestarts();
      checkModelVersionSeries();
      faults.helmUpgrade(RenderedChart.chartCopy(tmp.resolve("chart-upgrade")), RELEASE,
          System.getenv().getOrDefault("WEBLOG_E2E_UPGRADE_TAG", version));
      if (all) {
        faults.drainNode();
      }
      stopProducerAndAccount();
      deletePipeline();
    }

    /**
     * A real Prometheus on this host, discovering the namespace's pods through the API server. Pod IPs are
     * routable from the host on the local cluster only (its bridge); kind's are inside docker's network.
     */
    private void startPrometheus() throws IOException {
      Optional<Path> home = E2ePrometheus.home();
      String platform = System.getenv().getOrDefault("WEBLOG_E2E_PLATFORM", "unknown");
      if (home.isEmpty() || !"local-k8s".equals(platform)) {
        String why = home.isEmpty() ? "no Prometheus (scripts/prometheus.sh fetch)" : "pod IPs are not routable "
            + "from the host on " + platform;
        assertTrue(!"1".equals(System.getenv("WEBLOG_REQUIRE_PROMETHEUS")) || !"local-k8s".equals(platform),
            "WEBLOG_REQUIRE_PROMETHEUS=1 but " + why);
        System.out.println("e2e: Prometheus checks skipped: " + why);
        return;
      }
      Instant t = Instant.now();
      prometheus = E2ePrometheus.start(home.get(), tmp.resolve("prometheus"), client, NAMESPACE, REPO);
      summary.step("Prometheus started (pods of " + NAMESPACE + " by their annotations)", t);
    }

    /** Prometheus found the operator and the stream driver by their annotations and scrapes them. */
    private void checkScrapes() {
      if (prometheus == null) {
        return;
      }
      boolean up = awaitTrue(Duration.ofMinutes(2), () -> prometheus.value("max(up{component=\"stream\"})")
          .orElse(0.0) == 1 && prometheus.value("max(up{component=\"operator\"})").orElse(0.0) == 1);
      summary.check("operator and stream driver discovered and scraped", up, "up{component=operator|stream} = 1: "
          + up + "; one scrape of the driver took " + prometheus.value("max(scrape_duration_seconds{component="
              + "\"stream\"})").map(s -> String.format(java.util.Locale.ROOT, "%.1f ms", s * 1000)).orElse("?")
          + " for "
          + prometheus.value("max(scrape_samples_scraped{component=\"stream\"})").map(Double::longValue)
              .orElse(0L)
          + " samples");
    }

    /** What kubectl get wlp prints mid-stream: the Lag and Rate columns filled. */
    private void checkPrinterColumns() {
      if (prometheus == null) {
        return;
      }
      Map<String, String> row = new java.util.HashMap<>();
      boolean filled = awaitTrue(Duration.ofMinutes(2), () -> {
        row.clear();
        row.putAll(cluster.printedRow("/apis/weblog.dev/v1alpha1/namespaces/" + NAMESPACE + "/weblogpipelines/"
            + name()));
        return !row.getOrDefault("Lag", "").isEmpty() && !row.getOrDefault("Rate", "").isEmpty();
      });
      summary.check("kubectl get wlp shows Lag and Rate", filled, "Phase " + row.get("Phase") + ", Ready "
          + row.get("Ready") + ", Lag " + row.get("Lag") + ", Rate " + row.get("Rate"));
    }

    /**
     * The stream's Spark UI through the pipeline's fixed Service, as the README's {@code kubectl port-forward} line
     * reaches it: the REST API lists the application and the Structured Streaming page the running query.
     */
    private void checkSparkUi() {
      String service = Names.streamUi(pipeline);
      String[] seen = {"", ""};
      boolean listed = awaitTrue(Duration.ofMinutes(2), () -> {
        seen[0] = sparkUi(service, "/api/v1/applications");
        seen[1] = sparkUi(service, "/StreamingQuery/");
        return seen[0].contains(name() + "-stream") && seen[1].contains("Active Streaming Queries")
            && seen[1].contains(STREAM_QUERY);
      });
      summary.check("the stream's Spark UI lists the running query through Service " + service, listed,
          "applications: " + seen[0].replaceAll("\\s+", " ").substring(0, Math.min(160, seen[0].length()))
              + "; StreamingQuery page " + seen[1].length() + " chars, query '" + STREAM_QUERY + "' "
              + (seen[1].contains(STREAM_QUERY) ? "listed" : "absent"));
    }

    /** A page of the Spark UI behind {@code service}, by a port-forward of the Service (kubectl's way). */
    private String sparkUi(String service, String path) {
      try (LocalPortForward forward = client.services().inNamespace(NAMESPACE).withName(service)
          .portForward(StreamDriverObjects.UI_PORT)) {
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
            java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + forward.getLocalPort()
                + path)).timeout(Duration.ofSeconds(20)).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? response.body() : "HTTP " + response.statusCode();
      } catch (IOException e) {
        return "unreachable: " + e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }

    /**
     * The gender model's version series moved from the version serving before the retrain (never lower: the driver
     * shows the loaded model from its start) to the one the retrain promoted.
     */
    private void checkModelVersionSeries() {
      if (prometheus == null) {
        return;
      }
      if (promotedGender == null) {
        summary.check("model version series follows the promotion", true, "the gate kept the serving model: no "
            + "promotion to follow");
        return;
      }
      double v = Integer.parseInt(promotedGender.replaceFirst("^v", ""));
      double before = Integer.parseInt(servingGender.replaceFirst("^v", ""));
      String series = StreamMetricNames.MODEL_VERSION + "{target=\"gender\"}";
      boolean moved = awaitTrue(Duration.ofMinutes(4), () -> prometheus.value("max(" + series + ")").orElse(0.0) == v
          && prometheus.value("min(min_over_time(" + series + "[2h]))").orElse(0.0) == before);
      summary.check("model version series follows the promotion", moved, series + " now "
          + prometheus.value("max(" + series + ")").orElse(null) + ", lowest in the run "
          + prometheus.value("min(min_over_time(" + series + "[2h]))").orElse(null) + ", serving before the retrain "
          + servingGender + ", promoted " + promotedGender);
    }

    private void freshNamespace() {
      Instant t = Instant.now();
      if (client.namespaces().withName(NAMESPACE).get() != null) {
        client.namespaces().withName(NAMESPACE).delete();
        Cluster.await("the old namespace " + NAMESPACE + " to go", Duration.ofMinutes(5),
            () -> client.namespaces().withName(NAMESPACE).get() == null ? Optional.of(true) : Optional.empty(),
            () -> "still terminating");
      }
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata()
          .build()).create();
      summary.step("namespace " + NAMESPACE, t);
    }

    private void installChart() throws IOException {
      Instant t = Instant.now();
      // Helm installs a chart's crds/ only where the CRD is missing and never upgrades it: a cluster kept from an
      // earlier run (the local cluster keeps its etcd) would serve an older schema, which prunes newer fields.
      try (java.io.InputStream crd = Files.newInputStream(REPO.resolve("crds/weblogpipelines.weblog.dev-v1.yml"))) {
        // A replace, not a server-side apply: 1.20's apply refuses the x-kubernetes-validations it does not know.
        for (io.fabric8.kubernetes.api.model.HasMetadata o : client.load(crd).items()) {
          io.fabric8.kubernetes.api.model.HasMetadata old = client.resource(o).get();
          if (old == null) {
            client.resource(o).create();
          } else {
            o.getMetadata().setResourceVersion(old.getMetadata().getResourceVersion());
            client.resource(o).update();
          }
        }
      }
      RenderedChart.chartCopy(tmp.resolve("chart")).install().withName(RELEASE).withNamespace(NAMESPACE)
          .withKubeConfig(kubeconfig).set("image.tag", version).set("image.pullPolicy", "IfNotPresent")
          .waitReady().withTimeout(300).call();
      Cluster.await("the operator to be Ready", Duration.ofMinutes(3), () -> cluster.readyPod(operatorSelector()),
          () -> "not ready");
      summary.step("helm install (operator Ready)", t);
    }

    private void startKafka() {
      Instant t = Instant.now();
      kafka = ExternalKafka.create(tmp.resolve("kafka"), NAMESPACE, TOPIC, List.of(PREDICTIONS_TOPIC,
          QUARANTINE_TOPIC), 2, "weblog/kafka:" + version, "e2e-kafka-client", "e2e-kafka-ca");
      int minor = ServerCompatibility.minor(client.getKubernetesVersion());
      kafka.objects().forEach(o -> client.resource(ServerCompatibility.forServer(o, minor)).inNamespace(NAMESPACE)
          .create());
      Cluster.await("the external Kafka (TLS + SCRAM) to be Ready", Duration.ofMinutes(5),
          () -> cluster.readyPod("app.kubernetes.io/name=e2e-kafka"), () -> "not ready");
      summary.step("external Kafka Ready (SASL_SSL, SCRAM-SHA-512, ACLs)", t);
    }

    private void applyPipeline() throws IOException {
      pipeline = E2ePipeline.load(REPO.resolve("e2e/cluster-pipeline.yaml"), NAMESPACE, version);
      assertEquals(kafka.bootstrapServers(), pipeline.getSpec().getKafka().getBootstrapServers());
      assertEquals(List.of(TOPIC, PREDICTIONS_TOPIC, QUARANTINE_TOPIC), List.of(pipeline.getSpec().getKafka()
          .getTopic(), pipeline.getSpec().getRealtime().getPredictionsTopic(),
          pipeline.getSpec().getRealtime()
              .getQuarantineTopic()),
          "the pipeline's topics are the ones the test's Kafka made");
      Instant t = Instant.now();
      pipeline = client.resource(pipeline).inNamespace(NAMESPACE).create();
      watched = new E2ePipeline(client, NAMESPACE, name());
      WebLogPipeline ready = watched.awaitReady(READY_TIMEOUT);
      summary.step("pipeline applied until Ready", t);
      summary.figure("seconds_to_ready", Duration.between(t, Instant.now()).toSeconds());
      for (Map.Entry<String, ModelStatus> m : Map.of("gender", ready.getStatus().getModels().getGender(),
          "age_group", ready.getStatus().getModels().getAgeGroup()).entrySet()) {
        assertNotNull(m.getValue(), "no " + m.getKey() + " model in the status");
        assertNotNull(m.getValue().getAccuracy(), m.getKey() + " has no accuracy in the status");
        summary.figure(m.getKey() + "_accuracy", m.getValue().getAccuracy());
      }
    }

    /**
     * A pod without the pipeline's labels must not open the NameNode's RPC port while one with them does (and the
     * pipeline goes on working through the rest of the test). Only kind enforces NetworkPolicies of the two
     * clusters scripts/e2e.sh uses.
     */
    private void checkHdfsFence() {
      Instant t = Instant.now();
      String platform = System.getenv().getOrDefault("WEBLOG_E2E_PLATFORM", "unknown");
      if (!"kind".equals(platform)) {
        System.out.println("e2e: HDFS NetworkPolicy enforcement not checked on " + platform + ": only kind's "
            + "network (kindnet, kind 0.24 and later) enforces NetworkPolicies; the local cluster's bridge CNI does not");
        summary.step("HDFS NetworkPolicy enforcement not checked (" + platform + ")", t);
        return;
      }
      String image = Images.hadoop(pipeline.getSpec().getImages());
      String uri = Endpoints.hdfsUri(pipeline);
      boolean foreign = HdfsFence.reaches(cluster, "e2e-fence-foreign", image, uri,
          Map.of(ObjectMetas.NAME, "e2e-fence"));
      boolean own = HdfsFence.reaches(cluster, "e2e-fence-own", image, uri, hdfsClientLabels("fence"));
      summary.fault("a pod without the pipeline's labels dials the NameNode", !foreign && own, t,
          "without the labels: " + (foreign ? "reached it" : "refused") + "; with them: "
              + (own ? "reached it" : "refused"));
    }

    /** The labels of a Spark pod of the pipeline, which its HDFS NetworkPolicies admit. */
    private Map<String, String> hdfsClientLabels(String component) {
      return ObjectMetas.selector(pipeline, SparkAppBuilder.APP, component);
    }

    /**
     * The stream driver evicted (the Eviction API, as kubectl drain does) or deleted: the same attempt starts
     * again as soon as the pod is gone, counted as a disruption and not as a failure. The first time, Prometheus'
     * stalled-stream alert must fire meanwhile and resolve after.
     */
    private void replaceStreamingDriver(boolean evict) {
      Instant t = Instant.now();
      Pod driver = Cluster.await("the streaming driver", Duration.ofMinutes(2),
          () -> cluster.readyPod(driverSelector("stream")), () -> "none ready");
      StageStatus before = current().getStatus().getStages().get("stream");
      long lines = produced();
      if (evict) {
        assertTrue(client.pods().inNamespace(NAMESPACE).withName(driver.getMetadata().getName()).evict(),
            "the Eviction API refused " + driver.getMetadata().getName());
      } else {
        client.pods().inNamespace(NAMESPACE).withName(driver.getMetadata().getName()).delete();
      }
      Instant stopped = Instant.now();
      boolean checkAlert = prometheus != null && !alertChecked;
      alertChecked |= checkAlert;
      boolean fired = checkAlert && awaitTrue(Duration.ofMinutes(4), () -> prometheus.firing("WebLogStreamStalled"));
      long firedAfter = Duration.between(stopped, Instant.now()).toSeconds();
      Pod next = Cluster.await("the streaming driver replaced", Duration.ofMinutes(5),
          () -> cluster.readyPod(driverSelector("stream"))
              .filter(p -> !p.getMetadata().getUid().equals(driver.getMetadata().getUid())),
          () -> cluster.pods(driverSelector("stream")).stream().map(p -> p.getMetadata().getName() + "="
              + p.getStatus().getPhase()).collect(Collectors.joining(", ")));
      long replaced = Duration.between(stopped, Instant.now()).toSeconds();
      awaitLines(lines + 400);
      if (checkAlert) {
        boolean resolved = awaitTrue(Duration.ofMinutes(3), () -> !prometheus.firing("WebLogStreamStalled"));
        summary.check("stalled-stream alert fires while the driver is replaced, resolves after", fired && resolved,
            (fired ? "fired " + firedAfter + " s after the " + (evict ? "eviction" : "deletion") : "never fired")
                + "; " + (resolved ? "resolved" : "still firing") + " once " + next.getMetadata().getName()
                + " scored");
      }
      StageStatus after = current().getStatus().getStages().get("stream");
      boolean counted = after.getDisruptions() == before.getDisruptions() + 1
          && after.getFailures() == before.getFailures();
      summary.fault("streaming driver pod " + (evict ? "evicted" : "deleted"), counted, t, driver.getMetadata()
          .getName() + " replaced by " + next.getMetadata().getName() + " (ready " + replaced + " s after), "
          + "disruptions " + before.getDisruptions() + " -> " + after.getDisruptions() + ", failures "
          + before.getFailures() + " -> " + after.getFailures());
    }

    /**
     * The real-time driver deleted: the operator starts the same attempt again at once, from its checkpoint,
     * counted as a disruption; lines flow and RealtimeRunning is True again.
     */
    private void replaceRealtimeDriver() {
      Instant t = Instant.now();
      Pod driver = Cluster.await("the real-time driver", Duration.ofMinutes(2),
          () -> cluster.readyPod(driverSelector("realtime")), () -> "none ready");
      StageStatus before = current().getStatus().getStages().get("realtime");
      long lines = produced();
      client.pods().inNamespace(NAMESPACE).withName(driver.getMetadata().getName()).delete();
      Pod next = Cluster.await("the real-time driver replaced", Duration.ofMinutes(5),
          () -> cluster.readyPod(driverSelector("realtime"))
              .filter(p -> !p.getMetadata().getUid().equals(driver.getMetadata().getUid())),
          () -> "not yet");
      long replaced = Duration.between(t, Instant.now()).toSeconds();
      Cluster.await("RealtimeRunning again", DayTwoFaults.RECOVERY, () -> Optional.ofNullable(current())
          .filter(p -> conditionTrue(p, Condition.REALTIME_RUNNING)), this::progress);
      awaitLines(lines + 200);
      StageStatus after = current().getStatus().getStages().get("realtime");
      boolean counted = after.getDisruptions() == before.getDisruptions() + 1
          && after.getFailures() == before.getFailures();
      summary.fault("real-time driver pod deleted", counted, t, driver.getMetadata().getName() + " replaced by "
          + next.getMetadata().getName() + " (ready " + replaced + " s after), disruptions "
          + before.getDisruptions() + " -> " + after.getDisruptions() + ", failures " + before.getFailures() + " -> "
          + after.getFailures());
    }

    /**
     * A consumer's view of the real-time path once the producer stopped: every produced line has at least one
     * event (prediction or quarantine), no event names a line that was not produced; repeats and latency reported.
     */
    private void checkRealtimeEvents(long produced) {
      Instant t = Instant.now();
      Map<Integer, Long> ends = RealtimeEvents.endOffsets(cluster.exec(brokerPod(), "kafka", "sh", "-c",
          ExternalKafka.endOffsetsCommand(TOPIC)), TOPIC);
      assertEquals(produced, ends.values().stream().mapToLong(Long::longValue).sum());
      RealtimeEvents.Tally[] last = new RealtimeEvents.Tally[1];
      boolean complete = awaitTrue(Duration.ofMinutes(5), () -> {
        List<RealtimeEvents.Event> events = new java.util.ArrayList<>(RealtimeEvents.parse(cluster.exec(brokerPod(),
            "kafka", "sh", "-c", RealtimeEvents.consumeCommand(PREDICTIONS_TOPIC)), true));
        events.addAll(RealtimeEvents.parse(cluster.exec(brokerPod(), "kafka", "sh", "-c",
            RealtimeEvents.consumeCommand(QUARANTINE_TOPIC)), false));
        last[0] = RealtimeEvents.tally(events, TOPIC, ends);
        System.out.println("e2e: real-time events " + last[0]);
        return last[0].complete();
      });
      RealtimeEvents.Tally tally = last[0];
      assertNotNull(tally, "the real-time events could not be read");
      summary.step("real-time events read back", t);
      summary.figure("realtime_events", tally.events());
      summary.figure("realtime_prediction_events", tally.predictions());
      summary.figure("realtime_quarantine_events", tally.quarantines());
      summary.figure("realtime_lines_without_event", tally.missing());
      summary.figure("realtime_events_of_unknown_lines", tally.foreign());
      summary.figure("realtime_duplicate_events", tally.duplicates());
      summary.figure("realtime_latency_p50_ms", tally.p50Ms());
      summary.figure("realtime_latency_p95_ms", tally.p95Ms());
      summary.figure("realtime_latency_p99_ms", tally.p99Ms());
      summary.figure("realtime_lines_over_1s", tally.overOneSecond());
      summary.figure("realtime_lines_over_1s_produced", tally.slowFrom() < 0 ? "none" : Instant.ofEpochMilli(
          tally.slowFrom()) + " .. " + Instant.ofEpochMilli(tally.slowTo()));
      StageStatus stage = current().getStatus().getStages().get("realtime");
      summary.figure("realtime_stage", Map.of("attempt", stage.getAttempt(), "failures", stage.getFailures(),
          "disruptions", stage.getDisruptions(), "message", String.valueOf(stage.getMessage())));
      summary.check("every produced line has a real-time event, none names an unknown line", complete,
          tally.distinct() + " of " + produced + " lines have an event (" + tally.predictions() + " predictions, "
              + tally.quarantines() + " quarantined), " + tally.foreign() + " events of unknown lines, "
              + tally.duplicates() + " repeats (at least once: the driver restarts resend since their last "
              + "checkpoint); latency p50/p95/p99 " + tally.p50Ms() + "/" + tally.p95Ms() + "/" + tally.p99Ms()
              + " ms, " + tally.overOneSecond() + " lines over 1 s");
      assertEquals(0, tally.missing(), "produced lines without a real-time event");
      assertEquals(0, tally.foreign(), "real-time events naming lines that were not produced");
      RealtimeStatus status = current().getStatus().getRealtime();
      assertNotNull(status, "no status.realtime");
      summary.figure("status_realtime", Map.of("driver", status.getDriver(), "prediction_events",
          String.valueOf(status.getPredictionEvents()), "lag", String.valueOf(status.getLag()), "latency_p99_s",
          String.valueOf(status.getLatencyP99Seconds())));
      assertTrue(status.getPredictionEvents() != null && status.getPredictionEvents() > 0,
          "status.realtime shows no event: " + status.getPredictionEvents());
      if (prometheus != null) {
        double[] events = {-1};
        boolean scraped = awaitTrue(Duration.ofMinutes(2), () -> {
          events[0] = prometheus.value("sum(max_over_time(" + RealtimeMetricNames.EVENTS + "[2h]))").orElse(-1.0);
          return events[0] > 0;
        });
        summary.check("Prometheus scrapes the real-time driver's events and latency", scraped && prometheus.value(
            "sum(" + RealtimeMetricNames.LATENCY + "_count)").isPresent(), "max events counted by one driver "
                + events[0]);
      }
    }

    private String brokerPod() {
      return cluster.readyPod("app.kubernetes.io/name=e2e-kafka").orElseThrow().getMetadata().getName();
    }

    private void retrainWhileTheOperatorRestarts() {
      Instant t = Instant.now();
      Pod operator = cluster.readyPod(operatorSelector()).orElseThrow();
      WebLogPipeline changed = current();
      String genderVersion = changed.getStatus().getModels().getGender().getVersion();
      Map<String, String> runKeys = Map.of(TRAIN_GENDER, runKey(changed, TRAIN_GENDER), TRAIN_AGE,
          runKey(changed, TRAIN_AGE));
      editSpec(spec -> spec.getTraining().setMaxDepth(changed.getSpec().getTraining().getMaxDepth() - 2));
      // The retrain's first driver appears within a reconcile or two: the operator is deleted while it works.
      Cluster.await("the retrain's first driver", Duration.ofMinutes(3),
          () -> activeDrivers(TRAIN_GENDER) + activeDrivers(TRAIN_AGE) > 0 ? Optional.of(true) : Optional.empty(),
          () -> "no train driver yet");
      client.pods().inNamespace(NAMESPACE).withName(operator.getMetadata().getName()).delete();
      int[] mostAtOnce = {0};
      WebLogPipeline retrained = Cluster.await("the retrain to finish (gate decided) under the new operator",
          Duration.ofMinutes(15), () -> {
            mostAtOnce[0] = Math.max(mostAtOnce[0], Math.max(activeDrivers(TRAIN_GENDER), activeDrivers(TRAIN_AGE)));
            return Optional.ofNullable(current()).filter(x -> conditionTrue(x, Condition.READY)
                && trainedAgain(x, TRAIN_GENDER, runKeys) && trainedAgain(x, TRAIN_AGE, runKeys));
          }, this::progress);
      Pod newOperator = cluster.readyPod(operatorSelector()).orElseThrow();
      assertTrue(mostAtOnce[0] <= 1, mostAtOnce[0] + " train drivers of one target ran at once");
      summary.fault("operator pod deleted during a reconcile", mostAtOnce[0] <= 1, t,
          operator.getMetadata().getName() + " replaced by " + newOperator.getMetadata().getName()
              + "; at most " + mostAtOnce[0] + " train driver per target at once");
      String after = retrained.getStatus().getModels().getGender().getVersion();
      servingGender = genderVersion;
      promotedGender = after.equals(genderVersion) ? null : after;
      summary.fault("training.maxDepth changed", true, t, "gender model " + genderVersion + " -> " + after
          + (promotedGender == null ? " (the gate kept the current one)" : " (promoted; the stream must swap it in)"));
    }

    private void stopProducerAndAccount() {
      Instant t = Instant.now();
      awaitLines(LINES_IN_ALL);
      editSpec(spec -> spec.getProducer().setEnabled(false));
      Cluster.await("the producer to stop", Duration.ofMinutes(3), () -> cluster.pods(
          "app.kubernetes.io/instance=" + name() + ",app.kubernetes.io/name=producer").isEmpty()
              ? Optional.of(true) : Optional.empty(),
          () -> "producer pod still there");
      long produced = produced();
      summary.step("producer stopped after " + produced + " lines", t);
      t = Instant.now();
      HdfsAudit.Counts counts = Cluster.await("the stream to account for all " + produced + " lines",
          Duration.ofMinutes(6), () -> Optional.of(audit()).filter(c -> c.distinct() >= produced),
          () -> "audit pending");
      summary.step("stream drained, HDFS audited", t);
      checkCountersAndLag(counts);
      summary.figure("produced", produced);
      summary.figure("predicted", counts.predicted());
      summary.figure("quarantined", counts.quarantined());
      summary.figure("lost", produced - counts.distinct());
      summary.figure("duplicated", counts.duplicates());
      summary.figure("batches", counts.batches());
      assertEquals(0, counts.duplicates(), "duplicated records");
      assertEquals(produced, counts.predicted() + counts.quarantined(), "predicted + quarantined != produced");
      assertTrue(counts.quarantined() > 0, "the malformed lines the producer sent were not quarantined");
      summary.figure("model_versions_in_predictions", counts.modelVersions());
      checkRealtimeEvents(produced);
      checkPromotionEvents();
      if (promotedGender != null) {
        int version = Integer.parseInt(promotedGender.replaceFirst("^v", ""));
        assertTrue(counts.modelVersions().getOrDefault("gender", List.of()).contains(version),
            "the stream never scored with the promoted gender model " + promotedGender + ": "
                + counts.modelVersions());
      }
    }

    /** Every promotion of the run (the first training, the retrain) told by one {@code ModelPromoted} Event. */
    private void checkPromotionEvents() {
      List<String> messages = client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
          .filter(e -> PromotionEvents.REASON.equals(e.getReason())
              && name().equals(e.getInvolvedObject().getName()))
          .map(Event::getMessage).toList();
      Map<String, Integer> counts = PromotionEvents.count(messages);
      summary.figure("model_promoted_events", counts);
      assertEquals(Map.of(), PromotionEvents.repeated(counts), "a promotion told by more than one "
          + PromotionEvents.REASON + " Event: " + counts);
      for (Target t : Target.values()) {
        assertTrue(counts.keySet().stream().anyMatch(k -> k.startsWith(t.id() + " v")), "no "
            + PromotionEvents.REASON + " Event for " + t.id() + ": " + counts);
      }
    }

    /**
     * Prometheus' view of the stream against the HDFS audit: each driver's counters at their last scrape (a driver
     * serves its final figures a little after its query stops), and the lag back to 0 once the producer stopped.
     * A replayed batch is counted by the driver that replays it and, only when that figure reached a scrape, by the
     * driver that ran it first: a driver that stops between publishing a batch and its next scrape (or between
     * publishing and counting) takes its count along. So the audited lines lie between the counters less the
     * replayed records and the counters, and equal the counters when nothing was replayed.
     */
    private void checkCountersAndLag(HdfsAudit.Counts counts) {
      if (prometheus == null) {
        return;
      }
      String last = "sum(max_over_time(%s[2h]))";
      double[] seen = new double[3];
      boolean matches = awaitTrue(Duration.ofMinutes(2), () -> {
        seen[0] = prometheus.value(String.format(last, StreamMetricNames.RECORDS_PREDICTED)).orElse(-1.0);
        seen[1] = prometheus.value(String.format(last, StreamMetricNames.RECORDS_QUARANTINED)).orElse(-1.0);
        seen[2] = prometheus.value(String.format(last, StreamMetricNames.RECORDS_REPLAYED)).orElse(0.0);
        double counted = seen[0] + seen[1];
        long audited = counts.predicted() + counts.quarantined();
        return counted - seen[2] <= audited && audited <= counted;
      });
      // What the metrics cost the stream's drivers, by their own count, beside the drivers' CPU (not a check).
      double metricsCpu = prometheus.value(String.format(last, MetricsEndpoint.CPU_SERIES + "{component=\"stream\"}"))
          .orElse(Double.NaN);
      double driverCpu = prometheus.value(String.format(last, "process_cpu_time_ns_total{component=\"stream\"}"))
          .orElse(Double.NaN) / 1e9;
      summary.check("predicted + quarantined counters match the HDFS audit", matches, String.format(
          java.util.Locale.ROOT, "predicted %.0f + quarantined %.0f, of which %.0f replayed, vs audited %d + %d;"
              + " the metrics took %.2f s of CPU, the drivers %.1f s",
          seen[0], seen[1], seen[2], counts.predicted(),
          counts.quarantined(), metricsCpu, driverCpu));
      double[] lag = {-1};
      boolean caughtUp = awaitTrue(Duration.ofMinutes(3), () -> {
        lag[0] = prometheus.value("sum(" + StreamMetricNames.CONSUMER_LAG + ")").orElse(-1.0);
        return lag[0] == 0;
      });
      summary.check("lag returns to 0 after the producer stops", caughtUp, "sum(weblog_stream_consumer_lag_records)"
          + " = " + lag[0]);
    }

    private void deletePipeline() {
      Instant t = Instant.now();
      String instance = "app.kubernetes.io/instance=" + name();
      client.resource(current()).inNamespace(NAMESPACE).delete();
      Cluster.await("the pipeline's children to be garbage-collected", Duration.ofMinutes(5),
          () -> client.apps().statefulSets().inNamespace(NAMESPACE).withLabelSelector(instance).list().getItems()
              .isEmpty() && cluster.pods(instance).isEmpty()
              && client.services().inNamespace(NAMESPACE)
                  .withLabelSelector(instance).list().getItems().isEmpty() ? Optional.of(true) : Optional.empty(),
          () -> cluster.pods(instance).size() + " pods left");
      int claims = client.persistentVolumeClaims().inNamespace(NAMESPACE).withLabelSelector(instance).list()
          .getItems().size();
      summary.fault("pipeline deleted", claims > 0, t, "children garbage-collected; " + claims
          + " HDFS volume claims kept (retention Retain)");
      // Only the pipeline's: the test Kafka's claim stays with its broker for the drift scenario.
      client.persistentVolumeClaims().inNamespace(NAMESPACE).withLabelSelector(instance).delete();
    }

    @Override
    public void awaitLines(long lines) {
      Cluster.await(lines + " lines in the topic", Duration.ofMinutes(10),
          () -> Optional.of(produced()).filter(n -> n >= lines), () -> produced() + " so far");
    }

    /** Records in the topic: the sum of its partitions' end offsets (the topic started empty). */
    @Override
    public long produced() {
      return kafka.lines(cluster);
    }

    private HdfsAudit.Counts audit() {
      return HdfsAudit.run(cluster, Images.sparkApps(pipeline.getSpec().getImages()), Endpoints.hdfsUri(pipeline),
          pipeline.getSpec().getHdfs().getBase(), hdfsClientLabels("audit"), ++audits);
    }

    @Override
    public int activeDrivers(String component) {
      return (int) cluster.pods(driverSelector(component)).stream()
          .filter(p -> "Pending".equals(p.getStatus().getPhase()) || "Running".equals(p.getStatus().getPhase()))
          .count();
    }

    @Override
    public String driverSelector(String component) {
      return ObjectMetas.selector(pipeline, SparkAppBuilder.APP, component).entrySet().stream()
          .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(",")) + ",spark-role=driver";
    }

    @Override
    public String instanceSelector() {
      return "app.kubernetes.io/instance=" + name();
    }

    @Override
    public String operatorSelector() {
      return "app.kubernetes.io/instance=" + RELEASE + ",app.kubernetes.io/component=operator";
    }

    private String name() {
      return pipeline.getMetadata().getName();
    }

    @Override
    public WebLogPipeline current() {
      return watched.current();
    }

    @Override
    public void editSpec(Consumer<WebLogPipelineSpec> change) {
      watched.editSpec(change);
    }

    @Override
    public String progress() {
      return watched.progress();
    }
  }

  /** Polls every 5 s until {@code condition} holds; false at the timeout. */
  static boolean awaitTrue(Duration timeout, java.util.function.BooleanSupplier condition) {
    Instant end = Instant.now().plus(timeout);
    while (true) {
      try {
        if (condition.getAsBoolean()) {
          return true;
        }
      } catch (RuntimeException e) {
        System.out.println("e2e: not yet: " + e.getMessage());
      }
      if (Instant.now().isAfter(end)) {
        return false;
      }
      Cluster.sleep(Duration.ofSeconds(5));
    }
  }

  private static String runKey(WebLogPipeline p, String stage) {
    StageStatus s = p.getStatus().getStages().get(stage);
    return s == null ? "" : String.valueOf(s.getRunKey());
  }

  /** The stage ran for a new spec and finished: succeeded, or refused by the quality gate. */
  private static boolean trainedAgain(WebLogPipeline p, String stage, Map<String, String> runKeysBefore) {
    StageStatus s = p.getStatus().getStages().get(stage);
    return s != null && s.getRunKey() != null && !s.getRunKey().equals(runKeysBefore.get(stage))
        && (s.getRunKey().equals(s.getCompletedRunKey()) || "Refused".equals(s.getState()));
  }

  static boolean conditionTrue(WebLogPipeline p, String type) {
    return p != null && p.getStatus() != null && p.getStatus().getConditions() != null
        && p.getStatus().getConditions().stream()
            .anyMatch(c -> type.equals(c.getType()) && c.getStatus() == ConditionStatus.TRUE
                && c.getObservedGeneration() != null
                && c.getObservedGeneration().equals(p.getMetadata().getGeneration()));
  }
}
