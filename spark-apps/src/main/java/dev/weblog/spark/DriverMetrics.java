package dev.weblog.spark;

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
 * A driver's Prometheus endpoint and the registry its job records into, with the driver JVM's own figures beside
 * the job's; or, without a port, a registry that records nothing, so a job counts the same way either way.
 */
public final class DriverMetrics implements AutoCloseable {

  private final MeterRegistry registry;
  private final MetricsServer server;

  private DriverMetrics(MeterRegistry registry, MetricsServer server) {
    this.registry = registry;
    this.server = server;
  }

  /** Serves on {@code port} (0: a free one) from now on; empty: no endpoint. A port in use is a JobFailure. */
  public static DriverMetrics start(OptionalInt port) {
    if (port.isEmpty()) {
      return off();
    }
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    try {
      return new DriverMetrics(registry, MetricsServer.start(port.getAsInt(), registry::scrape));
    } catch (UncheckedIOException e) {
      registry.close();
      throw new JobFailure(e.getMessage(), e);
    }
  }

  /** No endpoint; meters registered here are no-ops (a composite with no registry behind it). */
  public static DriverMetrics off() {
    return new DriverMetrics(new CompositeMeterRegistry(), null);
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
