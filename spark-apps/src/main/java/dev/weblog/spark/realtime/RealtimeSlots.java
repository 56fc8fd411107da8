package dev.weblog.spark.realtime;

import dev.weblog.spark.JobFailure;
import org.apache.spark.SparkConf;

/**
 * Real-time mode runs one task per Kafka partition for as long as the query: with fewer task slots than partitions
 * some partitions would never be read. Checked before the query starts.
 */
final class RealtimeSlots {

  private RealtimeSlots() {}

  /**
   * Task slots of the application: on Kubernetes the executors asked for times their cores (the executors may not
   * have registered yet), elsewhere Spark's default parallelism (local[N]: N).
   */
  static int available(SparkConf conf, int defaultParallelism) {
    if (conf.get("spark.master", "").startsWith("k8s://")) {
      int cpusPerTask = conf.getInt("spark.task.cpus", 1);
      return conf.getInt("spark.executor.instances", 2) * conf.getInt("spark.executor.cores", 1) / cpusPerTask;
    }
    return defaultParallelism;
  }

  static void require(SparkConf conf, int defaultParallelism, int partitions, String topic) {
    int slots = available(conf, defaultParallelism);
    if (slots < partitions) {
      throw new JobFailure("topic '" + topic + "' has " + partitions + " partitions but the real-time job has "
          + slots + " task slot(s) (executors x cores); real-time mode keeps one task per partition running, so it "
          + "needs at least " + partitions);
    }
  }
}
