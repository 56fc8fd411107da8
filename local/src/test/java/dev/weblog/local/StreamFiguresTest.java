package dev.weblog.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.weblog.local.report.DemoReport;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class StreamFiguresTest {

  @Test
  void consumerLagAtACommitIsWhatKafkaHeldByThenLessWhatWasCommitted() {
    // Records written at 100 ms (3), 900 ms (2), 1500 ms (4), 2600 ms (1): 10 in all.
    TreeMap<Long, Long> written = new TreeMap<>(Map.of(100L, 3L, 900L, 2L, 1500L, 4L, 2600L, 1L));
    List<StreamFigures.BatchTimes> batches = List.of(
        new StreamFigures.BatchTimes(8, 1200, 3000, 5), // committed at 3000 ms: 10 written, 8 committed
        new StreamFigures.BatchTimes(7, 200, 1000, 3), // at 1000 ms: 5 written, 3 committed
        new StreamFigures.BatchTimes(9, 3100, 3500, 2)); // at 3500 ms: 10 written, 10 committed

    List<DemoReport.Batch> out = StreamFigures.batches(batches, written, Map.of(7L, new double[] {500, 800},
        8L, new double[] {1200, 2100}));

    assertEquals(List.of(7L, 8L, 9L), out.stream().map(DemoReport.Batch::batchId).toList(), "in batch order");
    assertEquals(List.of(2L, 2L, 0L), out.stream().map(DemoReport.Batch::consumerLag).toList());
    assertEquals(List.of(0.8, 2.8, 3.3), out.stream().map(DemoReport.Batch::atSeconds).toList(),
        "seconds from the first batch's start to each commit");
    assertEquals(2100.0, out.get(1).latencyP99Ms());
    assertNull(out.get(2).latencyP50Ms(), "no predicted line, no latency");
  }

  @Test
  void aRecordWrittenInTheCommitsMillisecondCountsAsWritten() {
    TreeMap<Long, Long> written = new TreeMap<>(Map.of(1000L, 4L));
    List<DemoReport.Batch> out = StreamFigures.batches(List.of(new StreamFigures.BatchTimes(0, 0, 1000, 1)),
        written, Map.of());
    assertEquals(3, out.get(0).consumerLag());
  }
}
