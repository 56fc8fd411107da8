package dev.weblog.spark.realtime;

import dev.weblog.common.PredictionEvent;
import dev.weblog.spark.StagedDirectory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The driver's view of what its query writes: one daemon thread reads the predictions and quarantine topics from
 * their ends at start (every partition assigned, no consumer group, so nothing is committed and no group ACL is
 * needed) and feeds {@link RealtimeMetrics} with each event, and every few seconds the input topic's end offsets
 * for the lag ({@link InputLag}). The partitions are those the topics had at start. A Kafka error here never
 * touches the query: it is logged once per kind and the reading goes on.
 */
final class EventTail implements AutoCloseable {

  private static final Logger LOG = LogManager.getLogger(EventTail.class);
  private static final Duration POLL = Duration.ofMillis(500);
  private static final int FETCH_MIN_BYTES = 1 << 20;
  private static final Duration ENDS_EVERY = Duration.ofSeconds(5);
  private static final Duration RETRY_AFTER = Duration.ofSeconds(1);
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final String predictionsTopic;
  private final List<TopicPartition> input;
  private final RealtimeMetrics metrics;
  private final InputLag lag = new InputLag();
  private final Set<String> logged = new HashSet<>();
  private final Thread reader;
  private volatile boolean closed;

  /**
   * Starts reading at the output topics' current ends (resolved before this returns when Kafka answers within
   * {@code timeout}, so every event written after it is counted).
   *
   * @param kafka the job's Kafka client settings (security), without the {@code kafka.} prefix
   */
  EventTail(String bootstrapServers, Map<String, String> kafka, Map<String, Integer> outputPartitions, String input,
      int inputPartitions, String predictionsTopic, RealtimeMetrics metrics, Duration timeout) {
    this.predictionsTopic = predictionsTopic;
    this.metrics = metrics;
    this.input = partitions(input, inputPartitions);
    consumer = new KafkaConsumer<>(settings(bootstrapServers, kafka), new ByteArrayDeserializer(),
        new ByteArrayDeserializer());
    List<TopicPartition> outputs = new ArrayList<>();
    outputPartitions.forEach((topic, n) -> outputs.addAll(partitions(topic, n)));
    consumer.assign(outputs);
    consumer.seekToEnd(outputs);
    try {
      outputs.forEach(p -> consumer.position(p, timeout));
    } catch (RuntimeException e) {
      // The first poll resolves the ends instead; what is written before it is not counted.
      logOnce(e);
    }
    reader = new Thread(this::read, "weblog-realtime-tail");
    reader.setDaemon(true);
    reader.start();
  }

  /** The job's settings, then what this reader needs: bytes, no group (so no commit) and its own client id. */
  static Map<String, Object> settings(String bootstrapServers, Map<String, String> kafka) {
    Map<String, Object> settings = new HashMap<>(kafka);
    settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
    settings.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
    settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    settings.put(ConsumerConfig.CLIENT_ID_CONFIG, "weblog-realtime-tail");
    // The latency is read from the event's own timestamp, not from when it is read, so the reader can wait for
    // events to gather: a fetch per poll instead of one per event the query appends (at 1,000 lines/s the broker
    // answering every reader of the events per event took a fifth of a core of the demo's two).
    settings.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, Integer.toString(FETCH_MIN_BYTES));
    settings.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, Long.toString(POLL.toMillis()));
    return settings;
  }

  private void read() {
    long endsAt = 0;
    try {
      while (!closed) {
        try {
          for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
            seen(r, System.currentTimeMillis());
          }
          if (System.nanoTime() - endsAt >= ENDS_EVERY.toNanos()) {
            endsAt = System.nanoTime();
            Map<Integer, Long> ends = new HashMap<>();
            consumer.endOffsets(input, ENDS_EVERY).forEach((p, end) -> ends.put(p.partition(), end));
            lag.ends(ends);
          }
          metrics.lag(lag.lag());
        } catch (WakeupException e) {
          // close() woke the poll up.
        } catch (RuntimeException e) {
          logOnce(e);
          pause();
        }
      }
    } finally {
      consumer.close(CLOSE_WAIT);
    }
  }

  private void seen(ConsumerRecord<byte[], byte[]> r, long nowMs) {
    Optional<PredictionEvent.Source> source = PredictionEvent.sourceOf(r.value());
    source.ifPresent(s -> lag.seen(s.partition(), s.offset()));
    metrics.event(r.topic().equals(predictionsTopic), source.map(s -> RealtimeMetrics.latencySeconds(s,
        r.timestamp())).orElse(OptionalDouble.empty()), nowMs);
  }

  private void logOnce(RuntimeException e) {
    if (logged.add(e.getClass().getName())) {
      LOG.warn("the real-time metrics cannot read the events back ({}); they keep trying, the query is not "
          + "affected (logged once per kind of error)", StagedDirectory.oneLine(e));
    } else {
      LOG.debug("the real-time metrics cannot read the events back: {}", e.toString());
    }
  }

  private void pause() {
    try {
      Thread.sleep(RETRY_AFTER.toMillis());
    } catch (InterruptedException e) {
      closed = true;
    }
  }

  private static List<TopicPartition> partitions(String topic, int n) {
    List<TopicPartition> out = new ArrayList<>(n);
    for (int p = 0; p < n; p++) {
      out.add(new TopicPartition(topic, p));
    }
    return out;
  }

  /** Stops the reader and closes its consumer; returns once it has (or after a bounded wait). */
  @Override
  public void close() {
    closed = true;
    consumer.wakeup();
    try {
      reader.join(CLOSE_WAIT.plusSeconds(5).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (reader.isAlive()) {
      LOG.warn("the real-time metrics' reader did not stop within {} s", CLOSE_WAIT.plusSeconds(5).toSeconds());
    }
  }
}
