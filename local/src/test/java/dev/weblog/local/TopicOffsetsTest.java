package dev.weblog.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicOffsetsTest {

  @Test
  void startingOffsetsNameEveryPartitionOfTheTopicInSparksJson() {
    TopicOffsets topic = new TopicOffsets("localhost:1", "weblog-live");
    assertEquals("{\"weblog-live\":{\"0\":20130,\"1\":6711,\"2\":0}}",
        topic.startingAt(Map.of(2, 0L, 0, 20130L, 1, 6711L)));
  }
}
