package dev.weblog.spark.stream;

import dev.weblog.spark.MetricsServer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Optional;
import java.util.OptionalInt;

/** The stream's metrics and the endpoint that serves them, or neither when the stream runs without metrics. */
final class StreamTelemetry implements AutoCloseable {

  private final StreamMetrics metrics;
  private final MetricsServer server;

  private StreamTelemetry(StreamMetrics metrics, MetricsServer server) {
    this.metrics = metrics;
    this.server = server;
  }

  /** Serves on {@code port} (0: a free one); empty: no metrics at all. A port in use fails here, before Kafka. */
  static StreamTelemetry start(OptionalInt port) {
    if (port.isEmpty()) {
      return new StreamTelemetry(null, null);
    }
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // The driver JVM's own figures beside the stream's, for the same scrape.
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    StreamMetrics metrics = new StreamMetrics(registry);
    return new StreamTelemetry(metrics, MetricsServer.start(port.getAsInt(), registry));
  }

  /** Null without metrics. */
  StreamMetrics metrics() {
    return metrics;
  }

  Optional<String> url() {
    return server == null ? Optional.empty() : Optional.of(server.url());
  }

  @Override
  public void close() {
    if (metrics != null) {
      metrics.close();
    }
    if (server != null) {
      server.close();
    }
  }
}
