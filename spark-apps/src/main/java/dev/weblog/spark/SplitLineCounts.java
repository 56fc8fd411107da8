package dev.weblog.spark;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.util.AccumulatorV2;

/**
 * Lines per (file, split, kind) counted while the data is written, so ingest needs no second pass (and no cache)
 * to know its totals and the line numbers of quarantined lines. Spark merges the updates of successful tasks only.
 */
final class SplitLineCounts extends AccumulatorV2<SplitLineCounts.Key, Map<SplitLineCounts.Key, Long>> {

  private static final long serialVersionUID = 1L;

  /** One split's lines of one kind; {@code kind} null for valid lines. */
  record Key(String file, long splitStart, String kind) implements Serializable {}

  private final HashMap<Key, Long> counts = new HashMap<>();

  @Override
  public boolean isZero() {
    return counts.isEmpty();
  }

  @Override
  public SplitLineCounts copy() {
    SplitLineCounts copy = new SplitLineCounts();
    copy.counts.putAll(counts);
    return copy;
  }

  @Override
  public void reset() {
    counts.clear();
  }

  @Override
  public void add(Key key) {
    add(key, 1);
  }

  void add(Key key, long n) {
    counts.merge(key, n, Long::sum);
  }

  @Override
  public void merge(AccumulatorV2<Key, Map<Key, Long>> other) {
    other.value().forEach(this::add);
  }

  @Override
  public Map<Key, Long> value() {
    return counts;
  }
}
