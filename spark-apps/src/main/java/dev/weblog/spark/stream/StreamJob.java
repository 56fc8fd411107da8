package dev.weblog.spark.stream;

import dev.weblog.common.HdfsLayout;
import dev.weblog.common.KafkaAccess;
import dev.weblog.common.KafkaClientSecurity;
import dev.weblog.spark.JobFailure;
import dev.weblog.spark.JobLauncher;
import dev.weblog.spark.KafkaTopicCheck;
import dev.weblog.spark.StagedDirectory;
import dev.weblog.spark.StorageCheck;
import dev.weblog.spark.StorageOptions;
import dev.weblog.spark.model.ModelRegistry;
import dev.weblog.spark.model.RecordScorer;
import dev.weblog.spark.model.ServingModels;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.ShutdownHookManager;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.DataStreamReader;
import org.apache.spark.sql.streaming.StreamingQuery;

/**
 * Kafka lines to predictions of both CURRENT models, exactly once (see {@link StreamBatchWriter}): valid lines
 * are archived to {@code stream/raw/} and scored into {@code stream/predictions/}, rejected ones go to
 * {@code quarantine/stream/}, each micro-batch is logged in {@code stream/batches/}, and the checkpoint lives in
 * {@code checkpoints/<query-name>/}. A promoted model is picked up from the next micro-batch on.
 */
public final class StreamJob {

  /** Above Spark's own hook (40), so the running batch finishes before Spark and HDFS shut down. */
  private static final int SHUTDOWN_PRIORITY = 50;
  private static final long REPORT_WAIT_SECONDS = 10;
  private static final String FETCH_MAX_WAIT_MS = "20";
  /** Records per poll and bytes per partition fetch: a task reads tens of thousands of ~100-byte records. */
  private static final String MAX_POLL_RECORDS = "10000";
  private static final String MAX_PARTITION_FETCH_BYTES = Integer.toString(4 << 20);
  private static final Logger LOG = LogManager.getLogger(StreamJob.class);

  private StreamJob() {}

  public static void main(String[] args) {
    int code = execute(args, () -> JobLauncher.session("weblog-stream"));
    // On SIGTERM the shutdown hook may still be inside query.stop(); Spark's own hook stops the session after it.
    if (!ShutdownHookManager.get().isShutdownInProgress()) {
      JobLauncher.stopActiveSession();
    }
    System.exit(code);
  }

  /** Parses the arguments, runs until stopped (SIGTERM, Ctrl-C) or failed; the exit code main would return. */
  public static int execute(String[] args, Supplier<SparkSession> session) {
    // On SIGTERM the hook waits for this, so the outcome line is printed before Spark's own hooks run.
    CountDownLatch reported = new CountDownLatch(1);
    try {
      return launch(args, session, reported);
    } finally {
      reported.countDown();
    }
  }

  private static int launch(String[] args, Supplier<SparkSession> session, CountDownLatch reported) {
    return JobLauncher.launch("StreamJob", new StreamOptions(), args, options -> {
      RunningStream stream = start(session.get(), options);
      System.out.println("StreamJob: query '" + options.queryName() + "' scoring topic '" + options.topic() + "' from "
          + options.bootstrapServers() + ", checkpoint " + stream.checkpoint()
          + (options.kafkaOptions().isEmpty() ? "" : ", Kafka client settings "
              + KafkaClientSecurity.masked(options.kafkaOptions())));
      Runnable stop = () -> {
        stream.stopGracefully(options.stopTimeout());
        awaitQuietly(reported);
      };
      ShutdownHookManager hooks = ShutdownHookManager.get();
      hooks.addShutdownHook(stop, SHUTDOWN_PRIORITY, options.stopTimeout().plus(options.metricsLinger()).toSeconds()
          + 10, TimeUnit.SECONDS);
      try {
        stream.awaitTermination();
        stream.failure().ifPresent(e -> {
          throw e;
        });
        System.out.println("StreamJob: stopped after " + stream.committedBatches() + " micro-batch(es), "
            + stream.committedRecords() + " record(s) committed");
      } finally {
        if (!hooks.isShutdownInProgress()) {
          hooks.removeShutdownHook(stop);
        }
      }
      return 0;
    });
  }

  /** Checks the models and the topic, then starts the query; it runs until {@link RunningStream#stopGracefully}. */
  public static RunningStream start(SparkSession spark, StreamOptions options) {
    options.validate();
    long started = System.nanoTime();
    FileSystem fs = options.storage().fileSystem(spark);
    StorageCheck.requireReachable(fs);
    HdfsLayout layout = options.storage().layout();
    ServingModels models = new ServingModels(new ModelRegistry(fs, layout));
    // Loads both models now: a missing one fails here, before any Kafka record is read.
    List<RecordScorer> serving = models.refresh();
    long loaded = System.nanoTime();
    int partitions = KafkaTopicCheck.requireTopic(options.bootstrapServers(), options.topic(),
        options.kafkaOptions(), options.kafkaTimeout());
    LOG.info("models loaded in {} ms, topic {} checked in {} ms", (loaded - started) / 1_000_000, options.topic(),
        (System.nanoTime() - loaded) / 1_000_000);
    Path checkpoint = StorageOptions.qualified(fs, layout.checkpoint(options.queryName()));
    StreamTelemetry telemetry = StreamTelemetry.start(options.metricsPort());
    if (telemetry.metrics() != null) {
      telemetry.metrics().serving(serving.stream().collect(Collectors.toMap(RecordScorer::target,
          RecordScorer::version)));
    }
    try {
      StreamMonitor monitor = options.driftMonitoring() ? new StreamMonitor(new ModelRegistry(fs, layout), fs, layout,
          options.driftRule(), telemetry.metrics()) : null;
      StreamBatchWriter writer = new StreamBatchWriter(fs, layout, models, telemetry.metrics(), monitor,
          spark.streams());
      int tasks = options.minPartitions() > 0 ? options.minPartitions()
          : StreamTasks.balanced(partitions, spark.sparkContext().defaultParallelism());
      Supplier<StreamingQuery> starter = () -> startQuery(spark, options, tasks, writer, checkpoint);
      telemetry.url().ifPresent(url -> LOG.info("stream metrics at {}", url));
      return new RunningStream(StreamReplayGuard.start(starter, fs, checkpoint), writer, fs, checkpoint, telemetry,
          options.metricsLinger());
    } catch (RuntimeException e) {
      telemetry.close();
      throw e;
    }
  }

  private static StreamingQuery startQuery(SparkSession spark, StreamOptions options, int tasks,
      StreamBatchWriter writer, Path checkpoint) {
    try {
      return kafkaSource(spark, options, tasks).load()
          .writeStream()
          .queryName(options.queryName())
          .option("checkpointLocation", checkpoint.toString())
          .trigger(options.trigger())
          .foreachBatch(writer)
          .start();
    } catch (TimeoutException e) {
      throw new JobFailure("streaming query '" + options.queryName() + "' did not start: " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new JobFailure("cannot start streaming query '" + options.queryName() + "' (checkpoint " + checkpoint
          + "): " + StagedDirectory.oneLine(e), e);
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(REPORT_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static DataStreamReader kafkaSource(SparkSession spark, StreamOptions options, int tasks) {
    DataStreamReader reader = spark.readStream().format("kafka")
        .option("kafka.bootstrap.servers", options.bootstrapServers())
        .option("subscribe", options.topic())
        .option("startingOffsets", options.startingOffsets())
        // A known consumer group prefix, so a Kafka with ACLs can grant the stream's user exactly these groups.
        .option("groupIdPrefix", KafkaAccess.STREAM_GROUP_PREFIX)
        // Records deleted before they were read cannot be accounted for: stop rather than skip them.
        .option("failOnDataLoss", "true");
    if (options.maxOffsetsPerTrigger() != null) {
      reader = reader.option("maxOffsetsPerTrigger", options.maxOffsetsPerTrigger());
    }
    // Spark splits the partitions' offset ranges to reach it, so no core waits idle on another's last task.
    reader = reader.option("minPartitions", tasks);
    // Each task seeks its pooled consumer to a new range, and a seek waits for the fetch still in flight from the
    // last one: at the end of the log the broker holds that fetch for fetch.max.wait.ms (500 ms by default)
    // before answering empty, which is then added to every live micro-batch. A user's own setting wins.
    reader = reader.option("kafka." + ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, FETCH_MAX_WAIT_MS);
    // Kafka's defaults (500 records a poll, 1 MiB a partition fetch) make a 40k-record task poll 80 times.
    reader = reader.option("kafka." + ConsumerConfig.MAX_POLL_RECORDS_CONFIG, MAX_POLL_RECORDS)
        .option("kafka." + ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, MAX_PARTITION_FETCH_BYTES);
    for (var setting : options.kafkaOptions().entrySet()) {
      reader = reader.option("kafka." + setting.getKey(), setting.getValue());
    }
    return reader;
  }
}
