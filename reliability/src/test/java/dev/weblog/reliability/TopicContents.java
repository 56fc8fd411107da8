package dev.weblog.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** What a topic holds, as the broker answers: its end offsets, and every record with its coordinates. */
final class TopicContents {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  /** One Kafka record: where it sits and its value's bytes. */
  record KafkaRecord(int partition, long offset, byte[] value) {
    String coordinates() {
      return partition + "@" + offset;
    }
  }

  private TopicContents() {}

  /** Creates the topic and waits until every partition's leader answers for its offsets. */
  static void create(String servers, String topic, int partitions) {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
      admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all()
          .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("cannot create topic " + topic + " at " + servers + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (true) {
      try {
        if (endOffsets(servers, topic, partitions).size() == partitions) {
          return;
        }
      } catch (org.apache.kafka.common.errors.TimeoutException e) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("partitions of " + topic + " did not answer within " + TIMEOUT, e);
        }
      }
    }
  }

  /** The next offset of every partition: the number of records each has received. */
  static Map<Integer, Long> endOffsets(String servers, String topic, int partitions) {
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(servers)) {
      Map<Integer, Long> offsets = new HashMap<>();
      consumer.endOffsets(partitions(topic, partitions), TIMEOUT)
          .forEach((tp, offset) -> offsets.put(tp.partition(), offset));
      return offsets;
    }
  }

  /** Waits until the topic holds at least {@code records} records over all partitions. */
  static void awaitRecords(String servers, String topic, int partitions, long records) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    long sum = 0;
    while ((sum = endOffsets(servers, topic, partitions).values().stream().mapToLong(Long::longValue).sum())
        < records) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "topic " + topic + " holds " + sum + " records, not " + records + ", after " + TIMEOUT);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /** Every record of the topic, partition by partition, up to the end offsets at the time of the call. */
  static List<KafkaRecord> readAll(String servers, String topic, int partitions) {
    List<TopicPartition> all = partitions(topic, partitions);
    List<KafkaRecord> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(servers)) {
      Map<TopicPartition, Long> end = consumer.endOffsets(all, TIMEOUT);
      consumer.assign(all);
      consumer.seekToBeginning(all);
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (all.stream().anyMatch(tp -> consumer.position(tp, TIMEOUT) < end.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("could not read " + topic + " to its end offsets " + end + " within "
              + TIMEOUT);
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
            records.add(new KafkaRecord(r.partition(), r.offset(), r.value()));
          }
        }
      }
    }
    return records;
  }

  private static List<TopicPartition> partitions(String topic, int partitions) {
    return IntStream.range(0, partitions).mapToObj(p -> new TopicPartition(topic, p)).toList();
  }

  private static KafkaConsumer<byte[], byte[]> consumer(String servers) {
    return new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000,
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()));
  }
}
