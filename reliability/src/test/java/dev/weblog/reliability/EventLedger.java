package dev.weblog.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weblog.common.PredictionEvent;
import dev.weblog.common.WebLogCsvCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The account of a real-time run, which delivers at least once: every record of the input topic, by its (partition,
 * offset), against the events of the predictions and quarantine topics that name it as their {@code source}. A
 * record must have an event (valid lines a prediction, malformed ones a quarantine event with a reason); an event
 * beyond its record's first is a repeat, counted and kept for the bound {@link #unexplained} checks.
 */
record EventLedger(long inKafka, long predicted, long quarantined, long lost, long foreign, long misrouted,
    long reasonless, List<Repeat> repeated, List<String> examples) {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int EXAMPLES = 5;

  /** An input record with more than one event. */
  record Repeat(int partition, long offset, int events) {}

  /**
   * What one restart of the query may send again: the records from where its checkpoint had committed to the
   * topic's end when the query stopped (a later record could not have been sent before the stop).
   */
  record Restart(Map<Integer, Long> committed, Map<Integer, Long> end) {
    /** Read once the query stopped and before it starts again: its checkpoint no longer moves. */
    static Restart after(Checkpoint checkpoint, String topic, Map<Integer, Long> end) {
      return new Restart(checkpoint.committedOffsets(topic), end);
    }

    boolean covers(int partition, long offset) {
      return offset >= committed.getOrDefault(partition, 0L) && offset < end.getOrDefault(partition, 0L);
    }

    long records() {
      return end.entrySet().stream().mapToLong(e -> e.getValue() - committed.getOrDefault(e.getKey(), 0L)).sum();
    }
  }

  long repeats() {
    return repeated.stream().mapToLong(r -> r.events() - 1).sum();
  }

  static EventLedger of(String topic, List<TopicContents.KafkaRecord> input,
      List<TopicContents.KafkaRecord> predictions, List<TopicContents.KafkaRecord> quarantine) {
    Map<String, TopicContents.KafkaRecord> byCoordinates = new HashMap<>();
    input.forEach(r -> byCoordinates.put(r.coordinates(), r));
    List<String> examples = new ArrayList<>();
    Map<String, Integer> events = new LinkedHashMap<>();
    long foreign = 0;
    long misrouted = 0;
    long reasonless = 0;
    for (boolean predictedSide : new boolean[] {true, false}) {
      for (TopicContents.KafkaRecord event : predictedSide ? predictions : quarantine) {
        Optional<PredictionEvent.Source> source = PredictionEvent.sourceOf(event.value());
        String at = source.map(s -> s.partition() + "@" + s.offset()).orElse(null);
        TopicContents.KafkaRecord record = at == null || !source.get().topic().equals(topic) ? null
            : byCoordinates.get(at);
        if (record == null) {
          foreign++;
          example(examples, "event " + event.coordinates() + " names no input record: " + source);
          continue;
        }
        events.merge(at, 1, Integer::sum);
        if (WebLogCsvCodec.decode(record.value()).isValid() != predictedSide) {
          misrouted++;
          example(examples, "record " + at + " is " + (predictedSide ? "malformed but predicted" : "valid but "
              + "quarantined"));
        } else if (!predictedSide && reason(event.value()).isBlank()) {
          reasonless++;
          example(examples, "the quarantine event of record " + at + " gives no reason");
        }
      }
    }
    long lost = 0;
    for (String at : byCoordinates.keySet()) {
      if (!events.containsKey(at)) {
        lost++;
        example(examples, "record " + at + " has no event");
      }
    }
    List<Repeat> repeated = new ArrayList<>();
    events.forEach((at, n) -> {
      if (n > 1) {
        TopicContents.KafkaRecord r = byCoordinates.get(at);
        repeated.add(new Repeat(r.partition(), r.offset(), n));
      }
    });
    return new EventLedger(input.size(), predictions.size(), quarantine.size(), lost, foreign, misrouted,
        reasonless, List.copyOf(repeated), List.copyOf(examples));
  }

  /** Fails on the first record without an event, event without a record, or event on the wrong topic. */
  void assertEveryRecordHasAnEvent() {
    String where = " (e.g. " + examples + ")";
    assertEquals(0, lost, () -> "records without an event" + where);
    assertEquals(0, foreign, () -> "events naming no input record" + where);
    assertEquals(0, misrouted, () -> "events on the wrong topic" + where);
    assertEquals(0, reasonless, () -> "quarantine events without a reason" + where);
  }

  /**
   * Fails on a repeat no restart explains: a record may have one event more for each restart whose window holds it,
   * and none for a record every checkpoint before a restart had already committed.
   */
  void assertRepeatsExplainedBy(List<Restart> restarts) {
    List<String> unexplained = unexplained(restarts);
    assertTrue(unexplained.isEmpty(), () -> unexplained.size() + " record(s) repeated outside what a restart "
        + "sends again, " + restarts + ": " + unexplained.subList(0, Math.min(EXAMPLES, unexplained.size())));
  }

  private List<String> unexplained(List<Restart> restarts) {
    List<String> unexplained = new ArrayList<>();
    for (Repeat r : repeated) {
      long windows = restarts.stream().filter(s -> s.covers(r.partition(), r.offset())).count();
      if (r.events() - 1 > windows) {
        unexplained.add(r.partition() + "@" + r.offset() + " has " + r.events() + " events, " + windows
            + " restart(s) could send it again");
      }
    }
    return unexplained;
  }

  /** The repeated records of each restart's window (a record in several windows counts in each). */
  List<Long> repeatedIn(List<Restart> restarts) {
    return restarts.stream().map(s -> repeated.stream().filter(r -> s.covers(r.partition(), r.offset())).count())
        .toList();
  }

  /** The counts for {@link Figures}, after the lines the producer read. */
  Map<String, Object> figures(long produced) {
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("produced", produced);
    figures.put("in_kafka", inKafka);
    figures.put("predicted", predicted);
    figures.put("quarantined", quarantined);
    figures.put("lost", lost);
    figures.put("repeats", repeats());
    figures.put("repeated_records", repeated.size());
    figures.put("foreign", foreign);
    figures.put("misrouted", misrouted);
    return figures;
  }

  private static String reason(byte[] event) {
    try {
      return JSON.readTree(event).path(PredictionEvent.REJECTION).path(PredictionEvent.REASON).asText("");
    } catch (IOException e) {
      throw new UncheckedIOException("a quarantine event that is no JSON", e);
    }
  }

  private static void example(List<String> examples, String what) {
    if (examples.size() < EXAMPLES) {
      examples.add(what);
    }
  }
}
