package dev.weblog.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

  @Test
  void percentilesAreNearestRankOverEveryCountedRecord() {
    LatencyHistogram h = new LatencyHistogram();
    for (int ms = 1; ms <= 100; ms++) {
      h.add(ms, 1);
    }
    assertEquals(100, h.count());
    assertEquals(50, h.percentile(0.50));
    assertEquals(95, h.percentile(0.95));
    assertEquals(99, h.percentile(0.99));
    assertEquals(100, h.percentile(1.0));
  }

  @Test
  void mergedHistogramsWeighEachRecordOnce() {
    LatencyHistogram slow = new LatencyHistogram();
    slow.add(2_000, 10);
    LatencyHistogram fast = new LatencyHistogram();
    fast.add(100, 990);
    fast.addAll(slow);
    assertEquals(1_000, fast.count());
    assertEquals(100, fast.percentile(0.99));
    assertEquals(2_000, fast.percentile(0.995));
  }

  @Test
  void outOfRangeLatenciesAreClampedAndEmptyHistogramsRefused() {
    LatencyHistogram h = new LatencyHistogram();
    assertThrows(IllegalStateException.class, () -> h.percentile(0.5));
    h.add(-3, 1);
    h.add(LatencyHistogram.MAX_MS + 5_000, 1);
    assertEquals(0, h.percentile(0.5));
    assertEquals(LatencyHistogram.MAX_MS, h.percentile(1.0));
    assertThrows(IllegalArgumentException.class, () -> h.percentile(0));
  }
}
