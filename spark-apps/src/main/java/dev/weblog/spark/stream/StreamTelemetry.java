package dev.weblog.spark.stream;

import dev.weblog.common.MetricsEndpoint;
import dev.weblog.spark.JobFailure;
import java.util.Optional;
import java.util.OptionalInt;

/** The stream's metrics and the endpoint that serves them, or neither when the stream runs without metrics. */
final class StreamTelemetry implements AutoCloseable {

  private final StreamMetrics metrics;
  private final MetricsEndpoint server;
  private boolean closed;

  private StreamTelemetry(StreamMetrics metrics, MetricsEndpoint server) {
    this.metrics = metrics;
    this.server = server;
  }

  /** Serves on {@code port} (0: a free one); empty: no metrics at all. A port in use fails here, before Kafka. */
  static StreamTelemetry start(OptionalInt port) {
    if (port.isEmpty()) {
      return new StreamTelemetry(null, null);
    }
    MetricsEndpoint server = MetricsEndpoint.start(port, JobFailure::new);
    return new StreamTelemetry(new StreamMetrics(server.registry()), server);
  }

  /** Null without metrics. */
  StreamMetrics metrics() {
    return metrics;
  }

  Optional<String> url() {
    return server == null ? Optional.empty() : server.url();
  }

  /**
   * Closes once the figures of every committed batch are recorded and served for {@code linger} more. A second
   * caller (the stop's and the query's end both close) waits for the first, so no one sees the endpoint gone early.
   */
  synchronized void closeAfter(java.time.Duration linger) {
    if (closed) {
      return;
    }
    if (metrics != null && !linger.isZero()) {
      metrics.flush();
      try {
        Thread.sleep(linger.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    close();
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (metrics != null) {
      metrics.close();
    }
    if (server != null) {
      server.close();
    }
  }
}
