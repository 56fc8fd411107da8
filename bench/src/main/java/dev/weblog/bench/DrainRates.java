package dev.weblog.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The project's drain rates as the stream stage measures them, for the latency stage's load. Alternation runs the
 * warm-up pairs first, so the measured drains are the last {@code pairs} ones.
 */
final class DrainRates {

  private final int pairs;
  private final List<Double> rates = new ArrayList<>();

  DrainRates(int pairs) {
    if (pairs < 1) {
      throw new IllegalArgumentException("need at least one measured pair, got " + pairs);
    }
    this.pairs = pairs;
  }

  synchronized void add(double recordsPerSecond) {
    rates.add(recordsPerSecond);
  }

  /** The median of the measured drains: the project's sustainable rate. */
  synchronized double sustainable() {
    if (rates.isEmpty()) {
      throw new BenchFailure("stream latency: no project drain was measured to set the load from; run the stream "
          + "stage first");
    }
    return Summary.of(rates.subList(Math.max(0, rates.size() - pairs), rates.size())).median();
  }
}
