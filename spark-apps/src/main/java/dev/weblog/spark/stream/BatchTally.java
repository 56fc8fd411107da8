package dev.weblog.spark.stream;

import dev.weblog.common.Target;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Map;

/**
 * What one task saw of its records, for the stream's metrics, counted as it writes them: quarantined lines by the
 * codec's kind, each target's predicted classes, labelled lines and how many of them the model got right, and the
 * records' Kafka timestamps (in runs of equal milliseconds, as records arrive mostly in time order), from which the
 * driver measures each line's latency once the batch is committed. Tasks' tallies are merged on the driver.
 *
 * <p>What the counting costs is measured as it goes: one call in {@link #SAMPLE_EVERY} is timed and the rest
 * estimated from them ({@link #estimatedNanos}), as timing every call would cost more than the counting itself;
 * a timed call's time includes reading the clock, so the estimate errs high (about twice the counting's cost).
 */
final class BatchTally implements Serializable {

  private static final long serialVersionUID = 1L;
  /** Once: {@code values()} copies its array on every call, and {@link #valid} runs for every line. */
  private static final Target[] ALL_TARGETS = Target.values();
  private static final int TARGETS = ALL_TARGETS.length;
  static final int SAMPLE_EVERY = 64;
  /**
   * A timed call above this was descheduled or caught by a pause, not counting (which takes tens of nanoseconds):
   * left out, or one preemption would be multiplied by {@link #SAMPLE_EVERY}.
   */
  private static final long PREEMPTED_NANOS = 20_000;

  private final LabelCounts quarantined = new LabelCounts();
  private final LabelCounts[] predicted = new LabelCounts[TARGETS];
  private final long[] labelled = new long[TARGETS];
  private final long[] correct = new long[TARGETS];
  /** (millisecond, count) pairs; a record without a timestamp is not in them. */
  private long[] runs = new long[64];
  private int runLength;
  private long calls;
  private long samples;
  private long sampledNanos;

  BatchTally() {
    for (int t = 0; t < TARGETS; t++) {
      predicted[t] = new LabelCounts();
    }
  }

  /** A valid line whose predictions are at {@code values[predictedAt + target ordinal]}. */
  void valid(Object[] values, int predictedAt) {
    if (++calls % SAMPLE_EVERY != 0) {
      countValid(values, predictedAt);
      return;
    }
    long start = System.nanoTime();
    countValid(values, predictedAt);
    sampled(start);
  }

  void quarantined(Object[] values) {
    if (++calls % SAMPLE_EVERY != 0) {
      countQuarantined(values);
      return;
    }
    long start = System.nanoTime();
    countQuarantined(values);
    sampled(start);
  }

  /** The time all calls to {@link #valid} and {@link #quarantined} took, from the timed ones; 0 before any was. */
  long estimatedNanos() {
    return samples == 0 ? 0 : Math.round((double) sampledNanos * calls / samples);
  }

  private void sampled(long startNanos) {
    long nanos = System.nanoTime() - startNanos;
    if (nanos < PREEMPTED_NANOS) {
      sampledNanos += nanos;
      samples++;
    }
  }

  private void countValid(Object[] values, int predictedAt) {
    for (Target target : ALL_TARGETS) {
      int t = target.ordinal();
      String label = (String) values[predictedAt + t];
      predicted[t].add(label, 1);
      Object observed = values[target.column().ordinal()];
      if (observed != null) {
        labelled[t]++;
        if (observed.equals(label)) {
          correct[t]++;
        }
      }
    }
    timestamp(StreamDecoder.timestampMicros(values));
  }

  private void countQuarantined(Object[] values) {
    quarantined.add(StreamDecoder.kind(values), 1);
    timestamp(StreamDecoder.timestampMicros(values));
  }

  /** Adds another task's tally to this one. */
  void add(BatchTally other) {
    quarantined.addAll(other.quarantined);
    for (int t = 0; t < TARGETS; t++) {
      predicted[t].addAll(other.predicted[t]);
      labelled[t] += other.labelled[t];
      correct[t] += other.correct[t];
    }
    for (int i = 0; i < other.runLength; i += 2) {
      run(other.runs[i], other.runs[i + 1]);
    }
    calls += other.calls;
    samples += other.samples;
    sampledNanos += other.sampledNanos;
  }

  Map<String, Long> quarantinedByKind() {
    return quarantined.toMap();
  }

  Map<String, Long> predictedClasses(Target target) {
    return predicted[target.ordinal()].toMap();
  }

  long labelled(Target target) {
    return labelled[target.ordinal()];
  }

  long correct(Target target) {
    return correct[target.ordinal()];
  }

  /** Calls {@code each} with every distinct Kafka timestamp (epoch milliseconds) and how many records had it. */
  void forEachTimestamp(TimestampCount each) {
    for (int i = 0; i < runLength; i += 2) {
      each.accept(runs[i], runs[i + 1]);
    }
  }

  interface TimestampCount {
    void accept(long epochMillis, long records);
  }

  private void timestamp(Long micros) {
    if (micros != null) {
      run(Math.floorDiv(micros, 1000L), 1);
    }
  }

  private void run(long millis, long count) {
    if (runLength > 0 && runs[runLength - 2] == millis) {
      runs[runLength - 1] += count;
      return;
    }
    if (runLength == runs.length) {
      runs = Arrays.copyOf(runs, runs.length * 2);
    }
    runs[runLength++] = millis;
    runs[runLength++] = count;
  }
}
