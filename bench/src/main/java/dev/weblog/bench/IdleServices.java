package dev.weblog.bench;

import dev.weblog.embedded.EmbeddedHdfs;
import dev.weblog.embedded.EmbeddedKafka;
import dev.weblog.spark.OneMachineSession;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/**
 * The memory stage's baseline: the demo's services started as the demo starts them (HDFS, Kafka, a Spark session
 * with its UI), left idle for a few seconds, then closed. Run as a child JVM: {@code IdleServices WORK SECONDS}.
 */
public final class IdleServices {

  /** The demo's default --spark-ui-port: the UI is part of what the demo keeps in memory. */
  static final int DEMO_UI_PORT = 4040;

  private IdleServices() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: IdleServices WORK_DIR SECONDS");
      System.exit(2);
    }
    Path work = Path.of(args[0]);
    long seconds = Long.parseLong(args[1]);
    try (EmbeddedHdfs hdfs = EmbeddedHdfs.builder(work.resolve("hdfs")).start();
        EmbeddedKafka kafka = EmbeddedKafka.start(work.resolve("kafka"))) {
      SparkSession spark = OneMachineSession.start("weblog-idle", hdfs.uri(), DEMO_UI_PORT);
      try {
        System.out.println("idle: HDFS " + hdfs.uri() + ", Kafka " + kafka.bootstrapServers() + ", Spark "
            + spark.version() + "; idle for " + seconds + " s");
        Thread.sleep(seconds * 1000);
      } finally {
        spark.stop();
      }
    }
    // Hadoop and Kafka leave non-daemon threads behind; the demo's command exits the same way.
    System.exit(0);
  }
}
