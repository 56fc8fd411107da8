package dev.weblog.spark.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KafkaRangeTest {

  @Test
  void theSourcesSplitsOfAPartitionAreJoinedAndDealtOutEvenly() {
    // 3 partitions split in two by the source (minPartitions 6), 2 cores: each share reads a partition and a half.
    List<KafkaRange> planned = List.of(new KafkaRange(0, 100, 150), new KafkaRange(0, 150, 200),
        new KafkaRange(1, 0, 50), new KafkaRange(1, 50, 100), new KafkaRange(2, 7, 57), new KafkaRange(2, 57, 107));
    assertEquals(List.of(
        List.of(new KafkaRange(0, 100, 200), new KafkaRange(1, 0, 50)),
        List.of(new KafkaRange(1, 50, 100), new KafkaRange(2, 7, 107))), KafkaRange.shares(planned, 2));
  }

  @Test
  void everyOffsetIsInExactlyOneShareAndSharesDifferByOneAtMost() {
    List<KafkaRange> planned = List.of(new KafkaRange(4, 0, 1), new KafkaRange(2, 10, 333),
        new KafkaRange(0, 5, 5), new KafkaRange(1, 1_000_000, 1_000_017));
    for (int tasks = 1; tasks <= 9; tasks++) {
      List<List<KafkaRange>> shares = KafkaRange.shares(planned, tasks);
      assertEquals(tasks, shares.size());
      List<Long> sizes = shares.stream().map(s -> s.stream().mapToLong(KafkaRange::size).sum()).toList();
      long most = sizes.stream().mapToLong(Long::longValue).max().orElseThrow();
      long least = sizes.stream().mapToLong(Long::longValue).min().orElseThrow();
      assertTrue(most - least <= 1, tasks + " tasks: " + sizes);
      List<long[]> offsets = new ArrayList<>();
      shares.forEach(s -> s.forEach(r -> {
        for (long o = r.from(); o < r.until(); o++) {
          offsets.add(new long[] {r.partition(), o});
        }
      }));
      assertEquals(1 + 323 + 17, offsets.size(), tasks + " tasks");
      assertEquals(offsets.size(), offsets.stream().map(o -> o[0] + ":" + o[1]).distinct().count());
    }
  }

  @Test
  void fewerOffsetsThanTasksGiveFewerShares() {
    assertEquals(List.of(List.of(new KafkaRange(0, 3, 4)), List.of(new KafkaRange(0, 4, 5))),
        KafkaRange.shares(List.of(new KafkaRange(0, 3, 5)), 4));
    assertEquals(List.of(), KafkaRange.shares(List.of(new KafkaRange(1, 9, 9)), 2), "an empty batch has no task");
    assertEquals(List.of(), KafkaRange.shares(List.of(), 2));
  }

  @Test
  void rangesThatAreNotAdjacentStaySeparate() {
    assertEquals(List.of(List.of(new KafkaRange(0, 0, 10), new KafkaRange(0, 20, 30))),
        KafkaRange.shares(List.of(new KafkaRange(0, 20, 30), new KafkaRange(0, 0, 10)), 1));
  }

  @Test
  void refusesWhatCannotBeARange() {
    assertThrows(IllegalArgumentException.class, () -> new KafkaRange(0, 5, 4));
    assertThrows(IllegalArgumentException.class, () -> new KafkaRange(0, -1, 4));
    assertThrows(IllegalArgumentException.class, () -> KafkaRange.shares(List.of(), 0));
  }
}
