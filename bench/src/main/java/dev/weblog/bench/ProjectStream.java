package dev.weblog.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.unix_millis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weblog.common.HdfsLayout;
import dev.weblog.common.JobContract;
import dev.weblog.spark.StreamColumns;
import dev.weblog.spark.stream.RunningStream;
import dev.weblog.spark.stream.StreamJob;
import dev.weblog.spark.stream.StreamOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.streaming.SourceProgress;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The project's StreamJob, in-process on the bench's Spark session, exactly as the demo starts it; each run gets a
 * base of its own (the CURRENT models copied in, a fresh checkpoint and fresh outputs), deleted afterwards.
 */
final class ProjectStream {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long POLL_MILLIS = 10;
  /** A run whose query commits nothing for this long has stalled. */
  private static final long STALL_MILLIS = TimeUnit.MINUTES.toMillis(5);
  private static final Duration STOP_TIMEOUT = Duration.ofMinutes(2);
  private static final String COMMIT_MS = "bench_commit_ms";
  private static final String LATENCY_MS = "bench_latency_ms";

  private final BenchEnvironment env;
  private final List<String> jobArgs;
  private int runs;

  /**
   * @param jobArgs StreamJob's options beyond the bench's own (storage, topic, trigger, earliest offsets, query name),
   *     appended to them
   */
  ProjectStream(BenchEnvironment env, List<String> jobArgs) {
    this.env = env;
    this.jobArgs = List.copyOf(jobArgs);
  }

  /**
   * Parses the project's StreamJob arguments as a run would, with stand-ins for where HDFS and Kafka are: an option
   * StreamJob refuses fails here, naming it, before the bench starts anything.
   */
  static void requireValid(List<String> jobArgs) {
    StreamOptions.parse(args("hdfs://localhost:8020", new HdfsLayout("/bench/check"), "localhost:9092", "check",
        jobArgs));
  }

  private static List<String> args(String hdfsUri, HdfsLayout layout, String bootstrap, String topic,
      List<String> jobArgs) {
    List<String> args = new ArrayList<>(JobContract.streamArgs(hdfsUri, layout, bootstrap, topic,
        JobContract.DEFAULT_TRIGGER));
    args.addAll(List.of(JobContract.OPT_STARTING_OFFSETS, "earliest", "--query-name", "bench"));
    args.addAll(jobArgs);
    return args;
  }

  /** Starts StreamJob on {@code topic} from its earliest offsets, with the project's trigger of one second. */
  Run start(String topic) {
    return start(topic, true);
  }

  /** As {@link #start(String)}; {@code metrics} false runs it with {@code --no-metrics}. */
  Run start(String topic, boolean metrics) {
    return start(topic, metrics, true);
  }

  /**
   * As {@link #start(String, boolean)}; {@code driftMonitoring} false runs it with
   * {@value JobContract#OPT_NO_DRIFT_MONITORING}.
   */
  Run start(String topic, boolean metrics, boolean driftMonitoring) {
    HdfsLayout layout = new HdfsLayout("/bench/stream/project-" + (++runs));
    FileSystem fs = env.hdfs().fileSystem();
    try {
      fs.delete(new Path(layout.base()), true);
      FileUtil.copy(fs, new Path(env.layout().models()), fs, new Path(layout.models()), false, fs.getConf());
    } catch (IOException e) {
      throw new BenchFailure("stream project: cannot copy the models from " + env.layout().models() + " to "
          + layout.models() + ": " + e.getMessage(), e);
    }
    List<String> args = args(env.hdfs().uri(), layout, env.kafka().bootstrapServers(), topic, jobArgs);
    if (!metrics) {
      args.add("--no-metrics");
    }
    if (!driftMonitoring) {
      args.add(JobContract.OPT_NO_DRIFT_MONITORING);
    }
    StreamOptions options = StreamOptions.parse(args);
    long started = System.nanoTime();
    return new Run(topic, layout, StreamJob.start(env.spark(), options), started);
  }

  /** One started query and what it wrote. */
  final class Run {
    private final String topic;
    private final HdfsLayout layout;
    private final RunningStream stream;
    private final long startedNanos;

    private Run(String topic, HdfsLayout layout, RunningStream stream, long startedNanos) {
      this.topic = topic;
      this.layout = layout;
      this.stream = stream;
      this.startedNanos = startedNanos;
    }

    long startedNanos() {
      return startedNanos;
    }

    /** Waits for the query's first progress report: it is planned, has its source and runs its triggers. */
    void awaitFirstTrigger() throws InterruptedException {
      long deadline = System.currentTimeMillis() + STALL_MILLIS;
      while (stream.query().lastProgress() == null) {
        failIfEnded();
        if (System.currentTimeMillis() > deadline) {
          throw new BenchFailure("stream project on " + topic + ": no trigger ran within " + STALL_MILLIS / 1000
              + " s of the start");
        }
        Thread.sleep(POLL_MILLIS);
      }
    }

    /**
     * Waits until the query's committed offsets add up to {@code records} (a fresh topic starts at 0 on every
     * partition, and progress is reported only after a batch's commit); returns {@link System#nanoTime} then.
     */
    long awaitCommitted(long records) throws InterruptedException {
      long last = -1;
      long lastChange = System.currentTimeMillis();
      while (true) {
        long reached = committedOffsets();
        if (reached >= records) {
          return System.nanoTime();
        }
        failIfEnded();
        long now = System.currentTimeMillis();
        if (reached != last) {
          last = reached;
          lastChange = now;
        } else if (now - lastChange > STALL_MILLIS) {
          throw new BenchFailure("stream project on " + topic + ": no commit for " + STALL_MILLIS / 1000
              + " s; committed " + reached + " of " + records + " records");
        }
        Thread.sleep(POLL_MILLIS);
      }
    }

    /** Records in the micro-batches the query wrote completely; Kafka records, predicted or quarantined. */
    long committedRecords() {
      return stream.committedRecords();
    }

    /** Where the run serves its metrics, if it does. */
    java.util.Optional<String> metricsUrl() {
      return stream.metricsUrl();
    }

    void stop() {
      stream.stopGracefully(STOP_TIMEOUT);
      stream.failure().ifPresent(e -> {
        throw new BenchFailure("stream project on " + topic + " failed: " + e.getMessage(), e);
      });
    }

    /** When each batch was committed: the modification time of its entry in the checkpoint's commit log. */
    Map<Long, Long> commitTimes() {
      Path commits = new Path(stream.checkpoint(), "commits");
      Map<Long, Long> times = new HashMap<>();
      try {
        for (FileStatus s : env.hdfs().fileSystem().listStatus(commits)) {
          if (s.getPath().getName().matches("\\d+")) {
            times.put(Long.parseLong(s.getPath().getName()), s.getModificationTime());
          }
        }
      } catch (IOException e) {
        throw new BenchFailure("stream project: cannot list the commit log " + commits + ": " + e.getMessage(), e);
      }
      return times;
    }

    /** When the first micro-batch began its work, from its row in {@code stream/batches/}. */
    long firstBatchStartMillis() {
      Row first = env.spark().read().parquet(env.hdfs().uri() + layout.streamBatches())
          .agg(org.apache.spark.sql.functions.min(unix_millis(col(StreamColumns.PROCESSED_AT)))).first();
      if (first.isNullAt(0)) {
        throw new BenchFailure("stream project: no micro-batch row in " + layout.streamBatches());
      }
      return first.getLong(0);
    }

    /**
     * Per target, the lines its rows in {@code stream/monitor/} counted, over every batch; empty when the run wrote
     * no such table (run without drift monitoring, or no serving version had a training profile).
     */
    Map<String, Long> monitoredLines() {
      Path table = new Path(env.hdfs().uri() + layout.streamMonitor());
      try {
        if (!env.hdfs().fileSystem().exists(table)) {
          return Map.of();
        }
      } catch (IOException e) {
        throw new BenchFailure("stream project: cannot look for " + table + ": " + e.getMessage(), e);
      }
      Map<String, Long> lines = new HashMap<>();
      for (Row r : env.spark().read().parquet(table.toString()).groupBy(StreamColumns.TARGET)
          .agg(org.apache.spark.sql.functions.sum(StreamColumns.LINES)).collectAsList()) {
        lines.put(r.getString(0), r.isNullAt(1) ? 0L : r.getLong(1));
      }
      return lines;
    }

    /** Where the run's drift monitoring writes, for messages. */
    String monitorTable() {
      return layout.streamMonitor();
    }

    /** The lines the run predicted: the rows of its {@code stream/predictions/}. */
    long predictedLines() {
      return env.spark().read().parquet(env.hdfs().uri() + layout.streamPredictions()).count();
    }

    /**
     * Per predicted line, the commit time of its batch minus its Kafka timestamp, for the lines sent at or after
     * {@code from}; counted by Spark, read back from what the query wrote.
     */
    LatencyHistogram latencies(long from) {
      List<Row> commits = new ArrayList<>();
      commitTimes().forEach((batch, millis) -> commits.add(RowFactory.create(batch, millis)));
      StructType schema = new StructType().add(StreamColumns.BATCH_ID, DataTypes.LongType)
          .add(COMMIT_MS, DataTypes.LongType);
      Dataset<Row> committed = env.spark().createDataFrame(commits, schema);
      Dataset<Row> predictions = env.spark().read().parquet(env.hdfs().uri() + layout.streamPredictions())
          .select(col(StreamColumns.BATCH_ID).cast("long").as(StreamColumns.BATCH_ID),
              unix_millis(col(StreamColumns.KAFKA_TIMESTAMP)).as(StreamColumns.KAFKA_TIMESTAMP))
          .where(col(StreamColumns.KAFKA_TIMESTAMP).geq(lit(from)));
      LatencyHistogram histogram = new LatencyHistogram();
      Iterator<Row> counts = predictions.join(committed, StreamColumns.BATCH_ID)
          .select(col(COMMIT_MS).minus(col(StreamColumns.KAFKA_TIMESTAMP)).as(LATENCY_MS))
          .groupBy(LATENCY_MS).count().toLocalIterator();
      while (counts.hasNext()) {
        Row r = counts.next();
        histogram.add(r.getLong(0), r.getLong(1));
      }
      return histogram;
    }

    /** Deletes the run's base: checkpoint, outputs and the copied models. */
    void delete() {
      try {
        env.hdfs().fileSystem().delete(new Path(layout.base()), true);
      } catch (IOException e) {
        throw new BenchFailure("stream project: cannot delete " + layout.base() + ": " + e.getMessage(), e);
      }
    }

    private void failIfEnded() {
      if (!stream.isActive()) {
        throw new BenchFailure("stream project on " + topic + " ended early: "
            + stream.failure().map(RuntimeException::getMessage).orElse("stopped"));
      }
    }

    /** The sum over partitions of the end offsets of the last committed batch, from the query's progress. */
    private long committedOffsets() {
      StreamingQueryProgress progress = stream.query().lastProgress();
      if (progress == null) {
        return 0;
      }
      long sum = 0;
      for (SourceProgress source : progress.sources()) {
        try {
          JsonNode partitions = JSON.readTree(source.endOffset()).path(topic);
          for (Iterator<JsonNode> it = partitions.elements(); it.hasNext();) {
            sum += it.next().asLong();
          }
        } catch (IOException e) {
          // A report without Kafka offsets (before the first batch) counts as nothing committed.
        }
      }
      return sum;
    }
  }
}
