package dev.weblog.spark.stream;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.Dependency;
import org.apache.spark.Partition;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.execution.datasources.v2.DataSourceRDD;
import org.apache.spark.sql.execution.datasources.v2.DataSourceRDDPartition;
import org.apache.spark.sql.kafka010.KafkaBatchInputPartition;
import org.apache.spark.sql.kafka010.KafkaOffsetRange;

/**
 * What Spark's Kafka source planned for a micro-batch, taken from the batch's RDD before any of it runs: the topic,
 * the offset ranges (from the offsets Spark logged in the checkpoint for this batch id, so a re-run plans the same),
 * the consumer settings the source would give its executors, and how long a fetch may take.
 *
 * @param consumerSettings the source's executor settings: the user's {@code kafka.*} options (security included),
 *     byte-array deserializers, no auto commit, no offset reset
 * @param pollTimeoutMillis the source's {@code kafkaConsumer.pollTimeoutMs}
 */
record KafkaBatchPlan(String topic, Map<String, Object> consumerSettings, long pollTimeoutMillis,
    List<KafkaRange> ranges) implements Serializable {

  /**
   * The plan of a batch whose rows come from Spark's Kafka source (the micro-batch reader's partitions); empty for
   * any other RDD, which the caller then runs as it is.
   */
  static Optional<KafkaBatchPlan> of(RDD<?> rows) {
    DataSourceRDD source = kafkaScan(rows);
    if (source == null) {
      return Optional.empty();
    }
    String topic = null;
    Map<String, Object> settings = null;
    long pollTimeout = 0;
    List<KafkaRange> ranges = new ArrayList<>();
    for (Partition p : source.partitions()) {
      if (!(p instanceof DataSourceRDDPartition part)) {
        return Optional.empty();
      }
      scala.collection.Iterator<InputPartition> inputs = part.inputPartitions().iterator();
      while (inputs.hasNext()) {
        if (!(inputs.next() instanceof KafkaBatchInputPartition kafka)) {
          return Optional.empty();
        }
        KafkaOffsetRange r = kafka.offsetRange();
        if (topic != null && !topic.equals(r.topic())) {
          return Optional.empty();
        }
        topic = r.topic();
        settings = kafka.executorKafkaParams();
        pollTimeout = kafka.pollTimeoutMs();
        ranges.add(new KafkaRange(r.partition(), r.fromOffset(), r.untilOffset()));
      }
    }
    return topic == null ? Optional.empty()
        : Optional.of(new KafkaBatchPlan(topic, new HashMap<>(settings), pollTimeout, List.copyOf(ranges)));
  }

  /** The scan of Spark's micro-batch reader under {@code rdd}, or null. */
  private static DataSourceRDD kafkaScan(RDD<?> rdd) {
    if (rdd instanceof DataSourceRDD scan) {
      return scan;
    }
    scala.collection.Iterator<Dependency<?>> parents = rdd.dependencies().iterator();
    while (parents.hasNext()) {
      DataSourceRDD scan = kafkaScan(parents.next().rdd());
      if (scan != null) {
        return scan;
      }
    }
    return null;
  }
}
