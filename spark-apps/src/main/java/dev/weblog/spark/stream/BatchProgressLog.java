package dev.weblog.spark.stream;

import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

/**
 * One log line per micro-batch of one query with Spark's own figures: where the trigger's time went (offsets,
 * planning, the batch's write, the write-ahead and commit logs), so the cost Spark adds around the batch's job is
 * visible in the driver's log without a UI. Each progress also gives the stream's metrics the consumer lag.
 */
final class BatchProgressLog extends StreamingQueryListener {

  private static final Logger LOG = LogManager.getLogger(BatchProgressLog.class);

  private final UUID queryId;
  private final StreamMetrics metrics;

  /** {@code metrics} may be null: no metrics. */
  BatchProgressLog(UUID queryId, StreamMetrics metrics) {
    this.queryId = queryId;
    this.metrics = metrics;
  }

  @Override
  public void onQueryProgress(QueryProgressEvent event) {
    StreamingQueryProgress p = event.progress();
    if (p.id().equals(queryId) && metrics != null) {
      metrics.progress(p);
    }
    if (p.id().equals(queryId) && p.numInputRows() > 0) {
      LOG.info("micro-batch {} progress: {} rows, {} ms in all: {}", p.batchId(), p.numInputRows(),
          p.durationMs().get("triggerExecution"), line(p.durationMs()));
    }
  }

  /** Spark's phases in a fixed order, e.g. {@code addBatch 812, commitOffsets 21, ...}. */
  static String line(Map<String, Long> durations) {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, Long> e : new TreeMap<>(durations).entrySet()) {
      if (!e.getKey().equals("triggerExecution")) {
        out.append(out.isEmpty() ? "" : ", ").append(e.getKey()).append(' ').append(e.getValue());
      }
    }
    return out.toString();
  }

  @Override
  public void onQueryStarted(QueryStartedEvent event) {}

  @Override
  public void onQueryIdle(QueryIdleEvent event) {
    if (event.id().equals(queryId) && metrics != null) {
      metrics.idle(System.currentTimeMillis());
    }
  }

  @Override
  public void onQueryTerminated(QueryTerminatedEvent event) {}
}
