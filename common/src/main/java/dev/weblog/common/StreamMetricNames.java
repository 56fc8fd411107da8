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

  /**
   * Drift monitoring, one series per target (label {@link #TARGET}), from the last micro-batch judged (one with at
   * least the drift rule's least lines); a target whose model version has no training profile has none.
   * {@link #DRIFT_PSI} and {@link #DRIFT_UNSEEN_SHARE} also carry {@link #FEATURE}.
   */
  public static final String DRIFT_PSI = "weblog_stream_drift_psi";
  /** The share of the batch's lines whose value of the feature training never saw. */
  public static final String DRIFT_UNSEEN_SHARE = "weblog_stream_drift_unseen_share";
  /** Total variation distance of the predicted class shares from training's class shares. */
  public static final String DRIFT_CLASS_SHIFT = "weblog_stream_drift_class_shift";
  /** Bad batches in a row (see the drift rule); drift is detected at the rule's batches. */
  public static final String DRIFT_STREAK = "weblog_stream_drift_streak_batches";
  /** 1 while drift is detected, else 0. */
  public static final String DRIFT_DETECTED = "weblog_stream_drift_detected";
  /** When the bad streak began (its first batch's processing time), epoch seconds; 0 without a streak. */
  public static final String DRIFT_SINCE = "weblog_stream_drift_since_timestamp_seconds";
  /** Times drift turned detected (a counter: a new streak after a good batch counts again). */
  public static final String DRIFT_DETECTIONS = "weblog_stream_drift_detections_total";
  /**
   * The accuracy live accuracy is judged against: the serving version's on the recent lines held back when it was
   * trained with them, else on its test split; NaN unknown.
   */
  public static final String MODEL_TEST_ACCURACY = "weblog_stream_model_test_accuracy";

  public static final String REASON = "reason";
  public static final String FEATURE = "feature";
  public static final String TOPIC = "topic";
  public static final String PARTITION = "partition";
  public static final String TARGET = "target";
  public static final String LE = "le";

  private StreamMetricNames() {}
}
