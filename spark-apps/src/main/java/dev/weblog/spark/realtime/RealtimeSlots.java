package dev.weblog.spark.realtime;

import dev.weblog.spark.JobFailure;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;

/**
 * Real-time mode runs one task per Kafka partition for as long as the query: with fewer task slots than partitions
 * some partitions would never be read. Checked before the query starts.
 */
final class RealtimeSlots {

  /** {@code local}, {@code local[N]}, {@code local[*]}, {@code local[N,F]}: group 1 is N or *. */
  private static final Pattern LOCAL = Pattern.compile("local(?:\\[(\\*|\\d+)(?:,\\d+)?])?");

  private RealtimeSlots() {}

  /**
   * Task slots of the application: on Kubernetes the executors asked for times their cores (the executors may not
   * have registered yet); in local mode the threads of {@code local[N]}, which may be more than the cores (the
   * demo gives the real-time tasks threads of their own, see {@code OneMachineSession}); elsewhere Spark's default
   * parallelism.
   */
  static int available(SparkConf conf, int defaultParallelism) {
    String master = conf.get("spark.master", "");
    int cpusPerTask = conf.getInt("spark.task.cpus", 1);
    if (master.startsWith("k8s://")) {
      return conf.getInt("spark.executor.instances", 2) * conf.getInt("spark.executor.cores", 1) / cpusPerTask;
    }
    Matcher local = LOCAL.matcher(master);
    if (local.matches()) {
      return local.group(1) == null ? 1 : local.group(1).equals("*")
          ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(local.group(1));
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
