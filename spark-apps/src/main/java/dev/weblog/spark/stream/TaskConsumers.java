package dev.weblog.spark.stream;

import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The Kafka consumers the stream's tasks read with, kept between micro-batches per set of settings (one set per
 * run of a query): a new consumer costs a connection, metadata and a first fetch, which at a thousand lines a batch would be
 * most of a task. A task borrows one and gives it back when its share was read; one that failed mid-read is closed,
 * not given back. The query's consumers are closed when the query ends ({@link #closeAll}).
 */
final class TaskConsumers {

  private static final Map<Map<String, Object>, Deque<KafkaConsumer<byte[], byte[]>>> IDLE = new ConcurrentHashMap<>();

  private TaskConsumers() {}

  static KafkaConsumer<byte[], byte[]> borrow(Map<String, Object> settings) {
    KafkaConsumer<byte[], byte[]> idle = IDLE.computeIfAbsent(settings, s -> new ConcurrentLinkedDeque<>()).poll();
    return idle != null ? idle
        : new KafkaConsumer<>(settings, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  static void giveBack(Map<String, Object> settings, KafkaConsumer<byte[], byte[]> consumer) {
    Deque<KafkaConsumer<byte[], byte[]>> idle = IDLE.get(settings);
    if (idle == null) {
      consumer.close();
    } else {
      consumer.unsubscribe();
      idle.push(consumer);
    }
  }

  /** Idle consumers kept, over all settings. */
  static int idle() {
    return IDLE.values().stream().mapToInt(Deque::size).sum();
  }

  /** Closes the idle consumers of these settings; one still borrowed is closed when it is given back. */
  static void closeAll(Map<String, Object> settings) {
    Deque<KafkaConsumer<byte[], byte[]>> idle = IDLE.remove(settings);
    if (idle != null) {
      KafkaConsumer<byte[], byte[]> c;
      while ((c = idle.poll()) != null) {
        c.close();
      }
    }
  }
}
