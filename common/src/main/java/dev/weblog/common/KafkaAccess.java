package dev.weblog.common;

import java.util.List;

/**
 * The least each Kafka client of the pipeline needs, as ACL grants. The operator turns them into the Strimzi
 * KafkaUsers' ACLs, and the secured-broker tests grant exactly these, so a missing right fails a test.
 * Operation names are Kafka's and Strimzi's ({@code Read}, {@code Write}, {@code Describe}).
 */
public final class KafkaAccess {

  /** What an ACL is on. */
  public enum ResourceType {
    TOPIC, GROUP
  }

  /** Operations on one resource, named exactly or by prefix. */
  public record Grant(ResourceType type, String name, boolean prefix, List<String> operations) {}

  /** The consumer group prefix of the stream's Spark Kafka source, set on the source so the ACL can name it. */
  public static final String STREAM_GROUP_PREFIX = "weblog-stream";
  /** The same for the real-time job's source. */
  public static final String REALTIME_GROUP_PREFIX = "weblog-realtime";

  private KafkaAccess() {}

  /**
   * Describe: the replay checks the topic's partitions and leaders before sending. Write: the records; since
   * Kafka 2.8 it also covers the idempotent producer's id, so no cluster-wide IdempotentWrite.
   */
  public static List<Grant> producer(String topic) {
    return List.of(new Grant(ResourceType.TOPIC, topic, false, List.of("Write", "Describe")));
  }

  /**
   * Describe: the start-up check and Spark's driver (an admin client) describe the topic and list its offsets.
   * Read: the executors' consumers fetch their assigned partitions, in consumer groups named with the prefix.
   */
  public static List<Grant> stream(String topic) {
    return List.of(new Grant(ResourceType.TOPIC, topic, false, List.of("Read", "Describe")),
        new Grant(ResourceType.GROUP, STREAM_GROUP_PREFIX, true, List.of("Read")));
  }

  /**
   * The real-time job reads the lines as the stream does (in its own groups) and writes the events: Write and
   * Describe on the predictions and quarantine topics (the start-up check describes them too). Read on them too:
   * the driver reads its own events back for its metrics, with a consumer that assigns itself every partition and
   * has no group id, so it fetches and lists offsets (Read, Describe) but never asks a group coordinator (no grant
   * on a group). Its end offsets of the lines' topic are covered by Describe there.
   */
  public static List<Grant> realtime(String topic, String predictionsTopic, String quarantineTopic) {
    return List.of(new Grant(ResourceType.TOPIC, topic, false, List.of("Read", "Describe")),
        new Grant(ResourceType.GROUP, REALTIME_GROUP_PREFIX, true, List.of("Read")),
        new Grant(ResourceType.TOPIC, predictionsTopic, false, List.of("Read", "Write", "Describe")),
        new Grant(ResourceType.TOPIC, quarantineTopic, false, List.of("Read", "Write", "Describe")));
  }
}
