package dev.weblog.local;

import dev.weblog.common.JobContract;
import dev.weblog.common.generator.Drift;
import dev.weblog.common.generator.GeneratorConfig;
import dev.weblog.spark.OneMachineSession;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code weblog demo}: the whole pipeline on this machine with real HDFS, Kafka and Spark, then a report. */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Runs the whole pipeline on this machine: starts HDFS and Kafka in-process, generates (or "
        + "takes) history and live logs, ingests, trains both models, streams the live lines through Kafka into "
        + "predictions, and writes a report (terminal, report.json, report.html).",
        "Ctrl-C stops everything cleanly at any moment."})
public final class DemoCommand implements Callable<Integer> {

  @Option(names = "--work", paramLabel = "DIR", defaultValue = "weblog-work",
      description = "Keeps HDFS data, models, Kafka logs and the report between runs (default: ${DEFAULT-VALUE})")
  Path work;

  @Option(names = "--history", paramLabel = "FILE",
      description = "History CSV with the original header (default: generated)")
  Path history;

  @Option(names = "--live", paramLabel = "FILE",
      description = "Live CSV to replay through Kafka, original header (default: generated)")
  Path live;

  @Option(names = "--rows", paramLabel = "N", defaultValue = "200000",
      description = "Generated history rows (default: ${DEFAULT-VALUE})")
  long rows;

  @Option(names = "--live-rows", paramLabel = "N",
      description = "Generated live rows (default: " + LIVE_ROWS + ", or " + DRIFT_LIVE_ROWS + " with --drift: "
          + "time to detect, retrain and show the recovery)")
  Long liveRows;

  @Option(names = "--malformed-share", paramLabel = "SHARE", defaultValue = "0.005",
      description = "Share of malformed lines mixed into generated live data, every kind in turn "
          + "(default: ${DEFAULT-VALUE})")
  double malformedShare;

  @Option(names = "--seed", defaultValue = "" + GeneratorConfig.DEFAULT_SEED,
      description = "Seed of the generator and the train/test split (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--rate", paramLabel = "RATE", defaultValue = "1000",
      description = "Replay rate in lines per second, 0 for as fast as possible, or a burst like 5/5s "
          + "(default: ${DEFAULT-VALUE})")
  String rate;

  @Option(names = "--algorithm", defaultValue = "auto",
      description = "auto (the best of several candidates on a validation split), or forced: decision_tree, "
          + "random_forest, naive_bayes, logistic_regression or gbt (two classes only) (default: ${DEFAULT-VALUE})")
  String algorithm;

  @Option(names = "--max-depth", defaultValue = "10",
      description = "Tree depth of a forced tree algorithm (default: ${DEFAULT-VALUE})")
  int maxDepth;

  @Option(names = "--partitions",
      description = "Partitions of the Kafka topic (default: one per core, so each task of a micro-batch reads "
          + "one partition)")
  Integer partitions;

  @Option(names = "--trigger", defaultValue = JobContract.DEFAULT_TRIGGER,
      description = "Micro-batch interval of the stream (default: ${DEFAULT-VALUE})")
  String trigger;

  @Option(names = "--skip-train", description = "Reuse the models promoted by an earlier run in --work")
  boolean skipTrain;

  @Option(names = "--keep-running", description = "Leave HDFS, Kafka and the stream up after the report, "
      + "until Ctrl-C")
  boolean keepRunning;

  @Option(names = "--hdfs-port", defaultValue = "0", description = "NameNode RPC port, 0 for any free one "
      + "(default: ${DEFAULT-VALUE})")
  int hdfsPort;

  @Option(names = "--hdfs-ui-port", defaultValue = "0", description = "NameNode web UI port, 0 for any free one "
      + "(default: ${DEFAULT-VALUE})")
  int hdfsUiPort;

  @Option(names = "--kafka-port", defaultValue = "0", description = "Kafka broker port, 0 for any free one "
      + "(default: ${DEFAULT-VALUE})")
  int kafkaPort;

  @Option(names = "--spark-ui-port", defaultValue = "4040", description = "Spark UI port (the next free one if "
      + "taken), 0 to turn the UI off (default: ${DEFAULT-VALUE})")
  int sparkUiPort;

  @Option(names = JobContract.OPT_METRICS_PORT, defaultValue = "0", description = "Port of the stream's Prometheus "
      + "endpoint, 0 for any free one; its address is printed (default: ${DEFAULT-VALUE})")
  int metricsPort;

  @Option(names = "--stream-timeout", paramLabel = "SECONDS", defaultValue = "900",
      description = "Longest wait for the stream to account for every live line (default: ${DEFAULT-VALUE})")
  long streamTimeoutSeconds;

  @Option(names = "--no-realtime", description = "Run the micro-batch stream alone, without the real-time path "
      + "(Kafka prediction events) beside it")
  boolean noRealtime;

  @Option(names = "--warm-up-lines", paramLabel = "N", defaultValue = "" + WARM_UP_LINES,
      description = "Live lines the stream first runs over in a scratch topic and folder, so the measured lines do not "
          + "pay for the JVM compiling the stream's code; 0 to measure a cold start (default: ${DEFAULT-VALUE})")
  long warmUpLines;

  @Option(names = "--drift", description = "Shift the generated live lines (see --drift-kind, --drift-at) to show "
      + "drift monitoring at work: the stream detects it, a retrain learns from the recent lines, the promoted model "
      + "swaps in and live accuracy recovers toward the new Bayes bound; the report shows it batch by batch")
  boolean drift;

  @Option(names = "--drift-kind", split = ",", paramLabel = "KIND", defaultValue = Drift.ALL,
      description = "What shifts with --drift: preferences, labels, categories or all (default: ${DEFAULT-VALUE})")
  List<String> driftKinds;

  @Option(names = "--drift-at", paramLabel = "ROW",
      description = "The first shifted live row with --drift (default: a quarter of the live rows)")
  Long driftAt;

  @Option(names = "--no-drift-retrain", description = "Report the drift the stream detects, but do not retrain on "
      + "it (by default a detection retrains the drifting model on the history and the recent lines)")
  boolean noDriftRetrain;

  static final long LIVE_ROWS = 20_000;
  static final long DRIFT_LIVE_ROWS = 180_000;
  /** A few micro-batches' worth at the default rate: in the measured A/B, enough for the first batches to be warm. */
  static final long WARM_UP_LINES = 3_000;

  @Override
  public Integer call() throws Exception {
    DemoSettings settings = settings();
    PrintStream out = System.out;
    DemoRun run = new DemoRun(settings, out, System.console() != null);
    Thread hook = new Thread(() -> {
      if (!run.cancelled()) {
        out.println();
        out.println("weblog: stopping (Ctrl-C) ...");
        run.cancel();
        out.println("weblog: stopped; data kept in " + settings.work().toAbsolutePath());
      }
    }, "weblog-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      run.run();
      return 0;
    } catch (Exception e) {
      if (run.cancelled()) {
        return 130;
      }
      throw e;
    } finally {
      removeHook(hook);
    }
  }

  DemoSettings settings() {
    if ((history == null) != (live == null)) {
      throw new DemoInputException("give both --history FILE and --live FILE, or neither to generate data");
    }
    if (history != null) {
      InputCheck.requireWebLogCsv(history, "--history");
      InputCheck.requireWebLogCsv(live, "--live");
    }
    long liveCount = liveRows != null ? liveRows : drift ? DRIFT_LIVE_ROWS : LIVE_ROWS;
    if (history == null && (rows < 100 || liveCount < 1)) {
      throw new DemoInputException("--rows must be at least 100 and --live-rows at least 1");
    }
    if (!(malformedShare >= 0 && malformedShare < 0.5)) {
      throw new DemoInputException("--malformed-share must be within [0, 0.5), got " + malformedShare);
    }
    if (warmUpLines < 0) {
      throw new DemoInputException("--warm-up-lines must be 0 or more, got " + warmUpLines);
    }
    int topicPartitions = partitions == null ? OneMachineSession.cores() : partitions;
    if (topicPartitions < 1 || maxDepth < 1 || streamTimeoutSeconds < 1) {
      throw new DemoInputException("--partitions, --max-depth and --stream-timeout must be at least 1");
    }
    Ports.requireFree(hdfsPort, "--hdfs-port");
    Ports.requireFree(hdfsUiPort, "--hdfs-ui-port");
    Ports.requireFree(kafkaPort, "--kafka-port");
    Ports.requireFree(metricsPort, JobContract.OPT_METRICS_PORT);
    return new DemoSettings(work, history, live, history == null ? rows : 0, history == null ? liveCount : 0,
        malformedShare, seed, rate, algorithm, maxDepth, topicPartitions, trigger, skipTrain, keepRunning, hdfsPort,
        hdfsUiPort, kafkaPort, sparkUiPort, metricsPort, Duration.ofSeconds(streamTimeoutSeconds), !noRealtime,
        drift(liveCount), !noDriftRetrain, warmUpLines);
  }

  /** The shift --drift asks for, each mistake named by its option; null without --drift. */
  private Drift drift(long live) {
    if (!drift) {
      if (driftAt != null) {
        throw new DemoInputException("--drift-at needs --drift");
      }
      return null;
    }
    if (history != null) {
      throw new DemoInputException("--drift shifts generated live lines; it cannot be used with --history and --live "
          + "(your own lines are monitored for drift all the same)");
    }
    long at = driftAt != null ? driftAt : Math.max(1, live / 4);
    if (at < 1 || at > live) {
      throw new DemoInputException("--drift-at must be within 1.." + live + " (the live rows), got " + at);
    }
    try {
      return new Drift(at, Drift.kinds(driftKinds));
    } catch (IllegalArgumentException e) {
      throw new DemoInputException("--drift-kind: " + e.getMessage());
    }
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // Already shutting down: the hook runs or ran.
    }
  }
}
