package dev.weblog.producer;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The client settings of the replay, in one place; public so that a benchmark can give Kafka's own tools the very
 * same producer settings.
 */
public final class KafkaSettings {

  static final String CLIENT_ID = "weblog-replay";
  /** How long a record may wait for its acknowledgement, retries included, before it counts as failed. */
  static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(60);
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);

  private KafkaSettings() {}

  static Map<String, Object> admin(ReplayOptions options) {
    Map<String, Object> c = common(options);
    int timeoutMs = (int) Math.min(Integer.MAX_VALUE, options.connectTimeout().toMillis());
    c.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
    c.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
    c.putAll(options.kafkaProperties());
    return c;
  }

  /** The producer's settings for these options: batching, compression, timeouts, then the contract's idempotence. */
  public static Map<String, Object> producer(ReplayOptions options) {
    Map<String, Object> c = common(options);
    // Throughput: a few ms of batching and lz4 (pure-Java fallback, no native library needed).
    c.put(ProducerConfig.LINGER_MS_CONFIG, 10);
    c.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    c.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    c.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024);
    c.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) REQUEST_TIMEOUT.toMillis());
    c.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) DELIVERY_TIMEOUT.toMillis());
    // send() blocks at most this long for metadata or buffer space, then the record fails.
    c.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, DELIVERY_TIMEOUT.toMillis());
    c.putAll(options.kafkaProperties());
    // The contract: no duplicates and no loss on retries, whatever the extra properties say.
    c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    c.put(ProducerConfig.ACKS_CONFIG, "all");
    c.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
    return c;
  }

  private static Map<String, Object> common(ReplayOptions options) {
    Map<String, Object> c = new HashMap<>();
    c.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, options.bootstrapServers());
    c.put(CommonClientConfigs.CLIENT_ID_CONFIG, CLIENT_ID);
    int setupMs = (int) Math.min(10_000, Math.max(1, options.connectTimeout().toMillis()));
    c.put(CommonClientConfigs.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, setupMs);
    c.put(CommonClientConfigs.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, setupMs);
    return c;
  }
}
