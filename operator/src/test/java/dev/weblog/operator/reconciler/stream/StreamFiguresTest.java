package dev.weblog.operator.reconciler.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weblog.operator.api.StreamingSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The pure parts of reading a stream: quantiles from buckets, the lag's trend, the stalled limit. */
class StreamFiguresTest {

  private static final Instant T0 = Instant.parse("2026-01-05T00:00:00Z");
  private static final Duration WINDOW = Duration.ofMinutes(5);

  @Test
  void quantilesInterpolateInsideTheirBucketAsPromQlDoes() {
    Map<Double, Double> buckets = new TreeMap<>(Map.of(0.5, 10.0, 1.0, 60.0, 2.0, 99.0,
        Double.POSITIVE_INFINITY, 100.0));
    assertEquals(0.9, HistogramQuantile.of(buckets, 0.5), 1e-9, "rank 50 is 40 of the 50 in (0.5, 1]");
    assertEquals(2.0, HistogramQuantile.of(buckets, 0.99), 1e-9);
    assertEquals(2.0, HistogramQuantile.of(buckets, 0.999), 1e-9, "in +Inf: the highest finite bound");
    assertEquals(0.25, HistogramQuantile.of(buckets, 0.05), 1e-9, "the first bucket starts at 0");
    assertNull(HistogramQuantile.of(Map.of(1.0, 0.0, Double.POSITIVE_INFINITY, 0.0), 0.5), "no observation");
    Map<Double, Double> later = new TreeMap<>(Map.of(0.5, 10.0, 1.0, 60.0, 2.0, 199.0,
        Double.POSITIVE_INFINITY, 200.0));
    assertEquals(Map.of(0.5, 0.0, 1.0, 0.0, 2.0, 100.0, Double.POSITIVE_INFINITY, 100.0),
        HistogramQuantile.between(buckets, later), "only what the window added");
  }

  @Test
  void aSteadyLinearBacklogIsARiseWithJitterOnTop() {
    List<StreamWindow.Lag> lags = new ArrayList<>();
    for (int s = 0; s <= 300; s += 15) {
      lags.add(new StreamWindow.Lag(T0.plusSeconds(s), 1_000 + 20L * s + (s % 30 == 0 ? 400 : -400)));
    }
    var rise = StreamWindow.rise(lags, T0.plusSeconds(300), WINDOW, 1_000);
    assertTrue(rise.isPresent(), "20 records/s more than the stream reads, for 5 minutes");
    assertTrue(rise.get().to() - rise.get().from() >= 1_000, rise.get().toString());
  }

  @Test
  void aHighLagThatOnlyJittersOrAShortHistoryIsNoRise() {
    List<StreamWindow.Lag> lags = new ArrayList<>();
    for (int s = 0; s <= 300; s += 15) {
      lags.add(new StreamWindow.Lag(T0.plusSeconds(s), 50_000 + (s % 45 == 0 ? 3_000 : -3_000)));
    }
    assertTrue(StreamWindow.rise(lags, T0.plusSeconds(300), WINDOW, 1_000).isEmpty(), "a level, however high");
    List<StreamWindow.Lag> growing = List.of(new StreamWindow.Lag(T0.plusSeconds(100), 0),
        new StreamWindow.Lag(T0.plusSeconds(300), 90_000));
    assertTrue(StreamWindow.rise(growing, T0.plusSeconds(300), WINDOW, 1_000).isEmpty(),
        "readings do not reach back a whole window (an operator restart): no verdict yet");
  }

  @Test
  void stalledNeedsTheTriggersAndNeverLessThanThirtySeconds() {
    StreamingSpec fast = new StreamingSpec();
    fast.setTrigger("500 milliseconds");
    fast.getHealth().setStalledAfterTriggers(10);
    assertEquals(Duration.ofSeconds(30), StreamHealth.Thresholds.of(fast).stalledAfter());
    StreamingSpec slow = new StreamingSpec();
    slow.setTrigger("2 minutes");
    slow.getHealth().setStalledAfterTriggers(3);
    assertEquals(Duration.ofMinutes(6), StreamHealth.Thresholds.of(slow).stalledAfter());
  }
}
