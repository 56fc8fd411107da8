package dev.weblog.spark.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weblog.spark.SharedKafka;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The task's own reading of its ranges, against the suite's real broker. */
class RangeReaderTest {

  private static final String TOPIC = "range-reader";
  private static final int LINES = 40;

  @BeforeAll
  static void fillTopic() {
    SharedKafka.createTopic(TOPIC, 2);
    SharedKafka.send(TOPIC, IntStream.range(0, LINES).mapToObj(i -> ("line " + i).getBytes(StandardCharsets.UTF_8))
        .toList());
  }

  @Test
  void readsExactlyItsRangesInOrder() {
    long end = endOffset(0);
    assertTrue(end >= 10, "partition 0 holds " + end);
    List<KafkaRange> ranges = List.of(new KafkaRange(0, 2, 5), new KafkaRange(1, 0, 1), new KafkaRange(0, 7, end));
    try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      List<String> read = new ArrayList<>();
      new RangeReader(consumer, TOPIC, ranges, 30_000)
          .forEachRemaining(r -> read.add(r.partition() + ":" + r.offset()));
      List<String> expected = new ArrayList<>(List.of("0:2", "0:3", "0:4", "1:0"));
      for (long o = 7; o < end; o++) {
        expected.add("0:" + o);
      }
      assertEquals(expected, read);
    }
  }

  @Test
  void aRangeThatNeverFillsFailsNamingWhere() {
    long end = endOffset(1);
    try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      RangeReader reader = new RangeReader(consumer, TOPIC, List.of(new KafkaRange(1, end - 1, end + 5)), 500);
      ConsumerRecord<byte[], byte[]> last = reader.next();
      assertEquals(end - 1, last.offset());
      IllegalStateException e = assertThrows(IllegalStateException.class, reader::hasNext);
      assertTrue(e.getMessage().contains("topic " + TOPIC + " partition 1 offsets [" + (end - 1) + ", " + (end + 5)
          + ")") && e.getMessage().contains("at offset " + end) && e.getMessage().contains("within 500 ms"),
          e.getMessage());
    }
  }

  @Test
  void recordsDeletedUnreadStopTheReadingRatherThanBeSkipped() throws Exception {
    String topic = "range-reader-deleted";
    SharedKafka.createTopic(topic, 1);
    SharedKafka.send(topic, IntStream.range(0, 10).mapToObj(i -> ("x" + i).getBytes(StandardCharsets.UTF_8))
        .toList());
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
        SharedKafka.bootstrapServers()))) {
      admin.deleteRecords(Map.of(new TopicPartition(topic, 0), RecordsToDelete.beforeOffset(6))).all()
          .get(30, TimeUnit.SECONDS);
    }
    try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      RangeReader reader = new RangeReader(consumer, topic, List.of(new KafkaRange(0, 2, 10)), 30_000);
      IllegalStateException e = assertThrows(IllegalStateException.class, reader::hasNext);
      assertTrue(e.getMessage().startsWith("Kafka no longer holds offset 2 of topic " + topic
          + " partition 0 offsets [2, 10)"), e.getMessage());
    }
  }

  private static long endOffset(int partition) {
    try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      TopicPartition p = new TopicPartition(TOPIC, partition);
      return consumer.endOffsets(List.of(p)).get(p);
    }
  }

  /** Settings as Spark's Kafka source gives its executors: no offset reset, no auto commit. */
  private static KafkaConsumer<byte[], byte[]> consumer() {
    return new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }
}
