package dev.weblog.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weblog.common.PredictionEvent;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A real-time run's output topics, created fresh with the broker's append time as each event's timestamp: the
 * latency of an event is its append minus its line's Kafka timestamp, whoever wrote it (the project or the floor).
 */
final class RealtimeEvents implements AutoCloseable {

  static final Map<String, String> APPEND_TIME = Map.of("message.timestamp.type", "LogAppendTime");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final BenchTopics topics;
  private final String predictions;
  private final String quarantine;
  private final int partitions;

  private RealtimeEvents(BenchTopics topics, String predictions, String quarantine, int partitions) {
    this.topics = topics;
    this.predictions = predictions;
    this.quarantine = quarantine;
    this.partitions = partitions;
  }

  static RealtimeEvents createFresh(BenchTopics topics, int partitions) {
    return new RealtimeEvents(topics, topics.createFresh("bench-rt-predictions", partitions, APPEND_TIME),
        topics.createFresh("bench-rt-quarantine", partitions, APPEND_TIME), partitions);
  }

  String predictions() {
    return predictions;
  }

  String quarantine() {
    return quarantine;
  }

  /** Events in both topics. */
  long count() {
    return topics.records(predictions, partitions) + topics.records(quarantine, partitions);
  }

  /** Waits until both topics hold {@code events}; the time it took is the caller's to read. */
  void awaitCount(long events, Duration timeout, String variant) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (count() < events) {
      if (System.nanoTime() > deadline) {
        throw new BenchFailure("realtime " + variant + ": " + count() + " of " + events + " events after "
            + timeout.toSeconds() + " s in " + predictions + " and " + quarantine);
      }
      Thread.sleep(20);
    }
  }

  /**
   * The latency of every prediction event whose line was stamped at or after {@code fromMs}, read from the start of
   * the predictions topic; counts its events too, so a lost or repeated one is seen.
   */
  Latencies latencies(String bootstrap, long fromMs) throws IOException {
    LatencyHistogram histogram = new LatencyHistogram();
    long events = 0;
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> all = new ArrayList<>();
      for (int p = 0; p < partitions; p++) {
        all.add(new TopicPartition(predictions, p));
      }
      consumer.assign(all);
      consumer.seekToBeginning(all);
      Map<TopicPartition, Long> end = consumer.endOffsets(all);
      while (all.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          events++;
          long lineMs = JSON.readTree(r.value()).path(PredictionEvent.SOURCE).path(PredictionEvent.TIMESTAMP_MS)
              .asLong();
          if (lineMs >= fromMs) {
            histogram.add(r.timestamp() - lineMs, 1);
          }
        }
      }
    }
    return new Latencies(histogram, events);
  }

  record Latencies(LatencyHistogram histogram, long events) {}

  @Override
  public void close() {
    topics.delete(predictions);
    topics.delete(quarantine);
  }
}
