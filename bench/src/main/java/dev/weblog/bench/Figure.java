package dev.weblog.bench;

/** What a run measures, with the direction that counts as better, so every ratio reads "above 1 is better". */
public enum Figure {
  ROWS_PER_S("rows_per_s", "rows/s", true),
  SECONDS("seconds", "s", false),
  ACCURACY("accuracy", "accuracy", true),
  RECORDS_PER_S("records_per_s", "records/s", true),
  /** Mebibytes (2^20 bytes) of record values per second, as Kafka's ProducerPerformance counts its "MB". */
  MB_PER_S("mb_per_s", "MB/s", true),
  /** The highest resident set size of a process (VmHWM), in mebibytes. */
  PEAK_RSS_MB("peak_rss_mb", "peak MB", false),
  /** Records over the busy time only: from the first batch's (or poll's) start to the last commit. */
  BUSY_RECORDS_PER_S("records_per_s_busy", "busy rec/s", true),
  /** Kafka timestamp to the commit of the record's batch or file, in milliseconds: percentiles over records. */
  LATENCY_P50_MS("latency_p50_ms", "p50 ms", false),
  LATENCY_P95_MS("latency_p95_ms", "p95 ms", false),
  LATENCY_P99_MS("latency_p99_ms", "p99 ms", false),
  /**
   * CPU time of the whole bench process (every thread: Spark, the embedded Kafka and HDFS, a scraper) per record
   * over a run, in microseconds: what a variant costs the machine, steadier than wall time on a busy one.
   */
  CPU_US_PER_RECORD("cpu_us_per_record", "CPU µs/rec", false),
  /**
   * The stream's own count of the CPU its metrics took ({@code weblog_metrics_cpu_seconds_total}: the tasks'
   * counting, the recording, the scrapes) as a percentage of the process's CPU over the same run.
   */
  METRICS_CPU_PERCENT("metrics_cpu_percent", "metrics CPU %", false),
  /**
   * The JIT compiler threads' CPU as a percentage of the process's over a run ({@link CompilerCpu}): time the run
   * spent compiling the code it runs rather than running it.
   */
  JIT_CPU_PERCENT("jit_cpu_percent", "JIT CPU %", false),
  /** Events the real-time job beside a stream's drain had written when the drain (and the stream's stop) ended. */
  REALTIME_EVENTS("realtime_events", "rt events", true);

  private final String key;
  private final String label;
  private final boolean higherIsBetter;

  Figure(String key, String label, boolean higherIsBetter) {
    this.key = key;
    this.label = label;
    this.higherIsBetter = higherIsBetter;
  }

  /** The JSON key. */
  public String key() {
    return key;
  }

  /** The table's unit column. */
  public String label() {
    return label;
  }

  public boolean higherIsBetter() {
    return higherIsBetter;
  }
}
