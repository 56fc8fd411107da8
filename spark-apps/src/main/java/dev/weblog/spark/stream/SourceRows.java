package dev.weblog.spark.stream;

import java.util.UUID;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.datasources.v2.MicroBatchScanExec;
import org.apache.spark.sql.execution.metric.SQLMetric;
import org.apache.spark.sql.execution.streaming.runtime.StreamExecution;
import org.apache.spark.sql.execution.streaming.runtime.StreamingQueryWrapper;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryManager;
import scala.Option;

/**
 * Gives Spark the count of rows a micro-batch read when its tasks read Kafka themselves ({@link ShareTask}): Spark
 * counts a batch's input rows (a progress's {@code numInputRows} and rates, the UI's input rate) as the source's
 * scan emits them, and the scan never runs then. The count goes into the scan's own metric of the batch being
 * written, from which Spark takes it when the batch ends.
 */
final class SourceRows {

  private static final String OUTPUT_ROWS = "numOutputRows";

  private SourceRows() {}

  /**
   * Adds {@code rows} to the Kafka scan's count of the micro-batch running on this thread; false when there is no
   * such batch or scan (the count then stays Spark's own).
   *
   * @param queries the queries of the session that started the query (a batch runs in a clone of it, which has
   *     its own, empty list)
   */
  static boolean report(StreamingQueryManager queries, SparkContext spark, long rows) {
    String id = spark.getLocalProperty(StreamExecution.QUERY_ID_KEY());
    if (id == null) {
      return false;
    }
    StreamingQuery query = queries.get(UUID.fromString(id));
    if (!(query instanceof StreamingQueryWrapper wrapper) || wrapper.streamingQuery().lastExecution() == null) {
      return false;
    }
    MicroBatchScanExec scan = scan(wrapper.streamingQuery().lastExecution().executedPlan());
    Option<SQLMetric> count = scan == null ? Option.empty() : scan.metrics().get(OUTPUT_ROWS);
    if (count.isEmpty()) {
      return false;
    }
    count.get().add(rows);
    return true;
  }

  private static MicroBatchScanExec scan(SparkPlan plan) {
    if (plan instanceof MicroBatchScanExec scan) {
      return scan;
    }
    scala.collection.Iterator<SparkPlan> children = plan.children().iterator();
    while (children.hasNext()) {
      MicroBatchScanExec scan = scan(children.next());
      if (scan != null) {
        return scan;
      }
    }
    return null;
  }
}
