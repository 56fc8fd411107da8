package dev.weblog.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weblog.local.report.DemoReport;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The demo's real-time figures, counted by source line within the run's window. */
class RealtimeFiguresTest {

  @Test
  void countsEachLineOnceRepeatsApartAndOnlyTheRunsLines() {
    Map<Integer, long[]> window = Map.of(0, new long[] {10, 14}, 1, new long[] {0, 2});
    List<long[]> events = List.of(
        new long[] {0, 10, 30}, new long[] {0, 11, 50}, new long[] {0, 12, -1},
        new long[] {0, 11, 400}, // a repeat after a restart: counted apart, its latency not taken
        new long[] {0, 9, 20}, // an earlier run's line
        new long[] {1, 0, 70}, new long[] {2, 0, 10}); // a partition outside the window
    DemoReport.Realtime r = RealtimeWatch.figures(events, window, "slots");
    assertEquals(6, r.lines());
    assertEquals(3, r.predictionEvents());
    assertEquals(1, r.quarantineEvents());
    assertEquals(1, r.duplicates());
    assertEquals(2, r.linesWithoutEvent(), "offsets 13 of partition 0 and 1 of partition 1");
    assertEquals(50.0, r.latency().p50());
  }

  @Test
  void percentilesInterpolateAsSparkDoes() {
    long[] sorted = {10, 20, 30, 40};
    assertEquals(25.0, LatencySummary.percentile(sorted, 0.5));
    assertEquals(39.7, LatencySummary.percentile(sorted, 0.99), 1e-9);
    DemoReport.Latency l = LatencySummary.of(new long[] {40, 10, 30, 20});
    assertEquals(4, l.bucketCounts().stream().mapToLong(Long::longValue).sum());
  }
}
