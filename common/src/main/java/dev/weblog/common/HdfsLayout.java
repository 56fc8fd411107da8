package dev.weblog.common;

import java.util.Objects;

/**
 * Where everything lives on HDFS, under one base directory. The only place that knows these paths: jobs, the
 * local runner and the operator all ask this class.
 */
public final class HdfsLayout {

  public static final String DEFAULT_BASE = "/user/data/ec_web_logs";
  public static final String CURRENT_POINTER = "CURRENT";
  public static final String METRICS_FILE = "metrics.json";
  /** What a version was trained on, for drift monitoring ({@code dev.weblog.common.monitor.ProfileJson}). */
  public static final String PROFILE_FILE = "profile.json";
  /** The base belongs to the jobs' user; this mode keeps everyone else out of the whole tree. */
  public static final String BASE_MODE = "750";

  private final String base;

  public HdfsLayout(String base) {
    Objects.requireNonNull(base, "base");
    String trimmed = base.endsWith("/") && base.length() > 1 ? base.substring(0, base.length() - 1) : base;
    if (!trimmed.startsWith("/")) {
      throw new IllegalArgumentException("HDFS base must be an absolute path, got '" + base + "'");
    }
    this.base = trimmed;
  }

  public static HdfsLayout defaults() {
    return new HdfsLayout(DEFAULT_BASE);
  }

  public String base() {
    return base;
  }

  /** History CSV files as uploaded. */
  public String raw() {
    return base + "/raw";
  }

  /** Validated history as Parquet, partitioned by date. */
  public String data() {
    return base + "/data";
  }

  /** Rejected lines with their reason; one folder per source. */
  public String quarantine() {
    return base + "/quarantine";
  }

  public String historyQuarantine() {
    return quarantine() + "/history";
  }

  public String streamQuarantine() {
    return quarantine() + "/stream";
  }

  public String models() {
    return base + "/models";
  }

  public String models(Target target) {
    return models() + "/" + target.id();
  }

  /** A model version folder: {@code models/<target>/v<N>}. */
  public String modelVersion(Target target, int version) {
    if (version < 1) {
      throw new IllegalArgumentException("model versions start at 1, got " + version);
    }
    return models(target) + "/" + versionName(version);
  }

  public String metrics(Target target, int version) {
    return modelVersion(target, version) + "/" + METRICS_FILE;
  }

  /** The training profile of a version, beside its metrics: {@code models/<target>/v<N>/profile.json}. */
  public String profile(Target target, int version) {
    return modelVersion(target, version) + "/" + PROFILE_FILE;
  }

  /** A small file holding the promoted version's name, e.g. {@code v3}. */
  public String current(Target target) {
    return models(target) + "/" + CURRENT_POINTER;
  }

  public String stream() {
    return base + "/stream";
  }

  /** Valid live lines as received, archived before scoring. */
  public String streamRaw() {
    return stream() + "/raw";
  }

  public String streamPredictions() {
    return stream() + "/predictions";
  }

  /** One small record per committed micro-batch (batch id, commit time, counts): the stream's own log. */
  public String streamBatches() {
    return stream() + "/batches";
  }

  /**
   * Drift monitoring: one row per committed micro-batch and target (accuracy, class shift, each feature's PSI and
   * unseen share against the serving version's training profile, the drift streak), in {@code batch_id=<N>/}
   * folders committed with the batch, exactly once.
   */
  public String streamMonitor() {
    return stream() + "/monitor";
  }

  /**
   * Where a micro-batch's tasks write their files before the driver commits them by rename into the outputs'
   * {@code batch_id=<N>/} folders; outside every output, so no reader ever sees an uncommitted file.
   */
  public String streamStaging() {
    return stream() + "/_staging";
  }

  /** The real-time path's own files: the compiled models its executors read. */
  public String realtime() {
    return base + "/realtime";
  }

  /**
   * A model version compiled for one record at a time, as the real-time job's driver wrote it for its executors
   * (which have no Spark session to load a PipelineModel with): {@code realtime/scorers/<target>-v<N>.ser}.
   */
  public String realtimeScorer(Target target, int version) {
    return realtime() + "/scorers/" + target.id() + "-" + versionName(version) + ".ser";
  }

  public String checkpoints() {
    return base + "/checkpoints";
  }

  public String checkpoint(String query) {
    return checkpoints() + "/" + query;
  }

  public static String versionName(int version) {
    return "v" + version;
  }

  /** Parses {@code v<N>}; -1 when the name is not a version folder. */
  public static int parseVersion(String name) {
    if (name == null || name.length() < 2 || name.charAt(0) != 'v') {
      return -1;
    }
    try {
      int v = Integer.parseInt(name.substring(1).trim());
      return v >= 1 ? v : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  @Override
  public String toString() {
    return base;
  }
}
