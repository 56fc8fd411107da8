package dev.weblog.producer;

import dev.weblog.common.JobContract;
import dev.weblog.common.KafkaClientSecurity;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What a replay does, independent of where its lines come from.
 *
 * @param limit at most this many lines are sent; 0 means all
 * @param connectTimeout how long Kafka may take to answer before the replay gives up
 * @param kafkaProperties extra client settings (security, tuning) for both the admin client and the
 *     producer; the contract settings (idempotence, acks=all) always win
 * @param progressOut where the progress line goes when {@code progress} is not OFF
 */
public record ReplayOptions(String bootstrapServers, String topic, int partitions, Rate rate, long limit,
    Duration connectTimeout, Map<String, String> kafkaProperties, ProgressReporter.Mode progress,
    PrintStream progressOut) {

  public static final String DEFAULT_BOOTSTRAP = "localhost:9092";
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(15);

  public ReplayOptions {
    Objects.requireNonNull(rate, "rate");
    Objects.requireNonNull(progress, "progress");
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw ReplayException.usage(JobContract.OPT_BOOTSTRAP + " is empty; give host:port[,host:port...]");
    }
    if (topic == null || topic.isBlank()) {
      throw ReplayException.usage(JobContract.OPT_TOPIC + " is empty; give a topic name");
    }
    if (partitions < 1) {
      throw ReplayException.usage(JobContract.OPT_PARTITIONS + " must be at least 1, not " + partitions);
    }
    if (limit < 0) {
      throw ReplayException.usage("--limit must be 0 (all lines) or more, not " + limit);
    }
    if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.toMillis() < 1) {
      throw ReplayException.usage("--connect-timeout must be at least 1 ms, not " + connectTimeout);
    }
    kafkaProperties = Map.copyOf(kafkaProperties == null ? Map.of() : kafkaProperties);
    progressOut = progressOut == null ? System.err : progressOut;
  }

  /** Defaults of the command: local broker, the contract topic, full speed, no progress line. */
  public static ReplayOptions defaults() {
    return new ReplayOptions(DEFAULT_BOOTSTRAP, JobContract.DEFAULT_TOPIC, JobContract.DEFAULT_PARTITIONS,
        Rate.UNLIMITED, 0, DEFAULT_CONNECT_TIMEOUT, Map.of(), ProgressReporter.Mode.OFF, System.err);
  }

  public ReplayOptions withBootstrapServers(String servers) {
    return new ReplayOptions(servers, topic, partitions, rate, limit, connectTimeout, kafkaProperties, progress,
        progressOut);
  }

  public ReplayOptions withTopic(String name, int partitionCount) {
    return new ReplayOptions(bootstrapServers, name, partitionCount, rate, limit, connectTimeout, kafkaProperties,
        progress, progressOut);
  }

  public ReplayOptions withRate(Rate newRate) {
    return new ReplayOptions(bootstrapServers, topic, partitions, newRate, limit, connectTimeout, kafkaProperties,
        progress, progressOut);
  }

  public ReplayOptions withLimit(long lines) {
    return new ReplayOptions(bootstrapServers, topic, partitions, rate, lines, connectTimeout, kafkaProperties,
        progress, progressOut);
  }

  public ReplayOptions withConnectTimeout(Duration timeout) {
    return new ReplayOptions(bootstrapServers, topic, partitions, rate, limit, timeout, kafkaProperties, progress,
        progressOut);
  }

  public ReplayOptions withKafkaProperties(Map<String, String> properties) {
    return new ReplayOptions(bootstrapServers, topic, partitions, rate, limit, connectTimeout, properties, progress,
        progressOut);
  }

  /** Secret-looking Kafka properties (a JAAS line, passwords) are masked: options are printed, credentials never. */
  @Override
  public String toString() {
    return "ReplayOptions[bootstrapServers=" + bootstrapServers + ", topic=" + topic + ", partitions=" + partitions
        + ", rate=" + rate + ", limit=" + limit + ", connectTimeout=" + connectTimeout + ", kafkaProperties="
        + KafkaClientSecurity.masked(kafkaProperties) + ", progress=" + progress + "]";
  }

  public ReplayOptions withProgress(ProgressReporter.Mode mode, PrintStream out) {
    return new ReplayOptions(bootstrapServers, topic, partitions, rate, limit, connectTimeout, kafkaProperties, mode,
        out);
  }
}
