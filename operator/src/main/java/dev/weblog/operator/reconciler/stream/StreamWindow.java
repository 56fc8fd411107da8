package dev.weblog.operator.reconciler.stream;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The rate and the latency over about the last minute, and the lag's trend, from this operator's own recent
 * readings of a pipeline's driver. Kept in memory only: after an operator restart the rate returns with the second
 * reading and the trend once a whole lagging window has been read again, so a restart can delay a Lagging verdict
 * but never invent one.
 */
public final class StreamWindow {

  public static final Duration SPAN = Duration.ofMinutes(1);
  /** Pipelines not read for this long are forgotten (deleted, or moved to another operator). */
  private static final Duration FORGET = Duration.ofHours(1);

  /** Records per second and latency quantiles (seconds) over {@code seconds}; a null when not known. */
  public record Figures(Double recordsPerSecond, Double latencyP50, Double latencyP99, long seconds) {}

  /** The lag rose from at most {@code from} (early in the window) to at least {@code to} (late in it). */
  public record LagRise(long from, long to, long seconds) {}

  private record Reading(String driver, DriverSample sample) {}

  record Lag(Instant at, long records) {}

  private final Map<String, Deque<Reading>> byPipeline = new ConcurrentHashMap<>();
  private final Map<String, Deque<Lag>> lags = new ConcurrentHashMap<>();

  /** Adds a reading of {@code driver} and compares it with the newest one at least {@link #SPAN} older. */
  public Figures add(String pipelineUid, String driver, DriverSample sample) {
    byPipeline.values().removeIf(d -> d.isEmpty() || d.peekLast().sample().at().isBefore(sample.at().minus(FORGET)));
    lags.values().removeIf(d -> d.isEmpty() || d.peekLast().at().isBefore(sample.at().minus(FORGET)));
    if (sample.lag() != null) {
      Deque<Lag> history = lags.computeIfAbsent(pipelineUid, k -> new ArrayDeque<>());
      synchronized (history) {
        history.addLast(new Lag(sample.at(), sample.lag()));
        while (history.peekFirst().at().isBefore(sample.at().minus(FORGET))) {
          history.removeFirst();
        }
      }
    }
    Deque<Reading> readings = byPipeline.computeIfAbsent(pipelineUid, k -> new ArrayDeque<>());
    synchronized (readings) {
      // A new driver's counters start at zero: nothing earlier compares with them.
      readings.removeIf(r -> !r.driver().equals(driver) || r.sample().read() > sample.read());
      Reading base = null;
      for (Reading r : readings) {
        if (!r.sample().at().isAfter(sample.at().minus(SPAN))) {
          base = r;
        }
      }
      if (base == null) {
        base = readings.peekFirst();
      }
      readings.addLast(new Reading(driver, sample));
      while (readings.size() > 2
          && !readings.peekFirst().sample().at().isAfter(sample.at().minus(SPAN.multipliedBy(2)))) {
        readings.removeFirst();
      }
      return base == null ? new Figures(null, null, null, 0) : figures(base.sample(), sample);
    }
  }

  /** Whether the lag read over the last {@code window} rose by at least {@code minGrowth} records. */
  public Optional<LagRise> lagRise(String pipelineUid, Instant now, Duration window, long minGrowth) {
    Deque<Lag> history = lags.get(pipelineUid);
    if (history == null) {
      return Optional.empty();
    }
    synchronized (history) {
      return rise(List.copyOf(history), now, window, minGrowth);
    }
  }

  /**
   * Pure: a rise is every reading of the window's last third above every reading of its first third by at least
   * {@code minGrowth}. A lag that only jitters around a level, however high, has readings of the first third
   * above some of the last; a backlog that keeps growing does not. Needs readings reaching back a whole window.
   */
  static Optional<LagRise> rise(List<Lag> history, Instant now, Duration window, long minGrowth) {
    Instant start = now.minus(window);
    if (history.isEmpty() || history.get(0).at().isAfter(start)) {
      return Optional.empty();
    }
    Instant firstThird = start.plus(window.dividedBy(3));
    Instant lastThird = now.minus(window.dividedBy(3));
    long early = Long.MIN_VALUE;
    long late = Long.MAX_VALUE;
    for (Lag l : history) {
      if (!l.at().isBefore(start) && !l.at().isAfter(firstThird)) {
        early = Math.max(early, l.records());
      }
      if (!l.at().isBefore(lastThird) && !l.at().isAfter(now)) {
        late = Math.min(late, l.records());
      }
    }
    if (early == Long.MIN_VALUE || late == Long.MAX_VALUE || late - early < minGrowth) {
      return Optional.empty();
    }
    return Optional.of(new LagRise(early, late, window.toSeconds()));
  }

  /** Pure: what changed between two readings of the same driver. */
  static Figures figures(DriverSample earlier, DriverSample later) {
    long millis = Duration.between(earlier.at(), later.at()).toMillis();
    if (millis <= 0) {
      return new Figures(null, null, null, 0);
    }
    double rate = (later.read() - earlier.read()) * 1000.0 / millis;
    Map<Double, Double> counted = HistogramQuantile.between(earlier.latencyBuckets(), later.latencyBuckets());
    return new Figures(Math.round(rate * 10) / 10.0, round(HistogramQuantile.of(counted, 0.5)),
        round(HistogramQuantile.of(counted, 0.99)), millis / 1000);
  }

  private static Double round(Double seconds) {
    return seconds == null ? null : Math.round(seconds * 1000) / 1000.0;
  }
}
