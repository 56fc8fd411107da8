package dev.weblog.spark;

import dev.weblog.common.JobContract;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/**
 * The Kafka source options both streaming jobs take (StreamJob's and RealtimeJob's, as a picocli mixin): the
 * brokers, the topic of lines, where a new checkpoint starts, the client settings and the start-up check's timeout.
 */
public final class KafkaSourceOptions {

  private static final Pattern QUERY_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  @Option(names = JobContract.OPT_BOOTSTRAP, paramLabel = "HOST:PORT[,...]", defaultValue = "localhost:9092",
      description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE})")
  String bootstrapServers = "localhost:9092";

  @Option(names = JobContract.OPT_TOPIC, defaultValue = JobContract.DEFAULT_TOPIC,
      description = "Topic of raw CSV lines (default: ${DEFAULT-VALUE})")
  String topic = JobContract.DEFAULT_TOPIC;

  @Option(names = JobContract.OPT_STARTING_OFFSETS, paramLabel = "earliest|latest|JSON", defaultValue = "earliest",
      description = "Where a new checkpoint starts reading; an existing checkpoint resumes where it stopped "
          + "(default: ${DEFAULT-VALUE})")
  String startingOffsets = "earliest";

  @Option(names = JobContract.OPT_KAFKA_PROPERTY, paramLabel = "KEY=VALUE",
      description = "A Kafka client setting (e.g. security.protocol=SASL_SSL), passed to Spark as kafka.KEY and to "
          + "the start-up check; a value may read a file through a config provider, e.g. "
          + "sasl.jaas.config=$${dir:/etc/weblog/kafka-user:sasl.jaas.config}; repeatable")
  Map<String, String> kafkaProperties = new LinkedHashMap<>();

  @Option(names = "--kafka-timeout", paramLabel = "SECONDS", defaultValue = "30",
      description = "How long the start-up check may wait for Kafka to answer (default: ${DEFAULT-VALUE})")
  int kafkaTimeoutSeconds = 30;

  /** Checks what picocli's types cannot; a {@link JobFailure} naming the option. */
  public void validate() {
    if (bootstrapServers.isBlank()) {
      throw new JobFailure(JobContract.OPT_BOOTSTRAP + " is empty");
    }
    if (topic.isBlank()) {
      throw new JobFailure(JobContract.OPT_TOPIC + " is empty");
    }
    String start = startingOffsets.trim().toLowerCase(Locale.ROOT);
    if (!start.equals("earliest") && !start.equals("latest") && !start.startsWith("{")) {
      throw new JobFailure(JobContract.OPT_STARTING_OFFSETS + " must be earliest, latest or Spark's JSON of offsets, "
          + "got '" + startingOffsets + "'");
    }
    if (kafkaTimeoutSeconds < 1) {
      throw new JobFailure("--kafka-timeout must be at least 1 second, got " + kafkaTimeoutSeconds);
    }
  }

  /** A query name is a folder name under checkpoints/. */
  public static void requireQueryName(String queryName) {
    if (!QUERY_NAME.matcher(queryName).matches()) {
      throw new JobFailure("--query-name must be 1 to 64 letters, digits, '-' or '_' (it names a folder), got '"
          + queryName + "'");
    }
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  public String topic() {
    return topic;
  }

  public String startingOffsets() {
    return startingOffsets.trim();
  }

  /** Kafka client settings without the {@code kafka.} prefix Spark wants. */
  public Map<String, String> kafkaSettings() {
    Map<String, String> settings = new LinkedHashMap<>();
    kafkaProperties.forEach((k, v) -> settings.put(k.startsWith("kafka.") ? k.substring("kafka.".length()) : k, v));
    return settings;
  }

  public Duration kafkaTimeout() {
    return Duration.ofSeconds(kafkaTimeoutSeconds);
  }
}
