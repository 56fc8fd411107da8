package dev.weblog.spark.realtime;

import dev.weblog.common.HdfsLayout;
import dev.weblog.common.JobContract;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.ShutdownHookManager;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.DataStreamWriter;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.util.SerializableConfiguration;

/**
 * Kafka lines to prediction events in milliseconds: Spark's real-time mode (one long-running task per Kafka
 * partition, records scored as they arrive, {@link RealtimeScoring}) with a Kafka sink, at least once. Models are
 * swapped in while it runs ({@link ScorerPublisher} on the driver, {@link LiveModels} on the executors). The
 * micro-batch {@code StreamJob} stays the exactly-once record of every line in HDFS; this job writes no HDFS data
 * but its checkpoint and the compiled models. With {@code --metrics-port} the driver serves what its events show
 * ({@link RealtimeTelemetry}).
 */
public final class RealtimeJob {

  /** Above Spark's own hook (40), so the query stops before Spark and HDFS shut down. */
  private static final int SHUTDOWN_PRIORITY = 50;
  private static final long SHUTDOWN_SECONDS = 60;
  private static final String EVENT_LINGER_MS = "5";

  private RealtimeJob() {}

  public static void main(String[] args) {
    int code = execute(args, () -> JobLauncher.session("weblog-realtime"));
    if (!ShutdownHookManager.get().isShutdownInProgress()) {
      JobLauncher.stopActiveSession();
    }
    System.exit(code);
  }

  /** Parses the arguments, runs until stopped (SIGTERM, Ctrl-C) or failed; the exit code main would return. */
  public static int execute(String[] args, Supplier<SparkSession> session) {
    return JobLauncher.launch("RealtimeJob", new RealtimeOptions(), args, options -> {
      Running running = start(session.get(), options);
      System.out.println("RealtimeJob: query '" + options.queryName() + "' scoring topic '" + options.topic()
          + "' into '" + options.predictionsTopic() + "' (rejected lines into '" + options.quarantineTopic()
          + "') on " + options.bootstrapServers() + ", checkpoint " + running.checkpoint()
          + (options.kafkaOptions().isEmpty() ? "" : ", Kafka client settings "
              + KafkaClientSecurity.masked(options.kafkaOptions())));
      running.metricsUrl().ifPresent(url -> System.out.println("RealtimeJob: metrics at " + url));
      Runnable stop = running::stop;
      ShutdownHookManager hooks = ShutdownHookManager.get();
      hooks.addShutdownHook(stop, SHUTDOWN_PRIORITY, SHUTDOWN_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
      try {
        running.awaitTermination();
        System.out.println("RealtimeJob: stopped");
      } finally {
        if (!hooks.isShutdownInProgress()) {
          hooks.removeShutdownHook(stop);
        }
      }
      return 0;
    });
  }

  /** A started query, the driver's model publisher and its metrics; {@link #stop} ends all three. */
  public static final class Running {
    private final StreamingQuery query;
    private final ScorerPublisher publisher;
    private final RealtimeTelemetry telemetry;
    private final Path checkpoint;

    Running(StreamingQuery query, ScorerPublisher publisher, RealtimeTelemetry telemetry, Path checkpoint) {
      this.query = query;
      this.publisher = publisher;
      this.telemetry = telemetry;
      this.checkpoint = checkpoint;
    }

    public StreamingQuery query() {
      return query;
    }

    public Path checkpoint() {
      return checkpoint;
    }

    /** Where the driver's metrics answer on this machine while it runs; empty without {@code --metrics-port}. */
    public Optional<String> metricsUrl() {
      return telemetry.url();
    }

    /** Stops the query (its tasks are interrupted; what they sent since the last checkpoint may come again). */
    public void stop() {
      publisher.close();
      try {
        query.stop();
      } catch (TimeoutException e) {
        throw new JobFailure("the real-time query did not stop: " + e.getMessage(), e);
      } finally {
        telemetry.close();
      }
    }

    /**
     * Waits until the query stops. A failure is rethrown as the {@link JobFailure} inside it, else as one that
     * keeps its cause, so the launcher tells a service that went away (exit 4, retried) from a defect (exit 1).
     */
    public void awaitTermination() {
      try {
        query.awaitTermination();
      } catch (StreamingQueryException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
          if (t instanceof JobFailure failure) {
            throw failure;
          }
        }
        throw new IllegalStateException("real-time query '" + query.name() + "' failed: "
            + StagedDirectory.oneLine(e.cause() == null ? e : e.cause()), e);
      } finally {
        publisher.close();
        telemetry.close();
      }
    }
  }

  /** Checks the models, the topics and the task slots, then starts the query. */
  public static Running start(SparkSession spark, RealtimeOptions options) {
    options.validate();
    FileSystem fs = options.storage().fileSystem(spark);
    StorageCheck.requireReachable(fs);
    HdfsLayout layout = options.storage().layout();
    ScorerPublisher publisher = new ScorerPublisher(new ServingModels(new ModelRegistry(fs, layout)),
        new ScorerShelf(fs, layout));
    List<RecordScorer> serving = publisher.start(options.modelRefresh());
    RealtimeTelemetry telemetry = RealtimeTelemetry.off();
    try {
      int partitions = KafkaTopicCheck.requireTopic(options.bootstrapServers(), options.topic(),
          options.kafkaOptions(), options.kafkaTimeout());
      Map<String, Integer> outputPartitions = new LinkedHashMap<>();
      for (String[] output : new String[][] {{options.predictionsTopic(), JobContract.OPT_PREDICTIONS_TOPIC},
          {options.quarantineTopic(), JobContract.OPT_QUARANTINE_TOPIC}}) {
        outputPartitions.put(output[0], KafkaTopicCheck.requireTopic(options.bootstrapServers(), output[0],
            output[1], options.kafkaOptions(), options.kafkaTimeout()));
      }
      RealtimeSlots.require(spark.sparkContext().getConf(), spark.sparkContext().defaultParallelism(), partitions,
          options.topic());
      Path checkpoint = StorageOptions.qualified(fs, layout.checkpoint(options.queryName()));
      RealtimeScoring scoring = new RealtimeScoring(new SerializableConfiguration(
          spark.sparkContext().hadoopConfiguration()), fs.getUri(), layout.base(), options.modelRefresh(),
          options.predictionsTopic(), options.quarantineTopic());
      Dataset<Row> events = source(spark, options).selectExpr(RealtimeScoring.INPUT_COLUMNS)
          .mapPartitions(scoring, Encoders.row(RealtimeScoring.OUTPUT));
      DataStreamWriter<Row> sink = events.writeStream().queryName(options.queryName()).format("kafka")
          .option("kafka.bootstrap.servers", options.bootstrapServers())
          .option("checkpointLocation", checkpoint.toString())
          // A few ms for the events of all tasks to share a request (Kafka 4's default): one per event would be a
          // request for the broker, and a response for every reader of the events, per line. The job's own Kafka
          // settings below may set another.
          .option("kafka." + ProducerConfig.LINGER_MS_CONFIG, EVENT_LINGER_MS)
          .outputMode("update")
          .trigger(options.trigger());
      for (var setting : options.kafkaOptions().entrySet()) {
        sink = sink.option("kafka." + setting.getKey(), setting.getValue());
      }
      // Before the query: the reader starts at the output topics' ends, so it sees every event the query writes.
      telemetry = RealtimeTelemetry.start(options, publisher, partitions, outputPartitions);
      StreamingQuery query = sink.start();
      System.out.println("RealtimeJob: serving " + serving.stream().map(s -> s.target().id() + " "
          + HdfsLayout.versionName(s.version())).toList() + ", " + partitions + " partition(s) on "
          + RealtimeSlots.available(spark.sparkContext().getConf(), spark.sparkContext().defaultParallelism())
          + " task slot(s)");
      return new Running(query, publisher, telemetry, checkpoint);
    } catch (TimeoutException e) {
      publisher.close();
      telemetry.close();
      throw new JobFailure("real-time query '" + options.queryName() + "' did not start: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      publisher.close();
      telemetry.close();
      throw e;
    }
  }

  private static Dataset<Row> source(SparkSession spark, RealtimeOptions options) {
    var reader = spark.readStream().format("kafka")
        .option("kafka.bootstrap.servers", options.bootstrapServers())
        .option("subscribe", options.topic())
        .option("startingOffsets", options.startingOffsets())
        // The group prefix a Kafka with ACLs grants the real-time job's user.
        .option("groupIdPrefix", KafkaAccess.REALTIME_GROUP_PREFIX)
        .option("failOnDataLoss", "true");
    for (var setting : options.kafkaOptions().entrySet()) {
      reader = reader.option("kafka." + setting.getKey(), setting.getValue());
    }
    return reader.load();
  }
}
