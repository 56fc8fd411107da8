package dev.weblog.local;

import dev.weblog.embedded.EmbeddedHdfs;
import org.apache.spark.sql.SparkSession;

/** The demo's one Spark session: every core of this machine, HDFS as the default file system. */
final class DemoSpark {

  private DemoSpark() {}

  static SparkSession start(EmbeddedHdfs hdfs, int uiPort) {
    int cores = Runtime.getRuntime().availableProcessors();
    SparkSession.Builder builder = SparkSession.builder()
        .appName("weblog-demo")
        .master("local[*]")
        .config("spark.hadoop.fs.defaultFS", hdfs.uri())
        // MiniDFSCluster acknowledges closed blocks late; the default 400 ms first retry slows every small file.
        .config("spark.hadoop.dfs.client.block.write.locateFollowingBlock.initial.delay.ms", "10")
        .config("spark.sql.shuffle.partitions", Integer.toString(Math.max(4, 2 * cores)))
        .config("spark.sql.session.timeZone", "UTC")
        // One machine: bind to loopback like HDFS and Kafka, and never wait for a "better" locality.
        .config("spark.driver.host", "localhost")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.locality.wait", "0")
        .config("spark.ui.showConsoleProgress", "false");
    if (uiPort == 0) {
      builder.config("spark.ui.enabled", "false");
    } else {
      builder.config("spark.ui.port", Integer.toString(uiPort));
    }
    return builder.getOrCreate();
  }
}
