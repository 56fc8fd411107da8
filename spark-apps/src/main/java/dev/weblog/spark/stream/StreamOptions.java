package dev.weblog.spark.stream;

import dev.weblog.common.JobContract;
import dev.weblog.common.monitor.DriftRule;
import dev.weblog.spark.JobFailure;
import dev.weblog.spark.KafkaSourceOptions;
import dev.weblog.spark.StagedDirectory;
import dev.weblog.spark.StorageOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.streaming.Trigger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** Options of the streaming job; {@link #parse} gives the same object to callers that start it in-process. */
@Command(name = "StreamJob", mixinStandardHelpOptions = true,
    description = "Scores web-log lines from Kafka with the CURRENT age_group and gender models, exactly once, "
        + "into stream/predictions/ (rejected lines into quarantine/stream/).")
public final class StreamOptions {

  @Mixin
  StorageOptions storage = new StorageOptions();

  @Mixin
  KafkaSourceOptions kafka = new KafkaSourceOptions();

  @Option(names = JobContract.OPT_TRIGGER, paramLabel = "INTERVAL", defaultValue = JobContract.DEFAULT_TRIGGER,
      description = "Micro-batch interval, e.g. '500 milliseconds' (default: ${DEFAULT-VALUE})")
  String trigger = JobContract.DEFAULT_TRIGGER;

  @Option(names = JobContract.OPT_MAX_OFFSETS, paramLabel = "N", defaultValue = "" + JobContract.DEFAULT_MAX_OFFSETS,
      description = "Most records per micro-batch over all partitions (default: ${DEFAULT-VALUE})")
  Long maxOffsetsPerTrigger = JobContract.DEFAULT_MAX_OFFSETS;

  @Option(names = "--min-partitions", paramLabel = "N", defaultValue = "0",
      description = "Fewest parts Spark's Kafka source plans a micro-batch's partitions in; the batch's tasks, one "
          + "per core, read equal shares of the planned offsets whatever the parts (default: 0, as many parts for "
          + "every core)")
  int minPartitions = 0;

  @Option(names = "--query-name", defaultValue = "predict",
      description = "Name of the query and of its checkpoint folder checkpoints/<name> (default: ${DEFAULT-VALUE})")
  String queryName = "predict";

  @Option(names = JobContract.OPT_STOP_TIMEOUT, paramLabel = "SECONDS",
      defaultValue = "" + JobContract.DEFAULT_STOP_TIMEOUT_SECONDS,
      description = "On SIGTERM, how long the running micro-batch may take to finish (default: ${DEFAULT-VALUE})")
  int stopTimeoutSeconds = JobContract.DEFAULT_STOP_TIMEOUT_SECONDS;

  @Option(names = JobContract.OPT_METRICS_PORT, paramLabel = "PORT", defaultValue = "0",
      description = "Port of the Prometheus endpoint " + JobContract.METRICS_PATH + " (default: 0, a free port, "
          + "logged at start)")
  int metricsPort = 0;

  @Option(names = "--no-metrics", description = "No metrics endpoint, and no counting for it in the tasks")
  boolean noMetrics;

  @Option(names = JobContract.OPT_METRICS_LINGER, paramLabel = "SECONDS", defaultValue = "0",
      description = "After the query stopped, how long the endpoint keeps serving the final figures for a last "
          + "scrape (default: ${DEFAULT-VALUE})")
  int metricsLingerSeconds = 0;

  @Option(names = JobContract.OPT_NO_DRIFT_MONITORING,
      description = "No drift monitoring: no counting against the training profiles, no stream/monitor/ rows")
  boolean noDriftMonitoring;

  @Option(names = JobContract.OPT_DRIFT_PSI, paramLabel = "PSI",
      description = "A batch is bad when a feature's PSI against training reaches this (default: 0.2)")
  double driftPsi = DriftRule.DEFAULTS.psiThreshold();

  @Option(names = JobContract.OPT_DRIFT_ACCURACY_DROP, paramLabel = "SHARE",
      description = "A batch is bad when live accuracy is more than this below the model's baseline: its accuracy on "
          + "the recent lines held back when it was trained with them, else on its test split (default: 0.05)")
  double driftAccuracyDrop = DriftRule.DEFAULTS.accuracyDrop();

  @Option(names = JobContract.OPT_DRIFT_BATCHES, paramLabel = "N",
      description = "Bad batches in a row that are drift (default: 3)")
  int driftBatches = DriftRule.DEFAULTS.batches();

  @Option(names = JobContract.OPT_DRIFT_MIN_LINES, paramLabel = "N",
      description = "Lines judged for drift at a time; smaller batches are pooled with the next (default: 1000)")
  long driftMinLines = DriftRule.DEFAULTS.minLines();

  @Option(names = JobContract.OPT_DRIFT_MIN_LABELLED, paramLabel = "N",
      description = "Fewest labelled lines among them for accuracy to be judged (default: 200)")
  long driftMinLabelled = DriftRule.DEFAULTS.minLabelled();

  /** Options from a command line, as main would see them; a bad one is a {@link JobFailure}. */
  public static StreamOptions parse(List<String> args) {
    StreamOptions options = new StreamOptions();
    try {
      new CommandLine(options).parseArgs(args.toArray(String[]::new));
    } catch (CommandLine.ParameterException e) {
      throw new JobFailure("StreamJob options: " + e.getMessage(), e);
    }
    options.validate();
    return options;
  }

  /** Checks what picocli's types cannot, so a bad value fails before anything starts. */
  void validate() {
    trigger();
    if (maxOffsetsPerTrigger != null && maxOffsetsPerTrigger < 1) {
      throw new JobFailure(JobContract.OPT_MAX_OFFSETS + " must be at least 1, got " + maxOffsetsPerTrigger);
    }
    kafka.validate();
    KafkaSourceOptions.requireQueryName(queryName);
    if (minPartitions < 0) {
      throw new JobFailure("--min-partitions must be 0 (as many tasks per core) or more, got " + minPartitions);
    }
    if (metricsPort < 0 || metricsPort > 65535) {
      throw new JobFailure(JobContract.OPT_METRICS_PORT + " must be a port 0..65535 (0: a free one), got "
          + metricsPort);
    }
    if (metricsLingerSeconds < 0 || metricsLingerSeconds > 300) {
      throw new JobFailure(JobContract.OPT_METRICS_LINGER + " must be 0..300 seconds, got " + metricsLingerSeconds);
    }
    if (stopTimeoutSeconds < 1) {
      throw new JobFailure(JobContract.OPT_STOP_TIMEOUT + " must be at least 1 second, got " + stopTimeoutSeconds);
    }
    driftRule();
    storage.layout();
  }

  /** Whether the stream monitors its models for drift ({@code stream/monitor/}, the drift series). */
  public boolean driftMonitoring() {
    return !noDriftMonitoring;
  }

  /** When a batch is bad and how long that must last to be drift, from the drift options. */
  public DriftRule driftRule() {
    try {
      return new DriftRule(driftPsi, driftAccuracyDrop, driftBatches, driftMinLines, driftMinLabelled);
    } catch (IllegalArgumentException e) {
      throw new JobFailure("drift options (" + JobContract.OPT_DRIFT_PSI + ", " + JobContract.OPT_DRIFT_ACCURACY_DROP
          + ", " + JobContract.OPT_DRIFT_BATCHES + ", " + JobContract.OPT_DRIFT_MIN_LINES + ", "
          + JobContract.OPT_DRIFT_MIN_LABELLED + "): " + e.getMessage(), e);
    }
  }

  public Trigger trigger() {
    try {
      return Trigger.ProcessingTime(trigger);
    } catch (RuntimeException e) {
      throw new JobFailure(JobContract.OPT_TRIGGER + " '" + trigger + "' is not an interval such as '1 second' or "
          + "'500 milliseconds': " + StagedDirectory.oneLine(e), e);
    }
  }

  /** The metrics endpoint's port, 0 for a free one; empty when the stream runs without metrics. */
  public java.util.OptionalInt metricsPort() {
    return noMetrics ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(metricsPort);
  }

  public StorageOptions storage() {
    return storage;
  }

  public String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  public String topic() {
    return kafka.topic();
  }

  public String queryName() {
    return queryName;
  }

  public String startingOffsets() {
    return kafka.startingOffsets();
  }

  public Long maxOffsetsPerTrigger() {
    return maxOffsetsPerTrigger;
  }

  /** Fewest tasks per micro-batch, 0 for as many per core (see {@link StreamTasks}). */
  public int minPartitions() {
    return minPartitions;
  }

  /** Kafka client settings without the {@code kafka.} prefix Spark wants. */
  public Map<String, String> kafkaOptions() {
    return kafka.kafkaSettings();
  }

  public Duration kafkaTimeout() {
    return kafka.kafkaTimeout();
  }

  public Duration stopTimeout() {
    return Duration.ofSeconds(stopTimeoutSeconds);
  }

  public Duration metricsLinger() {
    return Duration.ofSeconds(noMetrics ? 0 : metricsLingerSeconds);
  }
}
