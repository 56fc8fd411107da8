package dev.weblog.spark.realtime;

import dev.weblog.common.JobContract;
import dev.weblog.spark.JobFailure;
import dev.weblog.spark.MetricsPortOption;
import dev.weblog.spark.KafkaSourceOptions;
import dev.weblog.spark.StagedDirectory;
import dev.weblog.spark.StorageOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.apache.spark.sql.streaming.Trigger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options of the real-time scoring job; {@link #parse} gives the same object to callers that start it in-process. */
@Command(name = "RealtimeJob", mixinStandardHelpOptions = true,
    description = "Scores web-log lines from Kafka with the CURRENT age_group and gender models in Spark's "
        + "real-time mode, one JSON event per line to the predictions topic (rejected lines to the quarantine "
        + "topic), at least once; the micro-batch StreamJob stays the exactly-once record in HDFS.")
public final class RealtimeOptions {

  @Mixin
  StorageOptions storage = new StorageOptions();

  @Mixin
  KafkaSourceOptions kafka = new KafkaSourceOptions();

  @Mixin
  MetricsPortOption metrics = new MetricsPortOption();

  @Option(names = JobContract.OPT_PREDICTIONS_TOPIC, defaultValue = JobContract.DEFAULT_PREDICTIONS_TOPIC,
      description = "Topic of the prediction events, which must exist (default: ${DEFAULT-VALUE})")
  String predictionsTopic = JobContract.DEFAULT_PREDICTIONS_TOPIC;

  @Option(names = JobContract.OPT_QUARANTINE_TOPIC, defaultValue = JobContract.DEFAULT_QUARANTINE_TOPIC,
      description = "Topic of the rejected lines' events, which must exist (default: ${DEFAULT-VALUE})")
  String quarantineTopic = JobContract.DEFAULT_QUARANTINE_TOPIC;

  @Option(names = JobContract.OPT_CHECKPOINT_INTERVAL, paramLabel = "INTERVAL",
      defaultValue = JobContract.DEFAULT_CHECKPOINT_INTERVAL,
      description = "How often the offsets are checkpointed (Spark's real-time batch duration); a restarted "
          + "driver repeats at most this much of the events (default: ${DEFAULT-VALUE})")
  String checkpointInterval = JobContract.DEFAULT_CHECKPOINT_INTERVAL;

  @Option(names = JobContract.OPT_MODEL_REFRESH, paramLabel = "SECONDS",
      defaultValue = "" + JobContract.DEFAULT_MODEL_REFRESH_SECONDS,
      description = "A promoted model scores within this long, without a restart (default: ${DEFAULT-VALUE})")
  int modelRefreshSeconds = JobContract.DEFAULT_MODEL_REFRESH_SECONDS;

  @Option(names = "--query-name", defaultValue = "realtime",
      description = "Name of the query and of its checkpoint folder checkpoints/<name> (default: ${DEFAULT-VALUE})")
  String queryName = "realtime";

  /** Options from a command line, as main would see them; a bad one is a {@link JobFailure}. */
  public static RealtimeOptions parse(List<String> args) {
    RealtimeOptions options = new RealtimeOptions();
    try {
      new CommandLine(options).parseArgs(args.toArray(String[]::new));
    } catch (CommandLine.ParameterException e) {
      throw new JobFailure("RealtimeJob options: " + e.getMessage(), e);
    }
    options.validate();
    return options;
  }

  /** Checks what picocli's types cannot, so a bad value fails before anything starts. */
  void validate() {
    trigger();
    kafka.validate();
    KafkaSourceOptions.requireQueryName(queryName);
    for (var topicOption : Map.of(JobContract.OPT_PREDICTIONS_TOPIC, predictionsTopic,
        JobContract.OPT_QUARANTINE_TOPIC, quarantineTopic).entrySet()) {
      if (topicOption.getValue().isBlank()) {
        throw new JobFailure(topicOption.getKey() + " is empty");
      }
    }
    if (predictionsTopic.equals(topic()) || quarantineTopic.equals(topic())) {
      throw new JobFailure(JobContract.OPT_PREDICTIONS_TOPIC + " and " + JobContract.OPT_QUARANTINE_TOPIC
          + " must differ from " + JobContract.OPT_TOPIC + " '" + topic() + "' (events would be read back as lines)");
    }
    if (modelRefreshSeconds < 1) {
      throw new JobFailure(JobContract.OPT_MODEL_REFRESH + " must be at least 1 second, got " + modelRefreshSeconds);
    }
    metrics.port();
    storage.layout();
  }

  public Trigger trigger() {
    try {
      return Trigger.RealTime(checkpointInterval);
    } catch (RuntimeException e) {
      throw new JobFailure("--checkpoint-interval '" + checkpointInterval + "' is not an interval such as "
          + "'1 minute' or '30 seconds': " + StagedDirectory.oneLine(e), e);
    }
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

  public String predictionsTopic() {
    return predictionsTopic;
  }

  public String quarantineTopic() {
    return quarantineTopic;
  }

  public Duration modelRefresh() {
    return Duration.ofSeconds(modelRefreshSeconds);
  }

  public String startingOffsets() {
    return kafka.startingOffsets();
  }

  public String queryName() {
    return queryName;
  }

  /** Kafka client settings without the {@code kafka.} prefix Spark wants. */
  public Map<String, String> kafkaOptions() {
    return kafka.kafkaSettings();
  }

  public Duration kafkaTimeout() {
    return kafka.kafkaTimeout();
  }

  /** The metrics endpoint asked for: empty without {@code --metrics-port}. */
  public OptionalInt metricsPort() {
    return metrics.port();
  }
}
