package dev.weblog.spark.stream;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Offsets {@code [from, until)} of one partition of the stream's topic, as the Kafka source planned them for a
 * micro-batch. The pure arithmetic of sharing a batch's ranges out to its tasks lives here.
 */
record KafkaRange(int partition, long from, long until) implements Serializable {

  KafkaRange {
    if (from < 0 || until < from) {
      throw new IllegalArgumentException("offsets of partition " + partition + " must be 0 <= from <= until, got ["
          + from + ", " + until + ")");
    }
  }

  long size() {
    return until - from;
  }

  @Override
  public String toString() {
    return "partition " + partition + " offsets [" + from + ", " + until + ")";
  }

  /**
   * The ranges cut into at most {@code tasks} shares of about equal size, each a list of ranges to read in order:
   * adjacent ranges of a partition are joined first (the source splits a partition to balance its own tasks), then
   * the offsets are dealt out contiguously, so a share cuts at most two partitions and its reader seeks once per
   * partition it reads. Empty ranges are dropped; fewer shares come back when there are fewer offsets than tasks.
   */
  static List<List<KafkaRange>> shares(List<KafkaRange> ranges, int tasks) {
    if (tasks < 1) {
      throw new IllegalArgumentException("tasks must be positive, got " + tasks);
    }
    List<KafkaRange> joined = joined(ranges);
    long total = joined.stream().mapToLong(KafkaRange::size).sum();
    int count = (int) Math.min(tasks, total);
    List<List<KafkaRange>> shares = new ArrayList<>();
    int at = 0;
    long taken = 0;
    long done = 0;
    for (int s = 0; s < count; s++) {
      // Share s ends where the first (s + 1) / count of all offsets end: sizes differ by one offset at most.
      long end = total * (s + 1) / count;
      List<KafkaRange> share = new ArrayList<>();
      while (done < end) {
        KafkaRange r = joined.get(at);
        long take = Math.min(r.size() - taken, end - done);
        share.add(new KafkaRange(r.partition, r.from + taken, r.from + taken + take));
        taken += take;
        done += take;
        if (taken == r.size()) {
          at++;
          taken = 0;
        }
      }
      shares.add(List.copyOf(share));
    }
    return List.copyOf(shares);
  }

  /** Non-empty ranges by partition and offset, with each run of adjacent ones made one. */
  private static List<KafkaRange> joined(List<KafkaRange> ranges) {
    List<KafkaRange> sorted = ranges.stream().filter(r -> r.size() > 0)
        .sorted(Comparator.comparingInt(KafkaRange::partition).thenComparingLong(KafkaRange::from)).toList();
    List<KafkaRange> joined = new ArrayList<>();
    for (KafkaRange r : sorted) {
      KafkaRange last = joined.isEmpty() ? null : joined.get(joined.size() - 1);
      if (last != null && last.partition == r.partition && last.until == r.from) {
        joined.set(joined.size() - 1, new KafkaRange(r.partition, last.from, r.until));
      } else {
        joined.add(r);
      }
    }
    return joined;
  }
}
