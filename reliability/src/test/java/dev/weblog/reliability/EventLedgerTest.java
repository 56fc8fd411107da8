package dev.weblog.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weblog.common.PredictionEvent;
import dev.weblog.common.Rejection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The account RealtimeFaultTest relies on, without Kafka or Spark: what it lets through and what it fails on. */
class EventLedgerTest {

  private static final String TOPIC = "lines";
  /** Ten malformed lines at offsets 0 to 9 of partition 0: each owes a quarantine event. */
  private static final List<TopicContents.KafkaRecord> INPUT = LongStream.range(0, 10)
      .mapToObj(o -> new TopicContents.KafkaRecord(0, o, ("broken line " + o).getBytes(StandardCharsets.UTF_8)))
      .toList();
  /** A restart after a checkpoint that had committed offset 5, the topic then ending at 10. */
  private static final EventLedger.Restart RESTART = new EventLedger.Restart(Map.of(0, 5L), Map.of(0, 10L));

  @Test
  void repeatsInsideARestartsWindowAreCountedAndExplained() {
    EventLedger ledger = ledger(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 5, 6, 9);
    ledger.assertEveryRecordHasAnEvent();
    ledger.assertRepeatsExplainedBy(List.of(RESTART));
    assertEquals(3, ledger.repeats());
    assertEquals(List.of(3L), ledger.repeatedIn(List.of(RESTART)));
  }

  @Test
  void aRepeatOfWhatTheCheckpointHadCommittedFails() {
    EventLedger ledger = ledger(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 4);
    assertThrows(AssertionError.class, () -> ledger.assertRepeatsExplainedBy(List.of(RESTART)));
    assertThrows(AssertionError.class, () -> ledger.assertRepeatsExplainedBy(List.of()), "no restart, no repeat");
  }

  @Test
  void moreCopiesThanRestartsFail() {
    EventLedger ledger = ledger(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 7, 7);
    assertThrows(AssertionError.class, () -> ledger.assertRepeatsExplainedBy(List.of(RESTART)));
    ledger.assertRepeatsExplainedBy(List.of(RESTART, RESTART));
  }

  @Test
  void aRecordWithoutAnEventOrAnEventWithoutARecordFails() {
    assertThrows(AssertionError.class, () -> ledger(0, 1, 2, 4, 5, 6, 7, 8, 9).assertEveryRecordHasAnEvent());
    assertThrows(AssertionError.class, () -> ledger(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10)
        .assertEveryRecordHasAnEvent());
  }

  /** A quarantine event for each offset given (a repeated offset is a repeat). */
  private static EventLedger ledger(long... offsets) {
    List<TopicContents.KafkaRecord> events = new ArrayList<>();
    for (long o : offsets) {
      byte[] event = PredictionEvent.quarantine(new PredictionEvent.Source(TOPIC, 0, o, 1L),
          new Rejection(Rejection.Kind.FIELD_COUNT, Rejection.WHOLE_LINE, "1 field, 11 expected"),
          "broken line " + o, 2L);
      events.add(new TopicContents.KafkaRecord(0, events.size(), event));
    }
    return EventLedger.of(TOPIC, INPUT, List.of(), events);
  }
}
