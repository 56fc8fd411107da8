package dev.weblog.spark;

import org.apache.spark.sql.SparkSession;

/**
 * A SparkSession for everything on one machine (the demo, the benchmarks, the tests), next to an in-process
 * HDFS: the one place for the settings that keep it from stalling.
 */
public final class OneMachineSession {

  private OneMachineSession() {}

  /**
   * Loopback binding and no locality wait: HDFS reports its blocks on localhost, and a driver that advertises
   * another address left tasks waiting for that locality with nothing to wake the local scheduler again.
   */
  public static SparkSession.Builder builder(String appName, String master) {
    return SparkSession.builder()
        .appName(appName)
        .master(master)
        .config("spark.driver.host", "localhost")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.locality.wait", "0");
  }

  /**
   * The session's default parallelism: one task thread per core of this machine. The demo gives its topic as many
   * partitions by default, so each task of a micro-batch reads one whole partition.
   */
  public static int cores() {
    return Runtime.getRuntime().availableProcessors();
  }

  /** Every core, {@code hdfsUri} as the default file system; {@code uiPort} 0 turns the Spark UI off. */
  public static SparkSession start(String appName, String hdfsUri, int uiPort) {
    return start(appName, hdfsUri, uiPort, 0);
  }

  /**
   * As above with {@code extraSlots} task threads beyond the cores, for the real-time job's tasks: each holds a
   * slot for as long as its query runs and mostly waits on Kafka. The default parallelism stays the cores, so every
   * other job splits its work as it would without them.
   */
  public static SparkSession start(String appName, String hdfsUri, int uiPort, int extraSlots) {
    int cores = cores();
    SparkSession.Builder builder = builder(appName, extraSlots == 0 ? "local[*]" : "local[" + (cores + extraSlots)
        + "]")
        .config("spark.default.parallelism", Integer.toString(cores))
        .config("spark.hadoop.fs.defaultFS", hdfsUri)
        // MiniDFSCluster acknowledges closed blocks late; the default 400 ms first retry slows every small file.
        .config("spark.hadoop.dfs.client.block.write.locateFollowingBlock.initial.delay.ms", "10")
        .config("spark.sql.shuffle.partitions", Integer.toString(Math.max(4, 2 * cores)))
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.ui.showConsoleProgress", "false");
    if (uiPort == 0) {
      builder.config("spark.ui.enabled", "false");
    } else {
      builder.config("spark.ui.port", Integer.toString(uiPort));
    }
    return builder.getOrCreate();
  }
}
