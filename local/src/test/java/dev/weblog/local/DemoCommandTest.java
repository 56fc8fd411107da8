package dev.weblog.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weblog.spark.OneMachineSession;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DemoCommandTest {

  private static DemoSettings settings(String... args) {
    DemoCommand command = new DemoCommand();
    new CommandLine(command).parseArgs(args);
    return command.settings();
  }

  @Test
  void topicHasOnePartitionPerCoreUnlessGiven() {
    assertEquals(OneMachineSession.cores(), settings().partitions(), "one per task thread of the session");
    assertEquals(7, settings("--partitions", "7").partitions());
  }

  @Test
  void rejectsATopicWithoutPartitions() {
    DemoInputException e = assertThrows(DemoInputException.class, () -> settings("--partitions", "0"));
    assertTrue(e.getMessage().contains("--partitions"), e.getMessage());
  }
}
