package dev.weblog.bench;

import dev.weblog.common.HdfsLayout;
import dev.weblog.embedded.EmbeddedHdfs;
import dev.weblog.embedded.EmbeddedKafka;
import dev.weblog.spark.OneMachineSession;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/**
 * What every stage shares, started once per run: HDFS, the Spark session and, for the stages that need it,
 * Kafka (started on first use, so the batch stages do not share the cores with an idle broker).
 */
final class BenchEnvironment implements AutoCloseable {

  private final Path work;
  private final EmbeddedHdfs hdfs;
  private final SparkSession spark;
  private EmbeddedKafka kafka;

  private BenchEnvironment(Path work, EmbeddedHdfs hdfs, SparkSession spark) {
    this.work = work;
    this.hdfs = hdfs;
    this.spark = spark;
  }

  /** A fresh HDFS under {@code work/hdfs}: figures must not depend on what an earlier run left. */
  static BenchEnvironment start(Path work) {
    return start(work, 0);
  }

  /** As above, with task threads beyond the cores for real-time tasks ({@link OneMachineSession#start}). */
  static BenchEnvironment start(Path work, int extraSlots) {
    EmbeddedHdfs hdfs = EmbeddedHdfs.builder(work.resolve("hdfs")).keepData(false).start();
    try {
      return new BenchEnvironment(work, hdfs, OneMachineSession.start("weblog-bench", hdfs.uri(), 0, extraSlots));
    } catch (RuntimeException e) {
      hdfs.close();
      throw e;
    }
  }

  Path work() {
    return work;
  }

  EmbeddedHdfs hdfs() {
    return hdfs;
  }

  SparkSession spark() {
    return spark;
  }

  /** Where the project's jobs read and write; baselines write beside it. */
  HdfsLayout layout() {
    return new HdfsLayout("/bench/project");
  }

  synchronized EmbeddedKafka kafka() {
    if (kafka == null) {
      kafka = EmbeddedKafka.start(work.resolve("kafka"));
    }
    return kafka;
  }

  @Override
  public synchronized void close() {
    spark.stop();
    if (kafka != null) {
      kafka.close();
    }
    hdfs.close();
  }
}
