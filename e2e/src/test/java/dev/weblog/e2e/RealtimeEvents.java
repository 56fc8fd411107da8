package dev.weblog.e2e;

import dev.weblog.common.PredictionEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The real-time job's events as a consumer sees them, checked against the lines produced: every input record (a
 * partition and offset below the topic's end) has at least one event, prediction or quarantine; no event names a
 * record that was not produced; repeats (at least once) are counted. Latency is an event's append time (the topics
 * are LogAppendTime) less its line's Kafka timestamp.
 */
final class RealtimeEvents {

  /** One event: the input record it names, its line's timestamp, when the broker appended it. */
  record Event(String topic, int partition, long offset, long lineMs, long appendedMs, boolean prediction) {}

  /**
   * What the events say about the produced lines. The latencies are of each line's first event; {@code slowFrom} and
   * {@code slowTo} bound when the lines slower than a second were produced (-1 without any), which the fault times
   * in the summary explain.
   */
  record Tally(long events, long predictions, long quarantines, long distinct, long duplicates, long missing,
      long foreign, long p50Ms, long p95Ms, long p99Ms, long overOneSecond, long slowFrom, long slowTo) {

    boolean complete() {
      return missing == 0 && foreign == 0;
    }
  }

  private RealtimeEvents() {}

  /** The console consumer's lines with {@code print.timestamp=true}: {@code LogAppendTime:<ms>\t<json>}. */
  static List<Event> parse(String output, boolean prediction) {
    List<Event> events = new ArrayList<>();
    for (String line : output.split("\n")) {
      int tab = line.indexOf('\t');
      if (!line.contains("Time:") || tab < 0) {
        continue;
      }
      long appended = Long.parseLong(line.substring(line.indexOf(':') + 1, tab).trim());
      PredictionEvent.Source source = PredictionEvent.sourceOf(line.substring(tab + 1)
          .getBytes(StandardCharsets.UTF_8)).orElseThrow(() -> new IllegalStateException("not an event: " + line));
      events.add(new Event(source.topic(), source.partition(), source.offset(), source.timestampMs(), appended,
          prediction));
    }
    return events;
  }

  /** Checks the events against the input topic's end offsets (partition to end; the topic started empty). */
  static Tally tally(List<Event> events, String topic, Map<Integer, Long> ends) {
    Set<Long> seen = new HashSet<>();
    long foreign = 0;
    long predictions = 0;
    List<Long> latencies = new ArrayList<>();
    long slowFrom = Long.MAX_VALUE;
    long slowTo = -1;
    for (Event e : events) {
      predictions += e.prediction() ? 1 : 0;
      Long end = ends.get(e.partition());
      if (!topic.equals(e.topic()) || end == null || e.offset() < 0 || e.offset() >= end) {
        foreign++;
        continue;
      }
      if (seen.add(((long) e.partition() << 40) | e.offset())) {
        long latency = e.appendedMs() - e.lineMs();
        latencies.add(latency);
        if (latency > 1_000) {
          slowFrom = Math.min(slowFrom, e.lineMs());
          slowTo = Math.max(slowTo, e.lineMs());
        }
      }
    }
    long produced = ends.values().stream().mapToLong(Long::longValue).sum();
    long[] all = sorted(latencies);
    long slow = latencies.stream().filter(l -> l > 1_000).count();
    return new Tally(events.size(), predictions, events.size() - predictions, seen.size(),
        events.size() - foreign - seen.size(), produced - seen.size(), foreign, quantile(all, 0.5),
        quantile(all, 0.95), quantile(all, 0.99), slow, slowTo < 0 ? -1 : slowFrom, slowTo);
  }

  /** GetOffsetShell's lines {@code topic:partition:end}. */
  static Map<Integer, Long> endOffsets(String output, String topic) {
    Map<Integer, Long> ends = new HashMap<>();
    output.lines().filter(l -> l.startsWith(topic + ":")).forEach(l -> {
      String[] parts = l.split(":");
      ends.put(Integer.parseInt(parts[1].trim()), Long.parseLong(parts[2].trim()));
    });
    return ends;
  }

  /** Reads a whole topic with the broker image's console consumer, inside the broker's pod. */
  static String consumeCommand(String topic) {
    return "/opt/kafka/bin/kafka-tool org.apache.kafka.tools.consumer.ConsoleConsumer --bootstrap-server "
        + "localhost:9092 --topic " + topic + " --from-beginning --timeout-ms 15000 --property print.timestamp=true";
  }

  private static long[] sorted(List<Long> values) {
    long[] a = values.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(a);
    return a;
  }

  /** Nearest rank; -1 when there is nothing to rank. */
  static long quantile(long[] sorted, double q) {
    if (sorted.length == 0) {
      return -1;
    }
    return sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  }
}
