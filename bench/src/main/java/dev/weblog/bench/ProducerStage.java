package dev.weblog.bench;

import dev.weblog.common.JobContract;
import dev.weblog.producer.FileLineSource;
import dev.weblog.producer.KafkaSettings;
import dev.weblog.producer.ReplayOptions;
import dev.weblog.producer.ReplayProducer;
import dev.weblog.producer.ReplaySummary;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The replay producer at full speed against Kafka's own ProducerPerformance, on the same embedded broker, with the
 * same record count, the same lines as record values and the very same producer settings (acks=all, idempotence,
 * lz4, linger, batch size: {@link KafkaSettings#producer}). Each run sends to a new topic with the project's
 * partition count. One difference stays, by design: the replay keys each record by its device id (the contract),
 * so its records spread over the partitions by hash, while ProducerPerformance sends unkeyed records.
 */
final class ProducerStage implements Stage {

  private static final int PARTITIONS = JobContract.DEFAULT_PARTITIONS;
  private static final double MIB = 1 << 20;

  private final String bootstrap;
  private final ProducerInput input;
  private final ReplayOptions replay;
  private final Path perfConfig;

  private ProducerStage(String bootstrap, ProducerInput input, Path perfConfig) {
    this.bootstrap = bootstrap;
    this.input = input;
    this.replay = options(bootstrap, input.records());
    this.perfConfig = perfConfig;
  }

  /** Generates the input and writes ProducerPerformance's settings; starts the broker if no stage did yet. */
  static ProducerStage prepare(BenchEnvironment env, long records, long seed) {
    Path dir = env.work().resolve("producer");
    ProducerInput input = ProducerInput.prepare(dir, records, seed);
    String bootstrap = env.kafka().bootstrapServers();
    Path config = dir.resolve("kafka-perf-producer.properties");
    writeSettings(KafkaSettings.producer(options(bootstrap, records)), config);
    return new ProducerStage(bootstrap, input, config);
  }

  /** The replay at full speed (the default rate is unlimited); the topic is set per run. */
  private static ReplayOptions options(String bootstrap, long records) {
    return ReplayOptions.defaults().withBootstrapServers(bootstrap).withLimit(records);
  }

  static void writeSettings(Map<String, Object> settings, Path file) {
    Properties p = new Properties();
    settings.forEach((k, v) -> p.setProperty(k, String.valueOf(v)));
    try (Writer w = Files.newBufferedWriter(file)) {
      p.store(w, "ReplayProducer's settings (KafkaSettings.producer), for ProducerPerformance");
    } catch (IOException e) {
      throw new BenchFailure("producer: cannot write ProducerPerformance's settings to " + file + ": "
          + e.getMessage(), e);
    }
  }

  @Override
  public String id() {
    return "producer";
  }

  @Override
  public Figure primary() {
    return Figure.RECORDS_PER_S;
  }

  @Override
  public List<Variant> variants() {
    return List.of(new Project(), new KafkaPerf());
  }

  @Override
  public Map<String, Double> references() {
    return Map.of("mean_record_bytes", input.meanRecordBytes());
  }

  private Measurement measurement(double recordsPerSecond, double mbPerSecond) {
    return Measurement.of(Figure.RECORDS_PER_S, recordsPerSecond).with(Figure.MB_PER_S, mbPerSecond)
        .with(Figure.SECONDS, input.records() / recordsPerSecond);
  }

  /** Both tools' counts checked against the topic itself: a figure over records that never arrived means nothing. */
  private void requireDelivered(BenchTopics topics, String topic, String variant) {
    long held = topics.records(topic, PARTITIONS);
    if (held != input.records()) {
      throw new BenchFailure("producer " + variant + ": topic " + topic + " at " + bootstrap + " holds " + held
          + " records after the run, expected " + input.records());
    }
  }

  /**
   * ReplayProducer over the generated CSV file, timed by its own summary: first send to the producer's close.
   * Reading the file and keying each line are part of its measured work; ProducerPerformance sends from memory.
   */
  private final class Project implements Variant {
    @Override
    public String name() {
      return "project";
    }

    @Override
    public Measurement run() {
      try (BenchTopics topics = BenchTopics.open(bootstrap)) {
        String topic = topics.createFresh("bench-producer-project", PARTITIONS);
        try {
          ReplaySummary summary;
          try (FileLineSource lines = FileLineSource.open(input.csv())) {
            summary = ReplayProducer.run(replay.withTopic(topic, PARTITIONS), lines);
          }
          if (!summary.complete() || summary.sent() != input.records()) {
            throw new BenchFailure("producer project: " + summary.describe());
          }
          requireDelivered(topics, topic, name());
          double seconds = summary.elapsed().toNanos() / 1e9;
          // Values only, as ProducerPerformance counts its bytes; the replay's keys (device ids) come on top.
          return measurement(input.records() / seconds, input.valueBytes() / seconds / MIB);
        } finally {
          topics.delete(topic);
        }
      }
    }
  }

  /**
   * ProducerPerformance with --payload-file (the same lines, not --record-size: its random letters compress
   * unlike log lines under lz4, and the lines vary in length) and no throttle. Its own figures are parsed: they
   * span first send to the producer's close, like the replay's, and leave out its reading of the payload file.
   */
  private final class KafkaPerf implements Variant {
    @Override
    public String name() {
      return "kafka-perf";
    }

    @Override
    public Measurement run() {
      try (BenchTopics topics = BenchTopics.open(bootstrap)) {
        String topic = topics.createFresh("bench-producer-kafka-perf", PARTITIONS);
        try {
          KafkaProducerPerformance.Result r = KafkaProducerPerformance.run(List.of("--topic", topic,
              "--num-records", Long.toString(input.records()), "--payload-file", input.payloads().toString(),
              "--throughput", "-1", "--producer.config", perfConfig.toString()));
          if (r.records() != input.records()) {
            throw new BenchFailure("producer kafka-perf: ProducerPerformance reports " + r.records()
                + " records acknowledged, expected " + input.records());
          }
          requireDelivered(topics, topic, name());
          return measurement(r.recordsPerSecond(), r.mbPerSecond());
        } finally {
          topics.delete(topic);
        }
      }
    }
  }
}
