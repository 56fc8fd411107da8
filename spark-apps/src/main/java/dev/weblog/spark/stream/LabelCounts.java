package dev.weblog.spark.stream;

import java.io.Serializable;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Counts by label, for the handful of classes a model predicts or kinds the codec gives: a label is looked up by
 * identity first (a model returns the same String instances), then by value; no boxing, no hashing per record.
 */
final class LabelCounts implements Serializable {
  private static final long serialVersionUID = 1L;
  private String[] labels = new String[8];
  private long[] counts = new long[8];
  private int size;

  void add(String label, long n) {
    for (int i = 0; i < size; i++) {
      if (labels[i] == label) {
        counts[i] += n;
        return;
      }
    }
    for (int i = 0; i < size; i++) {
      if (Objects.equals(labels[i], label)) {
        counts[i] += n;
        return;
      }
    }
    if (size == labels.length) {
      labels = Arrays.copyOf(labels, size * 2);
      counts = Arrays.copyOf(counts, size * 2);
    }
    labels[size] = label;
    counts[size++] = n;
  }

  void addAll(LabelCounts other) {
    for (int i = 0; i < other.size; i++) {
      add(other.labels[i], other.counts[i]);
    }
  }

  Map<String, Long> toMap() {
    Map<String, Long> map = new HashMap<>();
    for (int i = 0; i < size; i++) {
      map.put(labels[i], counts[i]);
    }
    return Map.copyOf(map);
  }
}
