package dev.weblog.local;

import dev.weblog.common.HdfsLayout;
import dev.weblog.common.JobContract;
import dev.weblog.embedded.EmbeddedHdfs;
import dev.weblog.embedded.EmbeddedKafka;
import dev.weblog.producer.FileLineSource;
import dev.weblog.producer.Rate;
import dev.weblog.producer.ReplayOptions;
import dev.weblog.producer.ReplayProducer;
import dev.weblog.producer.ReplaySummary;
import dev.weblog.spark.stream.RunningStream;
import dev.weblog.spark.stream.StreamJob;
import dev.weblog.spark.stream.StreamOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongConsumer;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.spark.sql.SparkSession;

/**
 * Runs the stream's own query once over the first live lines, in a topic and an HDFS folder of its own that are
 * emptied afterwards, before the demo's replay starts. A fresh JVM runs the stream's per-line path (Kafka source,
 * decoder, scorers, Parquet writers, HDFS client) uncompiled: without this, the first micro-batches of the measured
 * lines took twice as long as later ones and made most of the demo's latency tail. Nothing of it reaches the
 * report: other topic, other folder, other query.
 */
final class StreamWarmUp {

  static final String TOPIC = "weblog-warm-up";
  private static final String QUERY = "warm-up";
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  private final SparkSession spark;
  private final EmbeddedHdfs hdfs;
  private final EmbeddedKafka kafka;
  private final HdfsLayout layout;

  StreamWarmUp(SparkSession spark, EmbeddedHdfs hdfs, EmbeddedKafka kafka, HdfsLayout layout) {
    this.spark = spark;
    this.hdfs = hdfs;
    this.kafka = kafka;
    this.layout = layout;
  }

  /** What the warm-up did: lines sent and accounted for, and how long it took. */
  record Outcome(long lines, Duration took) {}

  /**
   * Sends up to {@code lines} of {@code live} to the warm-up topic as fast as the broker takes them and waits, at
   * most {@code timeout}, until the query accounted for them. Fails as the stream would on the same lines.
   */
  Outcome run(Path live, long lines, int partitions, String trigger, Duration timeout, LongConsumer progress)
      throws Exception {
    long started = System.nanoTime();
    HdfsLayout scratch = new HdfsLayout(layout.base() + "-warm-up");
    FileSystem fs = hdfs.fileSystem();
    org.apache.hadoop.fs.Path folder = new org.apache.hadoop.fs.Path(scratch.base());
    fs.delete(folder, true);
    // The query scores with the models just trained, read from its own layout.
    FileUtil.copy(fs, new org.apache.hadoop.fs.Path(layout.models()), fs,
        new org.apache.hadoop.fs.Path(scratch.models()), false, fs.getConf());
    TopicOffsets topic = new TopicOffsets(kafka.bootstrapServers(), TOPIC);
    topic.create(partitions);
    Map<Integer, Long> before = topic.endOffsets();
    ReplaySummary sent;
    try (FileLineSource source = FileLineSource.open(live)) {
      sent = ReplayProducer.run(ReplayOptions.defaults().withBootstrapServers(kafka.bootstrapServers())
          .withTopic(TOPIC, partitions).withRate(Rate.parse("0")).withLimit(lines), source, new AtomicBoolean());
    }
    if (sent.failed() > 0 || sent.stoppedBy() != null) {
      throw new DemoInputException("the warm-up's producer stopped: " + sent.describe());
    }
    Map<Integer, Long> after = topic.endOffsets();
    List<String> args = JobContract.streamArgs(hdfs.uri(), scratch, kafka.bootstrapServers(), TOPIC, trigger);
    // Metrics and drift monitoring stay on, as in the demo's query: their code is on the same path.
    args.addAll(List.of("--query-name", QUERY, JobContract.OPT_STARTING_OFFSETS, topic.startingAt(before)));
    RunningStream stream = StreamJob.start(spark, StreamOptions.parse(args));
    try {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!topic.reached(stream, after)) {
        stream.failure().ifPresent(e -> {
          throw e;
        });
        if (System.nanoTime() > deadline) {
          throw new DemoInputException("the warm-up did not account for its " + sent.sent() + " lines within "
              + timeout.toSeconds() + " s");
        }
        progress.accept(topic.processedSince(before, stream));
        Thread.sleep(50);
      }
    } finally {
      stream.stopGracefully(STOP_TIMEOUT);
      fs.delete(folder, true);
    }
    return new Outcome(sent.sent(), Duration.ofNanos(System.nanoTime() - started));
  }
}
