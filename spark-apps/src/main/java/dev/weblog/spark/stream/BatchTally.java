package dev.weblog.spark.stream;

import dev.weblog.common.Target;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one task saw of its records, for the stream's metrics, counted as it writes them: quarantined lines by the
 * codec's kind, each target's predicted classes, labelled lines and how many of them the model got right, and the
 * records' Kafka timestamps (in runs of equal milliseconds, as records arrive mostly in time order), from which the
 * driver measures each line's latency once the batch is committed. Tasks' tallies are merged on the driver.
 */
final class BatchTally implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final int TARGETS = Target.values().length;

  private final Map<String, Long> quarantined = new HashMap<>();
  private final List<Map<String, Long>> predicted = new ArrayList<>(TARGETS);
  private final long[] labelled = new long[TARGETS];
  private final long[] correct = new long[TARGETS];
  /** (millisecond, count) pairs; a record without a timestamp is not in them. */
  private long[] runs = new long[64];
  private int runLength;

  BatchTally() {
    for (int t = 0; t < TARGETS; t++) {
      predicted.add(new HashMap<>());
    }
  }

  /** A valid line whose predictions are at {@code values[predictedAt + target ordinal]}. */
  void valid(Object[] values, int predictedAt) {
    for (Target target : Target.values()) {
      int t = target.ordinal();
      String label = (String) values[predictedAt + t];
      predicted.get(t).merge(label, 1L, Long::sum);
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

  void quarantined(Object[] values) {
    quarantined.merge(StreamDecoder.kind(values), 1L, Long::sum);
    timestamp(StreamDecoder.timestampMicros(values));
  }

  /** Adds another task's tally to this one. */
  void add(BatchTally other) {
    other.quarantined.forEach((kind, n) -> quarantined.merge(kind, n, Long::sum));
    for (int t = 0; t < TARGETS; t++) {
      Map<String, Long> mine = predicted.get(t);
      other.predicted.get(t).forEach((label, n) -> mine.merge(label, n, Long::sum));
      labelled[t] += other.labelled[t];
      correct[t] += other.correct[t];
    }
    for (int i = 0; i < other.runLength; i += 2) {
      run(other.runs[i], other.runs[i + 1]);
    }
  }

  Map<String, Long> quarantinedByKind() {
    return Map.copyOf(quarantined);
  }

  Map<String, Long> predictedClasses(Target target) {
    return Map.copyOf(predicted.get(target.ordinal()));
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
