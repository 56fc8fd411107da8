package dev.weblog.common;

/**
 * The real-time driver's Prometheus series that something outside the driver reads: the operator and the alert
 * rules. The driver registers them (spark-apps {@code RealtimeMetrics}, whose job test holds every name here to its
 * endpoint) from the events it reads back from its own output topics. Names as exposed, after Micrometer's
 * Prometheus naming ({@code _total} on counters, the base unit on gauges).
 */
public final class RealtimeMetricNames {

  /** Label {@link #KIND}: events seen on the output topics since this driver started. */
  public static final String EVENTS = "weblog_realtime_events_total";
  /**
   * A histogram: its {@code _bucket} series carry {@link #LE}. The input record's Kafka timestamp to the event's own
   * Kafka timestamp in its output topic; an event whose line had no timestamp is not in it.
   */
  public static final String LATENCY = "weblog_realtime_latency_seconds";
  /**
   * Label {@link #PARTITION} (of the input topic): its end offset minus the newest input offset seen in an event,
   * plus one. A partition appears once an event of it was seen since this driver started.
   */
  public static final String LAG = "weblog_realtime_lag_records";
  /** When the driver last saw an event, in seconds since the epoch; 0 before the first. */
  public static final String LAST_EVENT = "weblog_realtime_last_event_timestamp_seconds";
  /** Label {@link #TARGET}: the version the driver publishes to the executors. */
  public static final String MODEL_VERSION = "weblog_realtime_model_version";

  public static final String KIND = "kind";
  /** {@link #KIND} of an event on the predictions topic. */
  public static final String PREDICTION = "prediction";
  /** {@link #KIND} of an event on the quarantine topic. */
  public static final String QUARANTINE = "quarantine";
  public static final String PARTITION = "partition";
  public static final String TARGET = "target";
  public static final String LE = "le";

  private RealtimeMetricNames() {}
}
