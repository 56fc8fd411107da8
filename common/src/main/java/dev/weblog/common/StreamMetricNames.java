package dev.weblog.common;

/**
 * The stream driver's Prometheus series that something outside the driver reads: the operator's
 * {@code status.stream} and the alert rules. The driver registers them (spark-apps {@code StreamMetrics}, whose
 * test holds every name here to its endpoint); the operator parses them. Names as exposed, after Micrometer's
 * Prometheus naming ({@code _total} on counters, the base unit on gauges and timers).
 */
public final class StreamMetricNames {

  public static final String RECORDS_READ = "weblog_stream_records_read_total";
  public static final String RECORDS_PREDICTED = "weblog_stream_records_predicted_total";
  /** Label {@link #REASON}. */
  public static final String RECORDS_QUARANTINED = "weblog_stream_records_quarantined_total";
  /**
   * Records of micro-batches run again after a restart, already counted by the driver before it (when its last
   * figures were scraped): subtract them when adding up drivers.
   */
  public static final String RECORDS_REPLAYED = "weblog_stream_records_replayed_total";
  /** Labels {@link #TOPIC} and {@link #PARTITION}. */
  public static final String CONSUMER_LAG = "weblog_stream_consumer_lag_records";
  public static final String LAST_COMMIT = "weblog_stream_last_commit_timestamp_seconds";
  /**
   * When the query last showed it reads its source: a committed micro-batch, or Spark's idle report (no new
   * records in the topic). 0 until the first: the query has not reached Kafka yet.
   */
  public static final String LAST_PROGRESS = "weblog_stream_last_progress_timestamp_seconds";
  /** A histogram: its {@code _bucket} series carry {@link #LE}. */
  public static final String LATENCY = "weblog_stream_latency_seconds";
  /** Label {@link #TARGET}; NaN before the first labelled line. */
  public static final String LIVE_ACCURACY = "weblog_stream_live_accuracy";
  /** Label {@link #TARGET}. */
  public static final String MODEL_VERSION = "weblog_stream_model_version";

  public static final String REASON = "reason";
  public static final String TOPIC = "topic";
  public static final String PARTITION = "partition";
  public static final String TARGET = "target";
  public static final String LE = "le";

  private StreamMetricNames() {}
}
