package dev.weblog.local;

import dev.weblog.common.HdfsLayout;
import dev.weblog.common.JobContract;
import dev.weblog.common.Target;
import dev.weblog.embedded.EmbeddedHdfs;
import dev.weblog.embedded.EmbeddedKafka;
import dev.weblog.local.report.DemoReport;
import dev.weblog.local.report.ReportHtml;
import dev.weblog.local.report.ReportJson;
import dev.weblog.local.report.ReportTable;
import dev.weblog.producer.FileLineSource;
import dev.weblog.producer.Rate;
import dev.weblog.producer.ReplayOptions;
import dev.weblog.producer.ReplayProducer;
import dev.weblog.producer.ReplaySummary;
import dev.weblog.spark.OneMachineSession;
import dev.weblog.spark.ingest.IngestJob;
import dev.weblog.spark.ingest.IngestResult;
import dev.weblog.spark.model.ModelRegistry;
import dev.weblog.spark.realtime.RealtimeJob;
import dev.weblog.spark.realtime.RealtimeOptions;
import dev.weblog.spark.stream.RunningStream;
import dev.weblog.spark.stream.StreamJob;
import dev.weblog.spark.stream.StreamOptions;
import dev.weblog.spark.train.TrainJob;
import dev.weblog.spark.train.TrainOptions;
import dev.weblog.spark.train.TrainResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;

/**
 * The whole pipeline on this machine, stage by stage: HDFS, Kafka, data, ingest, training, streaming with the
 * replay producer, then the report. Everything started is closed in reverse order, at the end or on Ctrl-C.
 */
final class DemoRun {

  static final String QUERY = "demo";
  static final String REALTIME_QUERY = "realtime-demo";
  /** How long the real-time path may take, after the stream accounted for every line, to show an event for each. */
  private static final Duration REALTIME_CATCH_UP = Duration.ofSeconds(60);
  private static final int STAGES = 10;
  /**
   * Lines the stream commits after drift is detected before the retrain starts, so the recent window holds enough
   * of the new behaviour to learn it and to judge it on (its newest share is held back); 10 s at the demo's rate.
   */
  private static final long LINES_BEFORE_DRIFT_RETRAIN = 10_000;

  private final DemoSettings s;
  private final StageConsole console;
  private final PrintStream out;
  private final Resources resources = new Resources();
  private final AtomicBoolean cancelled = new AtomicBoolean();
  private final HdfsLayout layout = HdfsLayout.defaults();
  /** How the stream warmed up before the replay, for the stage's summary; empty without a warm-up. */
  private String warmedUp = "";
  /** The stream's Prometheus endpoint once it runs. */
  private volatile String metricsUrl;

  DemoRun(DemoSettings settings, PrintStream out, boolean terminal) {
    this.s = settings;
    this.out = out;
    this.console = new StageConsole(out, terminal, STAGES);
  }

  /** Stops everything from another thread (the Ctrl-C hook); the running stage fails and run() returns. */
  void cancel() {
    cancelled.set(true);
    resources.closeOnExit();
  }

  boolean cancelled() {
    return cancelled.get();
  }

  DemoReport run() throws Exception {
    long started = System.nanoTime();
    try {
      console.begin("start HDFS");
      EmbeddedHdfs hdfs = resources.addClosedByJvmExit("HDFS", EmbeddedHdfs.builder(s.work().resolve("hdfs"))
          .nameNodePort(s.hdfsPort()).nameNodeHttpPort(s.hdfsUiPort()).start());
      console.end(hdfs.uri() + ", NameNode UI " + hdfs.webUi());

      console.begin("start Kafka");
      EmbeddedKafka kafka = resources.add("Kafka", startKafka());
      console.end("broker at " + kafka.bootstrapServers());

      console.begin(s.generated() ? "generate data" : "check data");
      long total = s.historyRows() + s.liveRows();
      DemoData.Inputs inputs = DemoData.prepare(s, n -> console.progress(n, total, "rows"));
      console.end(s.generated() ? String.format("%,d history + %,d live rows in %s", s.historyRows(), s.liveRows(),
          inputs.history().getParent()) : inputs.history() + ", " + inputs.live());

      console.begin("upload history to HDFS");
      FileSystem fs = hdfs.fileSystem();
      long bytes = upload(fs, inputs.history());
      console.end(String.format("%,d MB into %s", bytes >> 20, layout.raw()));

      console.begin("start Spark");
      SparkSession spark = resources.add("Spark",
          new SparkClose(OneMachineSession.start("weblog-demo", hdfs.uri(), s.sparkUiPort(), realtimeSlots()))).spark();
      console.end(spark.sparkContext().master() + (spark.sparkContext().uiWebUrl().isDefined() ? ", UI "
          + spark.sparkContext().uiWebUrl().get() : ", UI off"));

      console.begin("ingest");
      IngestResult ingest = SparkTicker.whileRunning(spark, console,
          () -> IngestJob.run(spark, IngestJob.Options.parse(args(hdfs))));
      console.end(String.format("%,d lines: %,d valid, %,d quarantined (+%d header line)", ingest.inputLines(),
          ingest.valid(), ingest.quarantined(), ingest.headerLines()));

      Map<Target, TrainResult> original = new LinkedHashMap<>();
      for (Target target : Target.values()) {
        console.begin("train " + target.id());
        ModelRegistry registry = new ModelRegistry(fs, layout);
        if (s.skipTrain() && registry.current(target).isPresent()) {
          console.end("skipped: using v" + registry.current(target).getAsInt() + " (--skip-train)");
          continue;
        }
        TrainResult trained = SparkTicker.whileRunning(spark, console,
            () -> TrainJob.run(spark, TrainOptions.parse(trainArgs(hdfs, target))));
        original.put(target, SparkTicker.whileRunning(spark, console,
            () -> TrainJob.run(spark, TrainOptions.parse(withOriginalMethod(trainArgs(hdfs, target))))));
        console.end(String.format("v%d accuracy %.4f (%s); original method %.4f", trained.version(),
            trained.metrics().accuracy(), trained.promoted() ? "promoted" : "not promoted: " + trained.gateReason(),
            original.get(target).metrics().accuracy()));
      }

      console.begin("stream live lines");
      Instant streamStart = Instant.now();
      StreamWindow window = stream(spark, hdfs, kafka, inputs.live());
      console.end(String.format("%,d sent, %,d accounted for%s%s", window.sent().sent(), window.accounted(),
          warmedUp, DriftRetrain.describe(window.drift())));

      console.begin("report");
      DemoReport report = DemoReportBuilder.build(spark, fs, layout, ingest, original, inputs, window,
          streamStart, outputs(hdfs), (System.nanoTime() - started) / 1e9);
      Path folder = s.work().resolve("report");
      Files.createDirectories(folder);
      ReportJson.write(report, folder.resolve("report.json"));
      ReportHtml.write(report, folder.resolve("report.html"));
      console.end(folder.resolve("report.html").toString());
      out.print(ReportTable.render(report));

      if (s.keepRunning()) {
        out.println();
        out.println("Still running (--keep-running): HDFS " + hdfs.uri() + " (UI " + hdfs.webUi() + "), Kafka "
            + kafka.bootstrapServers() + ", topic " + JobContract.DEFAULT_TOPIC + ", query '" + QUERY + "'"
            + spark.sparkContext().uiWebUrl().map(u -> ", Spark UI " + u).getOrElse(() -> "")
            + (metricsUrl == null ? "" : ", stream metrics " + metricsUrl) + ". Press Ctrl-C to stop.");
        Thread.currentThread().join();
      }
      return report;
    } finally {
      if (!s.keepRunning() || cancelled.get()) {
        resources.close();
      }
    }
  }

  /**
   * The rows this run sent, and where they sit in Kafka: the report counts exactly these; the real-time path's
   * figures on them (null when it did not run).
   */
  record StreamWindow(ReplaySummary sent, Map<Integer, long[]> offsets, long accounted,
      DemoReport.Realtime realtime, Map<Target, DriftRetrain.Outcome> drift) {}

  /**
   * Task threads beyond the cores for the real-time tasks, one per partition: they hold their slots while the
   * query runs and mostly wait on Kafka, and the stream keeps one slot per core (the default parallelism).
   */
  private int realtimeSlots() {
    return s.realtime() ? s.partitions() : 0;
  }

  private String slotsNote() {
    return String.format("Spark local[%d]: one task thread per core for the micro-batch stream and every other "
        + "job (the default parallelism), plus %d held by the real-time tasks, one per partition of the topic.",
        OneMachineSession.cores() + realtimeSlots(), realtimeSlots());
  }

  /** The real-time query and the watch of its events. */
  private record RealtimePath(RealtimeJob.Running query, RealtimeWatch watch) {}

  /** The real-time path, started before any line is sent: its topics, its query and the watch of its events. */
  private RealtimePath startRealtime(SparkSession spark, EmbeddedHdfs hdfs, EmbeddedKafka kafka, String from)
      throws Exception {
    // The broker stamps each event as it appends it, so the latency ends at the append, not at the client's send.
    new TopicOffsets(kafka.bootstrapServers(), JobContract.DEFAULT_PREDICTIONS_TOPIC).create(s.partitions(),
        Map.of("message.timestamp.type", "LogAppendTime"));
    new TopicOffsets(kafka.bootstrapServers(), JobContract.DEFAULT_QUARANTINE_TOPIC).create(s.partitions());
    RealtimeWatch watch = resources.add("real-time events watch", new RealtimeWatch(kafka.bootstrapServers(),
        JobContract.DEFAULT_PREDICTIONS_TOPIC, JobContract.DEFAULT_QUARANTINE_TOPIC, s.partitions()));
    List<String> args = new ArrayList<>(List.of(JobContract.OPT_HDFS, hdfs.uri(), JobContract.OPT_BASE,
        layout.base(), JobContract.OPT_BOOTSTRAP, kafka.bootstrapServers(), JobContract.OPT_TOPIC,
        JobContract.DEFAULT_TOPIC, "--query-name", REALTIME_QUERY, JobContract.OPT_STARTING_OFFSETS, from));
    RealtimeJob.Running realtime = RealtimeJob.start(spark, RealtimeOptions.parse(args));
    resources.add("real-time query", realtime::stop);
    return new RealtimePath(realtime, watch);
  }

  private StreamWindow stream(SparkSession spark, EmbeddedHdfs hdfs, EmbeddedKafka kafka, Path live)
      throws Exception {
    TopicOffsets topic = new TopicOffsets(kafka.bootstrapServers(), JobContract.DEFAULT_TOPIC);
    topic.create(s.partitions());
    Map<Integer, Long> before = topic.endOffsets();
    String from = topic.startingAt(before);
    warmUp(spark, hdfs, kafka, live);
    RealtimePath realtime = s.realtime() ? startRealtime(spark, hdfs, kafka, from) : null;
    RunningStream stream = StreamJob.start(spark, StreamOptions.parse(streamArgs(hdfs, kafka, from)));
    metricsUrl = stream.metricsUrl().orElse(null);
    resources.add("streaming query", () -> stream.stopGracefully(Duration.ofSeconds(30)));
    DriftRetrain drift = metricsUrl == null ? null : resources.add("drift watch", new DriftRetrain(metricsUrl,
        stream::committedRecords, LINES_BEFORE_DRIFT_RETRAIN, s.retrainOnDrift(),
        (target, since) -> TrainJob.run(spark, TrainOptions.parse(driftTrainArgs(hdfs, target, since)))).start());
    awaitFirstBatch(stream);
    AtomicBoolean stopProducer = new AtomicBoolean();
    resources.add("replay producer", () -> stopProducer.set(true));
    ReplayOptions replay = ReplayOptions.defaults().withBootstrapServers(kafka.bootstrapServers())
        .withTopic(JobContract.DEFAULT_TOPIC, s.partitions()).withRate(Rate.parse(s.rate()));
    CompletableFuture<ReplaySummary> producing = CompletableFuture.supplyAsync(() -> {
      try (FileLineSource source = FileLineSource.open(live)) {
        return ReplayProducer.run(replay, source, stopProducer);
      }
    });
    long deadline = System.nanoTime() + s.streamTimeout().toNanos();
    ReplaySummary summary = null;
    Map<Integer, Long> after = null;
    while (true) {
      if (summary == null && producing.isDone()) {
        summary = producing.join();
        if (summary.failed() > 0 || summary.stoppedBy() != null) {
          throw new DemoInputException("the replay producer stopped: " + summary.describe());
        }
        after = topic.endOffsets();
      }
      long processed = topic.processedSince(before, stream);
      long expected = summary == null ? 0 : summary.sent();
      console.progress(processed, summary == null ? 0 : expected, summary == null
          ? "records predicted or quarantined (producer still sending)" : "records predicted or quarantined");
      if (summary != null && topic.reached(stream, after) && (drift == null || !drift.busyAfterLastLine())) {
        break;
      }
      stream.failure().ifPresent(e -> {
        throw e;
      });
      if (System.nanoTime() > deadline) {
        throw new DemoInputException("the stream did not account for every live line within "
            + s.streamTimeout().toSeconds() + " s (raise --stream-timeout, or lower --rate)");
      }
      Thread.sleep(250);
    }
    Map<Integer, long[]> window = new LinkedHashMap<>();
    for (Map.Entry<Integer, Long> e : after.entrySet()) {
      window.put(e.getKey(), new long[] {before.getOrDefault(e.getKey(), 0L), e.getValue()});
    }
    DemoReport.Realtime realtimeFigures = null;
    if (realtime != null) {
      console.progress(0, 0, "waiting for the real-time events of every line");
      realtimeFigures = realtime.watch().awaitFigures(window, REALTIME_CATCH_UP, slotsNote());
    }
    if (!s.keepRunning()) {
      // The report's Spark jobs get the cores to themselves; both stops are safe to repeat at the end.
      if (realtime != null) {
        realtime.query().stop();
        realtime.watch().close();
      }
      stream.stopGracefully(Duration.ofSeconds(30));
    }
    if (drift != null) {
      drift.close();
    }
    return new StreamWindow(summary, window, topic.processedSince(before, stream), realtimeFigures,
        drift == null ? Map.of() : drift.outcomes());
  }

  private void warmUp(SparkSession spark, EmbeddedHdfs hdfs, EmbeddedKafka kafka, Path live) throws Exception {
    if (s.warmUpLines() == 0) {
      return;
    }
    StreamWarmUp.Outcome warm = new StreamWarmUp(spark, hdfs, kafka, layout).run(live, s.warmUpLines(),
        s.partitions(), s.trigger(), s.streamTimeout(), n -> console.progress(n, s.warmUpLines(),
            "warm-up lines (a scratch topic and folder, not in the report)"));
    warmedUp = String.format(" after a warm-up on %,d lines (%.1f s)", warm.lines(), warm.took().toMillis() / 1e3);
  }

  /** A broker keeps its port with its data, so a rerun on the same --work must not ask for another one. */
  private EmbeddedKafka startKafka() {
    try {
      return EmbeddedKafka.start(s.work().resolve("kafka"), s.kafkaPort());
    } catch (IllegalArgumentException e) {
      throw new DemoInputException("--kafka-port " + s.kafkaPort() + ": " + e.getMessage()
          + "; leave --kafka-port at 0 to reuse it, or choose another --work folder");
    }
  }

  private long upload(FileSystem fs, Path history) throws IOException {
    org.apache.hadoop.fs.Path raw = new org.apache.hadoop.fs.Path(layout.raw());
    // raw/ holds exactly this run's history: a rerun with another file must not ingest both.
    fs.delete(raw, true);
    fs.mkdirs(raw);
    long size = Files.size(history);
    long copied = 0;
    byte[] buffer = new byte[1 << 20];
    try (InputStream in = Files.newInputStream(history);
        OutputStream outStream = fs.create(new org.apache.hadoop.fs.Path(raw, history.getFileName().toString()))) {
      for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
        outStream.write(buffer, 0, n);
        copied += n;
        console.progress(copied >> 20, size >> 20, "MB");
      }
    }
    return copied;
  }

  private String[] args(EmbeddedHdfs hdfs) {
    return JobContract.ingestArgs(hdfs.uri(), layout).toArray(String[]::new);
  }

  private String[] trainArgs(EmbeddedHdfs hdfs, Target target) {
    List<String> args = JobContract.trainArgs(hdfs.uri(), layout, target, s.algorithm());
    args.addAll(List.of(JobContract.OPT_MAX_DEPTH, Integer.toString(s.maxDepth()), JobContract.OPT_SEED,
        Long.toString(s.seed())));
    return args.toArray(String[]::new);
  }

  /**
   * A drift retrain, as the operator starts one: the usual training with the lines since the drift began as the
   * recent ones (they weigh the default share of training, and the newest of them judge it against the serving
   * model).
   */
  private String[] driftTrainArgs(EmbeddedHdfs hdfs, Target target, Instant since) {
    List<String> args = new ArrayList<>(List.of(trainArgs(hdfs, target)));
    args.addAll(List.of(JobContract.OPT_RECENT_SINCE, since.toString()));
    return args.toArray(String[]::new);
  }

  /** The original notebook's method on the same data and split: category as a number, raw rows, not kept. */
  private static String[] withOriginalMethod(String[] args) {
    List<String> all = new ArrayList<>(List.of(args));
    int algorithm = all.indexOf(JobContract.OPT_ALGORITHM);
    all.set(algorithm + 1, "decision_tree");
    int depth = all.indexOf(JobContract.OPT_MAX_DEPTH);
    all.set(depth + 1, "10");
    all.addAll(List.of("--category-encoding", "continuous", "--training-rows", "raw", "--evaluate-only"));
    return all.toArray(String[]::new);
  }

  /**
   * Lines are sent once the query has committed its first micro-batch (empty: it starts at the topic's end), as a
   * producer would start after its consumers: that batch's start-up would otherwise hold up the first lines' batch.
   */
  private void awaitFirstBatch(RunningStream stream) throws InterruptedException {
    long deadline = System.nanoTime() + s.streamTimeout().toNanos();
    // A progress report also ends the wait: a trigger ran, whether or not Spark handed it to the writer.
    while (stream.committedBatches() == 0 && stream.query().lastProgress() == null) {
      stream.failure().ifPresent(e -> {
        throw e;
      });
      if (!stream.isActive() || System.nanoTime() > deadline) {
        throw new DemoInputException("the streaming query did not start within " + s.streamTimeout().toSeconds()
            + " s");
      }
      Thread.sleep(20);
    }
  }

  private List<String> streamArgs(EmbeddedHdfs hdfs, EmbeddedKafka kafka, String from) {
    List<String> args = JobContract.streamArgs(hdfs.uri(), layout, kafka.bootstrapServers(),
        JobContract.DEFAULT_TOPIC, s.trigger());
    args.addAll(List.of("--query-name", QUERY, JobContract.OPT_STARTING_OFFSETS, from,
        JobContract.OPT_METRICS_PORT, Integer.toString(s.metricsPort())));
    return args;
  }

  private Map<String, String> outputs(EmbeddedHdfs hdfs) {
    Map<String, String> outputs = new LinkedHashMap<>();
    outputs.put("report", s.work().resolve("report/report.html").toAbsolutePath().toString());
    outputs.put("predictions", hdfs.uri() + layout.streamPredictions());
    outputs.put("quarantine", hdfs.uri() + layout.quarantine());
    outputs.put("models", hdfs.uri() + layout.models());
    outputs.put("hdfs data", s.work().resolve("hdfs").toAbsolutePath().toString());
    return outputs;
  }

  /** Stops the session as the last Spark user. */
  private record SparkClose(SparkSession spark) implements AutoCloseable {
    @Override
    public void close() {
      spark.stop();
    }
  }
}
