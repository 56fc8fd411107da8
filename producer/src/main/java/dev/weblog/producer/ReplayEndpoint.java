package dev.weblog.producer;

import dev.weblog.common.MetricsServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The replay's Prometheus endpoint (common's {@link MetricsServer}, as the Spark drivers') and the registry the
 * replay records into, with the JVM's own figures; without a port, a registry that records nothing.
 */
public final class ReplayEndpoint implements AutoCloseable {

  private final MeterRegistry registry;
  private final MetricsServer server;

  private ReplayEndpoint(MeterRegistry registry, MetricsServer server) {
    this.registry = registry;
    this.server = server;
  }

  /** Serves on {@code port} (0: a free one) from now on; empty: no endpoint. A port in use is a usage error. */
  public static ReplayEndpoint start(OptionalInt port) {
    if (port.isEmpty()) {
      return new ReplayEndpoint(new CompositeMeterRegistry(), null);
    }
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    try {
      return new ReplayEndpoint(registry, MetricsServer.start(port.getAsInt(), registry::scrape));
    } catch (UncheckedIOException e) {
      registry.close();
      throw ReplayException.usage(e.getMessage());
    }
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** Where the endpoint answers on this machine; empty without one. */
  public Optional<String> url() {
    return server == null ? Optional.empty() : Optional.of(server.url());
  }

  @Override
  public void close() {
    if (server != null) {
      server.close();
    }
    registry.close();
  }
}
