package dev.weblog.spark.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class StreamTasksTest {

  @Test
  void partitionsThatShareOutEvenlyAreLeftWhole() {
    assertEquals(4, StreamTasks.balanced(4, 2));
    assertEquals(12, StreamTasks.balanced(12, 4));
    assertEquals(3, StreamTasks.balanced(3, 1));
  }

  @Test
  void otherwiseEachCoreGetsAsManyTasks() {
    assertEquals(6, StreamTasks.balanced(3, 2), "3 partitions on 2 cores: each split in two");
    assertEquals(2, StreamTasks.balanced(1, 2), "one partition still keeps both cores busy");
    assertEquals(12, StreamTasks.balanced(3, 4));
  }

  @Test
  void tooManyTasksPerCoreIsNotWorthTheBalance() {
    assertEquals(7, StreamTasks.balanced(7, 8), "lcm 56 would be 7 per core");
    assertEquals(5, StreamTasks.balanced(5, 3), "lcm 15 would be 5 per core");
  }

  @Test
  void nothingToShareIsAMistake() {
    assertThrows(IllegalArgumentException.class, () -> StreamTasks.balanced(0, 2));
  }
}
