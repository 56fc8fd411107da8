package dev.weblog.spark;

import dev.weblog.common.WebLogCsvCodec;
import dev.weblog.embedded.EmbeddedKafka;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** One real Kafka broker (KRaft, in this JVM) for every streaming test class: it takes seconds to start. */
public final class SharedKafka {

  private static EmbeddedKafka kafka;

  private SharedKafka() {}

  public static synchronized EmbeddedKafka kafka() {
    if (kafka == null) {
      try {
        kafka = EmbeddedKafka.start(Files.createTempDirectory("spark-apps-kafka"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "shared-kafka-shutdown"));
    }
    return kafka;
  }

  public static String bootstrapServers() {
    return kafka().bootstrapServers();
  }

  /** Creates a topic and waits until every partition answers for its offsets (a new leader may not yet). */
  public static void createTopic(String topic, int partitions) {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("cannot create topic " + topic + ": " + e, e);
    }
    List<TopicPartition> all = IntStream.range(0, partitions).mapToObj(p -> new TopicPartition(topic, p)).toList();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      while (true) {
        try {
          if (consumer.endOffsets(all, Duration.ofSeconds(5)).size() == partitions) {
            return;
          }
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("partitions of " + topic + " did not answer within 60 s", e);
          }
        }
      }
    }
  }

  /** Sends lines as the producer does: key = device id, value = the line's bytes, idempotent, acks=all. */
  public static void send(String topic, Iterable<byte[]> lines) {
    AtomicReference<Exception> failed = new AtomicReference<>();
    try (KafkaProducer<byte[], byte[]> producer = producer()) {
      for (byte[] line : lines) {
        send(producer, topic, line, failed);
      }
      producer.flush();
    }
    if (failed.get() != null) {
      throw new IllegalStateException("sending to " + topic + " failed: " + failed.get(), failed.get());
    }
  }

  public static KafkaProducer<byte[], byte[]> producer() {
    return new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.LINGER_MS_CONFIG, 5,
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
  }

  /** One line, keyed by its device id; the first failure is kept in {@code failed}. */
  public static void send(KafkaProducer<byte[], byte[]> producer, String topic, byte[] line,
      AtomicReference<Exception> failed) {
    String deviceId = WebLogCsvCodec.deviceIdOf(new String(line, StandardCharsets.UTF_8));
    byte[] key = deviceId == null ? null : deviceId.getBytes(StandardCharsets.UTF_8);
    producer.send(new ProducerRecord<>(topic, key, line), (meta, e) -> {
      if (e != null) {
        failed.compareAndSet(null, e);
      }
    });
  }

  /** Records per partition, as the broker counts them. */
  public static long endOffsetSum(String topic, int partitions) {
    try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      return consumer.endOffsets(IntStream.range(0, partitions).mapToObj(p -> new TopicPartition(topic, p))
          .collect(Collectors.toList()), Duration.ofSeconds(30)).values().stream().mapToLong(Long::longValue).sum();
    }
  }

  private static KafkaConsumer<byte[], byte[]> consumer() {
    return new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()));
  }
}
