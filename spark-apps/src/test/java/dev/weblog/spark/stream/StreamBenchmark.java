package dev.weblog.spark.stream;

import static org.apache.spark.sql.functions.col;

import dev.weblog.common.HdfsLayout;
import dev.weblog.common.WebLogRecord;
import dev.weblog.common.generator.GeneratorConfig;
import dev.weblog.common.generator.WebLogGenerator;
import dev.weblog.spark.SharedCluster;
import dev.weblog.spark.SharedKafka;
import dev.weblog.spark.StreamColumns;
import dev.weblog.spark.StreamTestData;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Not a test: measures StreamJob on this machine with the test cluster (HDFS, KRaft Kafka, Spark local[2]).
 * Phase 1 drains a pre-filled topic (throughput); phase 2 streams lines produced at a steady rate while the query
 * runs (latency, Kafka timestamp to batch committed). Arguments: records [rate/s] [seconds] [max-offsets].
 */
public final class StreamBenchmark {

  private static final int PARTITIONS = 3;

  private StreamBenchmark() {}

  public static void main(String[] args) throws Exception {
    long records = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
    int rate = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 60;
    String maxOffsets = args.length > 3 ? args[3] : "100000";
    SparkSession spark = SharedCluster.spark();
    SharedKafka.kafka();

    String drainBase = StreamTestData.baseWithModels("bench-drain");
    SharedKafka.createTopic("bench-drain", PARTITIONS);
    long produceStart = System.nanoTime();
    SharedKafka.send("bench-drain", lines(records, 101));
    System.out.printf("BENCH produced %d records in %.1f s%n", records, seconds(produceStart));
    long started = System.nanoTime();
    RunningStream drain = StreamJob.start(spark, options(drainBase, "bench-drain", "drain", maxOffsets));
    await(drain, records);
    double drainWall = seconds(started);
    drain.stopGracefully(Duration.ofMinutes(5));
    report(spark, "drain (backlog of " + records + ", max " + maxOffsets + " per trigger)", drainBase, drainWall);

    String liveBase = StreamTestData.baseWithModels("bench-live");
    SharedKafka.createTopic("bench-live", PARTITIONS);
    RunningStream live = StreamJob.start(spark, options(liveBase, "bench-live", "live", maxOffsets));
    long liveRecords = (long) rate * seconds;
    started = System.nanoTime();
    produceAtRate("bench-live", lines(liveRecords, 202), rate);
    await(live, liveRecords);
    double liveWall = seconds(started);
    live.stopGracefully(Duration.ofMinutes(5));
    report(spark, "live (" + rate + " records/s for " + seconds + " s)", liveBase, liveWall);
    System.exit(0);
  }

  private static StreamOptions options(String base, String topic, String query, String maxOffsets) {
    return StreamOptions.parse(List.of(SharedCluster.args(base, "--bootstrap-servers", SharedKafka.bootstrapServers(),
        "--topic", topic, "--trigger", "1 second", "--max-offsets-per-trigger", maxOffsets, "--query-name", query)));
  }

  private static Iterable<byte[]> lines(long count, long seed) {
    return () -> {
      Iterator<WebLogRecord> records = new WebLogGenerator(GeneratorConfig.defaults().withHistoryRows(20_000)
          .withLiveRows(count).withSeed(seed)).live();
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return records.hasNext();
        }

        @Override
        public byte[] next() {
          return records.next().toCsvLine().getBytes(StandardCharsets.UTF_8);
        }
      };
    };
  }

  /** Sends in 10 ms slices so the Kafka timestamps spread evenly over the run. */
  private static void produceAtRate(String topic, Iterable<byte[]> lines, int rate) throws InterruptedException {
    Iterator<byte[]> all = lines.iterator();
    AtomicReference<Exception> failed = new AtomicReference<>();
    try (KafkaProducer<byte[], byte[]> producer = SharedKafka.producer()) {
      long start = System.nanoTime();
      long sent = 0;
      while (all.hasNext()) {
        long due = (System.nanoTime() - start) * rate / 1_000_000_000L + 1;
        while (sent < due && all.hasNext()) {
          SharedKafka.send(producer, topic, all.next(), failed);
          sent++;
        }
        Thread.sleep(10);
      }
      producer.flush();
    }
    if (failed.get() != null) {
      throw new IllegalStateException("sending failed: " + failed.get(), failed.get());
    }
  }

  private static void await(RunningStream stream, long records) throws InterruptedException {
    while (stream.committedRecords() < records) {
      if (!stream.isActive()) {
        throw new IllegalStateException("query ended: " + stream.exception());
      }
      Thread.sleep(100);
    }
  }

  private static void report(SparkSession spark, String phase, String base, double wallSeconds) {
    HdfsLayout layout = new HdfsLayout(base);
    Dataset<Row> batches = spark.read().parquet(SharedCluster.uri() + layout.streamBatches());
    Dataset<Row> predictions = spark.read().parquet(SharedCluster.uri() + layout.streamPredictions());
    Row span = batches.agg(functions.sum(StreamColumns.INPUT_ROWS), functions.count(functions.lit(1)),
        functions.min(StreamColumns.PROCESSED_AT), functions.max(StreamColumns.COMMITTED_AT),
        functions.expr("percentile(unix_millis(" + StreamColumns.COMMITTED_AT + ") - unix_millis("
            + StreamColumns.PROCESSED_AT + "), array(0.5, 0.99))"))
        .first();
    long total = span.getLong(0);
    double busySeconds = (span.getTimestamp(3).getTime() - span.getTimestamp(2).getTime()) / 1000.0;
    Row latency = predictions.join(batches.select(StreamColumns.BATCH_ID, StreamColumns.COMMITTED_AT),
        StreamColumns.BATCH_ID)
        .select(functions.expr("unix_millis(" + StreamColumns.COMMITTED_AT + ") - unix_millis("
            + StreamColumns.KAFKA_TIMESTAMP + ")").as("ms"))
        .agg(functions.expr("percentile(ms, array(0.5, 0.95, 0.99))"), functions.max(col("ms"))).first();
    List<Double> p = latency.getList(0);
    List<Double> batchMs = span.getList(4);
    System.out.printf("BENCH %s: %d records in %d batches; wall %.1f s (%.0f records/s); first batch start to last"
        + " commit %.1f s (%.0f records/s); batch duration p50 %.0f ms p99 %.0f ms; latency Kafka timestamp to"
        + " batch committed p50 %.0f ms, p95 %.0f ms, p99 %.0f ms, max %d ms%n",
        phase, total, span.getLong(1), wallSeconds, total / wallSeconds, busySeconds, total / busySeconds,
        batchMs.get(0), batchMs.get(1), p.get(0), p.get(1), p.get(2), latency.getLong(1));
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }
}
