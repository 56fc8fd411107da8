package dev.weblog.bench;

import dev.weblog.embedded.EmbeddedHdfs;
import org.apache.spark.sql.SparkSession;

/** The benchmark's one Spark session, set up as the demo's: every core, HDFS as the default file system. */
final class BenchSpark {

  private BenchSpark() {}

  static SparkSession start(EmbeddedHdfs hdfs) {
    int cores = Runtime.getRuntime().availableProcessors();
    return SparkSession.builder()
        .appName("weblog-bench")
        .master("local[*]")
        .config("spark.hadoop.fs.defaultFS", hdfs.uri())
        // MiniDFSCluster acknowledges closed blocks late; the default 400 ms first retry slows every small file.
        .config("spark.hadoop.dfs.client.block.write.locateFollowingBlock.initial.delay.ms", "10")
        .config("spark.sql.shuffle.partitions", Integer.toString(Math.max(4, 2 * cores)))
        .config("spark.sql.session.timeZone", "UTC")
        // One machine: bind to loopback like HDFS and Kafka, and never wait for a "better" locality (tasks hang).
        .config("spark.driver.host", "localhost")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.locality.wait", "0")
        .config("spark.ui.showConsoleProgress", "false")
        // A UI would only compete with the measured work for the same cores.
        .config("spark.ui.enabled", "false")
        .getOrCreate();
  }
}
