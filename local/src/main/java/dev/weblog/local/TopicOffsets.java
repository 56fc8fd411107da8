package dev.weblog.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weblog.spark.stream.RunningStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.spark.sql.streaming.SourceProgress;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

/**
 * The demo topic's offsets: where this run's lines start and end, and how far the streaming query got. The
 * report counts exactly the records between the two, so an earlier run's records never blur the figures.
 */
final class TopicOffsets {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long TIMEOUT_SECONDS = 30;

  private final String bootstrap;
  private final String topic;

  TopicOffsets(String bootstrap, String topic) {
    this.bootstrap = bootstrap;
    this.topic = topic;
  }

  /** Creates the topic unless it exists, then waits until every partition answers (a new leader needs a moment). */
  void create(int partitions) throws Exception {
    create(partitions, Map.of());
  }

  /** As above, with topic settings for a new topic (an existing one keeps its own). */
  void create(int partitions, Map<String, String> configs) throws Exception {
    try (Admin admin = admin()) {
      try {
        admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1).configs(configs))).all()
            .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw new IllegalStateException("cannot create topic " + topic + " at " + bootstrap + ": "
              + e.getCause().getMessage(), e);
        }
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
      while (true) {
        try {
          endOffsets(admin);
          return;
        } catch (ExecutionException | TimeoutException e) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("topic " + topic + " at " + bootstrap + " has no ready partitions", e);
          }
          Thread.sleep(200);
        }
      }
    }
  }

  Map<Integer, Long> endOffsets() throws Exception {
    try (Admin admin = admin()) {
      return endOffsets(admin);
    }
  }

  /**
   * Spark's {@code startingOffsets} JSON for reading this topic from {@code offsets} on: a rerun on the same work
   * folder keeps the broker's log, and a query started at "earliest" would score the earlier run's lines again.
   */
  String startingAt(Map<Integer, Long> offsets) {
    var partitions = JSON.createObjectNode();
    new java.util.TreeMap<>(offsets).forEach((partition, offset) -> partitions.put(partition.toString(), offset));
    return JSON.createObjectNode().set(topic, partitions).toString();
  }

  /** Records the query has finished since {@code before}, from its last progress report. */
  long processedSince(Map<Integer, Long> before, RunningStream stream) {
    long n = 0;
    for (Map.Entry<Integer, Long> e : reached(stream).entrySet()) {
      n += Math.max(0, e.getValue() - before.getOrDefault(e.getKey(), 0L));
    }
    return n;
  }

  /** True once the query's last finished batch ends at or after {@code target} on every partition. */
  boolean reached(RunningStream stream, Map<Integer, Long> target) {
    Map<Integer, Long> reached = reached(stream);
    return target.entrySet().stream().allMatch(e -> reached.getOrDefault(e.getKey(), 0L) >= e.getValue());
  }

  private Map<Integer, Long> reached(RunningStream stream) {
    Map<Integer, Long> offsets = new HashMap<>();
    StreamingQueryProgress progress = stream.query().lastProgress();
    if (progress == null) {
      return offsets;
    }
    for (SourceProgress source : progress.sources()) {
      try {
        JsonNode partitions = JSON.readTree(source.endOffset()).path(topic);
        partitions.properties().forEach(p -> offsets.put(Integer.parseInt(p.getKey()), p.getValue().asLong()));
      } catch (Exception e) {
        // A progress report without Kafka offsets (no data yet) counts as nothing reached.
      }
    }
    return offsets;
  }

  private Map<Integer, Long> endOffsets(Admin admin) throws Exception {
    int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
        .get(topic).partitions().size();
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    for (int p = 0; p < partitions; p++) {
      request.put(new TopicPartition(topic, p), OffsetSpec.latest());
    }
    Map<Integer, Long> offsets = new HashMap<>();
    for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e : admin.listOffsets(request).all()
        .get(TIMEOUT_SECONDS, TimeUnit.SECONDS).entrySet()) {
      offsets.put(e.getKey().partition(), e.getValue().offset());
    }
    return offsets;
  }

  private Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) Duration.ofSeconds(TIMEOUT_SECONDS).toMillis()));
  }
}
