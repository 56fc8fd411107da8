package dev.weblog.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * A new topic for every measured run, counted and deleted after it: each run starts on empty partitions, and the
 * broker's log does not grow with the number of pairs.
 */
final class BenchTopics implements AutoCloseable {

  private static final long TIMEOUT_SECONDS = 30;
  private static final AtomicLong SEQUENCE = new AtomicLong();

  private final String bootstrap;
  private final Admin admin;

  private BenchTopics(String bootstrap, Admin admin) {
    this.bootstrap = bootstrap;
    this.admin = admin;
  }

  static BenchTopics open(String bootstrap) {
    return new BenchTopics(bootstrap, Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap)));
  }

  /** Creates a topic no earlier run used (the broker's folder outlives a run); waits until every partition answers. */
  String createFresh(String prefix, int partitions) {
    return createFresh(prefix, partitions, Map.of());
  }

  /** As above, with topic settings (e.g. the broker's own append time as the records' timestamps). */
  String createFresh(String prefix, int partitions, Map<String, String> configs) {
    String topic = prefix + "-" + System.currentTimeMillis() + "-" + SEQUENCE.incrementAndGet();
    try {
      admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1).configs(configs))).all()
          .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
      while (true) {
        try {
          records(topic, partitions);
          return topic;
        } catch (BenchFailure e) {
          // A new partition's leader needs a moment before it answers.
          if (System.nanoTime() > deadline) {
            throw e;
          }
          Thread.sleep(100);
        }
      }
    } catch (ExecutionException | TimeoutException e) {
      throw new BenchFailure("cannot create topic " + topic + " at " + bootstrap + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchFailure("interrupted while creating topic " + topic + " at " + bootstrap, e);
    }
  }

  /** The records the topic holds: the sum of its partitions' end offsets (no transactions, so no markers). */
  long records(String topic, int partitions) {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    for (int p = 0; p < partitions; p++) {
      latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
    }
    try {
      long sum = 0;
      for (ListOffsetsResultInfo info : admin.listOffsets(latest).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
          .values()) {
        sum += info.offset();
      }
      return sum;
    } catch (ExecutionException | TimeoutException e) {
      throw new BenchFailure("cannot read the end offsets of topic " + topic + " at " + bootstrap + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchFailure("interrupted while reading the end offsets of topic " + topic, e);
    }
  }

  void delete(String topic) {
    try {
      admin.deleteTopics(List.of(topic)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new BenchFailure("cannot delete topic " + topic + " at " + bootstrap + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchFailure("interrupted while deleting topic " + topic, e);
    }
  }

  @Override
  public void close() {
    admin.close();
  }
}
