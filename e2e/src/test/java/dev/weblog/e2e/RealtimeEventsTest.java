package dev.weblog.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RealtimeEventsTest {

  private static String event(long appended, int partition, long offset, long lineMs) {
    return "LogAppendTime:" + appended + "\t{\"source\":{\"topic\":\"in\",\"partition\":" + partition
        + ",\"offset\":" + offset + ",\"timestamp_ms\":" + lineMs + "},\"device_id\":\"d\"}";
  }

  @Test
  void countsRepeatsMissingAndForeignEventsAgainstTheEndOffsets() {
    String predictions = String.join("\n", event(1_010, 0, 0, 1_000), event(1_030, 0, 1, 1_020),
        event(2_000, 0, 1, 1_020), event(1_050, 1, 0, 1_040), event(1_070, 1, 5, 1_060));
    String quarantine = "Processed a total of 1 messages\n" + event(1_100, 1, 1, 1_090);
    List<RealtimeEvents.Event> events = new java.util.ArrayList<>(RealtimeEvents.parse(predictions, true));
    events.addAll(RealtimeEvents.parse(quarantine, false));
    RealtimeEvents.Tally tally = RealtimeEvents.tally(events, "in", Map.of(0, 2L, 1, 3L));
    assertEquals(6, tally.events());
    assertEquals(5, tally.predictions());
    assertEquals(1, tally.quarantines());
    assertEquals(4, tally.distinct());
    assertEquals(1, tally.duplicates(), "offset 1 of partition 0 twice");
    assertEquals(1, tally.missing(), "offset 2 of partition 1 has no event");
    assertEquals(1, tally.foreign(), "offset 5 of partition 1 was never produced");
    assertFalse(tally.complete());
    assertEquals(10, tally.p50Ms());
    // Offset 1 of partition 0 is counted once, at its first event (10 ms, not the repeat's 980 ms).
    assertEquals(10, tally.p99Ms());
    assertEquals(0, tally.overOneSecond());
    assertEquals(-1, tally.slowFrom());
  }

  @Test
  void everyLineWithAnEventIsComplete() {
    List<RealtimeEvents.Event> events = RealtimeEvents.parse(event(5, 0, 0, 1) + "\n" + event(9, 0, 1, 2), true);
    assertTrue(RealtimeEvents.tally(events, "in", Map.of(0, 2L)).complete());
    RealtimeEvents.Tally slow = RealtimeEvents.tally(RealtimeEvents.parse(event(5_000, 0, 0, 1_000) + "\n"
        + event(9_100, 0, 1, 9_000) + "\n" + event(12_000, 0, 2, 2_000), true), "in", Map.of(0, 3L));
    assertEquals(2, slow.overOneSecond());
    assertEquals(1_000, slow.slowFrom());
    assertEquals(2_000, slow.slowTo());
    assertEquals(10_000, slow.p99Ms());
    assertEquals(Map.of(0, 7L, 1, 3L), RealtimeEvents.endOffsets("in:0:7\nin:1:3\nother:0:9\n", "in"));
    assertEquals(7, RealtimeEvents.quantile(new long[] {1, 3, 5, 7}, 0.99));
  }
}
