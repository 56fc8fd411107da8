package dev.weblog.spark.realtime;

import dev.weblog.common.MetricsEndpoint;
import dev.weblog.spark.JobFailure;
import dev.weblog.spark.StagedDirectory;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The real-time driver's endpoint, its metrics and the reader of its events ({@link EventTail}), or none of them
 * when the job runs without {@code --metrics-port}.
 */
final class RealtimeTelemetry implements AutoCloseable {

  private static final Logger LOG = LogManager.getLogger(RealtimeTelemetry.class);

  private final MetricsEndpoint endpoint;
  private final EventTail tail;
  private final AtomicBoolean closed = new AtomicBoolean();

  private RealtimeTelemetry(MetricsEndpoint endpoint, EventTail tail) {
    this.endpoint = endpoint;
    this.tail = tail;
  }

  static RealtimeTelemetry off() {
    return new RealtimeTelemetry(null, null);
  }

  /**
   * Serves on the port asked for, if any (a port in use is a {@link JobFailure}), and starts reading the events
   * from the output topics' current ends. A reader that cannot start leaves the endpoint up without event figures.
   *
   * @param outputPartitions partitions of the predictions and the quarantine topic, by topic
   */
  static RealtimeTelemetry start(RealtimeOptions options, ScorerPublisher publisher, int inputPartitions,
      Map<String, Integer> outputPartitions) {
    if (options.metricsPort().isEmpty()) {
      return off();
    }
    MetricsEndpoint endpoint = MetricsEndpoint.start(options.metricsPort(), JobFailure::new);
    RealtimeMetrics metrics = new RealtimeMetrics(endpoint.registry(), publisher::published);
    EventTail tail = null;
    try {
      tail = new EventTail(options.bootstrapServers(), options.kafkaOptions(), outputPartitions, options.topic(),
          inputPartitions, options.predictionsTopic(), metrics, options.kafkaTimeout());
    } catch (RuntimeException e) {
      LOG.warn("the real-time metrics will show no events: cannot read the output topics ({})",
          StagedDirectory.oneLine(e));
    }
    return new RealtimeTelemetry(endpoint, tail);
  }

  /** Where the endpoint answers on this machine; empty without one. */
  Optional<String> url() {
    return endpoint == null ? Optional.empty() : endpoint.url();
  }

  /** Stops the reader, then the endpoint; once, however often called. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (tail != null) {
      tail.close();
    }
    if (endpoint != null) {
      endpoint.close();
    }
  }
}
