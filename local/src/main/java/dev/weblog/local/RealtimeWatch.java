package dev.weblog.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weblog.common.PredictionEvent;
import dev.weblog.local.report.DemoReport;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The real-time path as its consumers see it: reads the prediction and quarantine topics from where they ended
 * when the watch began, and keeps for each event its source partition and offset and, for a prediction, its
 * latency (the event's append time, the topic's {@code LogAppendTime}, minus its line's Kafka timestamp). The
 * figures then count exactly the run's lines.
 */
final class RealtimeWatch implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration POLL = Duration.ofMillis(250);

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final String predictionsTopic;
  private final Thread reader;
  private final AtomicBoolean closed = new AtomicBoolean();
  /** Per event: source partition, source offset, latency in ms (-1 for a quarantine event). */
  private final List<long[]> events = new ArrayList<>();
  private volatile RuntimeException failure;

  RealtimeWatch(String bootstrap, String predictionsTopic, String quarantineTopic, int partitionsEach) {
    this.predictionsTopic = predictionsTopic;
    // The latency is the event's append time less the line's, whenever it is read: the watch may wait for events
    // to gather (a fetch per poll, not one per event) and leave the broker's time to the pipeline it measures.
    consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1 << 20,
        ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) POLL.toMillis()), new ByteArrayDeserializer(),
        new ByteArrayDeserializer());
    List<TopicPartition> all = new ArrayList<>();
    for (String topic : List.of(predictionsTopic, quarantineTopic)) {
      for (int p = 0; p < partitionsEach; p++) {
        all.add(new TopicPartition(topic, p));
      }
    }
    consumer.assign(all);
    consumer.seekToEnd(all);
    all.forEach(consumer::position);
    reader = new Thread(this::read, "weblog-realtime-watch");
    reader.setDaemon(true);
    reader.start();
  }

  private void read() {
    try {
      while (!closed.get()) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
          JsonNode source = JSON.readTree(r.value()).path(PredictionEvent.SOURCE);
          long latency = r.topic().equals(predictionsTopic)
              ? r.timestamp() - source.path(PredictionEvent.TIMESTAMP_MS).asLong() : -1;
          synchronized (events) {
            events.add(new long[] {source.path(PredictionEvent.PARTITION).asInt(),
                source.path(PredictionEvent.OFFSET).asLong(), latency});
          }
        }
      }
    } catch (WakeupException e) {
      // close() woke the poll.
    } catch (IOException | RuntimeException e) {
      failure = new IllegalStateException("reading the real-time events failed: " + e.getMessage(), e);
    }
  }

  /** Waits until every line of {@code window} (partition: from, to) has an event, or {@code timeout} passed. */
  DemoReport.Realtime awaitFigures(Map<Integer, long[]> window, Duration timeout, String slots)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    DemoReport.Realtime figures = figures(window, slots);
    while (figures.linesWithoutEvent() > 0 && System.nanoTime() < deadline && failure == null) {
      Thread.sleep(250);
      figures = figures(window, slots);
    }
    if (failure != null) {
      throw failure;
    }
    return figures;
  }

  /** The figures of the run's lines, pure over what was read so far. */
  DemoReport.Realtime figures(Map<Integer, long[]> window, String slots) {
    List<long[]> seen;
    synchronized (events) {
      seen = List.copyOf(events);
    }
    return figures(seen, window, slots);
  }

  static DemoReport.Realtime figures(List<long[]> events, Map<Integer, long[]> window, String slots) {
    long lines = window.values().stream().mapToLong(w -> w[1] - w[0]).sum();
    Map<Integer, boolean[]> covered = new HashMap<>();
    window.forEach((p, w) -> covered.put(p, new boolean[(int) (w[1] - w[0])]));
    long predictions = 0;
    long quarantined = 0;
    long repeats = 0;
    long[] latencies = new long[events.size()];
    int n = 0;
    for (long[] e : events) {
      long[] w = window.get((int) e[0]);
      if (w == null || e[1] < w[0] || e[1] >= w[1]) {
        continue;
      }
      boolean[] seen = covered.get((int) e[0]);
      int at = (int) (e[1] - w[0]);
      if (seen[at]) {
        repeats++;
        continue;
      }
      seen[at] = true;
      if (e[2] >= 0) {
        predictions++;
        latencies[n++] = e[2];
      } else {
        quarantined++;
      }
    }
    long withoutEvent = lines - predictions - quarantined;
    return new DemoReport.Realtime(lines, predictions, quarantined, repeats, withoutEvent,
        LatencySummary.of(Arrays.copyOf(latencies, n)), slots);
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      consumer.wakeup();
      try {
        reader.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      consumer.close();
    }
  }
}
