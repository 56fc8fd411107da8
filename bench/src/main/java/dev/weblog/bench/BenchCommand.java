package dev.weblog.bench;

import dev.weblog.common.JobContract;
import dev.weblog.common.Target;
import dev.weblog.spark.JobFailure;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code bench}: each stage of the pipeline beside its baselines, in alternation on one embedded HDFS and one
 * Spark session, printed as a table and written as JSON. Meant for a person's machine, never for CI.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {
        "Measures each pipeline stage against its baselines in the same run (A B, B A, A B ..., after warm-up "
            + "pairs) on embedded HDFS and Spark local[*]; prints a table and writes JSON.",
        "Stages: ingest (IngestJob vs Spark CSV with inferSchema vs plain Java + parquet-java), "
            + "train (TrainJob's default vs the original method, per target), "
            + "producer (ReplayProducer at full speed vs Kafka's ProducerPerformance, same settings), "
            + "stream (StreamJob draining a pre-filled topic vs a plain KafkaConsumer loop scoring with the same "
            + "trees exported to plain Java and writing with parquet-java; then latency at half the project's rate), "
            + "stream-metrics (StreamJob with its metrics, scraped every second, vs --no-metrics; drain rate and CPU "
            + "per record), "
            + "stream-monitoring (StreamJob with drift monitoring against the models' training profiles vs "
            + "--no-drift-monitoring; drain rate, target on/off >= 0.95, and CPU per record), "
            + "realtime (RealtimeJob in Spark's real-time mode draining the pre-filled topic into prediction events vs "
            + "plain Kafka consumers scoring with the same compiled models into a KafkaProducer; then latency to the "
            + "event's append at 1,000 and 10,000 lines/s and half the project's drain rate), "
            + "stream-beside-realtime (StreamJob draining the pre-filled topic alone vs with RealtimeJob draining it "
            + "beside it on the same Spark session; the stream's drain rate), "
            + "memory (peak resident memory of the demo in a child JVM vs its services left idle; Linux)."})
public final class BenchCommand implements Callable<Integer> {

  static final Set<String> STAGES = Set.of("ingest", "train", "producer", "stream", "stream-metrics",
      "stream-monitoring", "realtime", "stream-beside-realtime", "memory");
  /** The stages that run RealtimeJob, whose tasks need slots of their own. */
  static final Set<String> REALTIME_STAGES = Set.of("realtime", "stream-beside-realtime");

  @Spec
  CommandSpec spec;

  private StreamSetup streamSetup;

  @Option(names = "--rows", defaultValue = "2000000",
      description = "Generated history rows (default: ${DEFAULT-VALUE})")
  long rows;

  @Option(names = "--pairs", defaultValue = "3", description = "Measured pairs per stage (default: ${DEFAULT-VALUE})")
  int pairs;

  @Option(names = "--warmup", defaultValue = "1",
      description = "Warm-up pairs run first and discarded (default: ${DEFAULT-VALUE})")
  int warmup;

  @Option(names = "--stages", split = ",",
      defaultValue = "ingest,train,producer,stream,stream-metrics,stream-monitoring,memory",
      paramLabel = "STAGE",
      description = "Stages to run, in this order (default: ${DEFAULT-VALUE})")
  List<String> stages;

  @Option(names = "--no-floor", description = "Leave out the plain-Java ingest floor")
  boolean noFloor;

  @Option(names = "--producer-records", defaultValue = "2000000",
      description = "Records each producer run sends (default: ${DEFAULT-VALUE})")
  long producerRecords;

  @Option(names = "--stream-records", defaultValue = "2000000",
      description = "Records in the topic each stream drain reads (default: ${DEFAULT-VALUE})")
  long streamRecords;

  @Option(names = "--stream-max-offsets", paramLabel = "N", defaultValue = "" + JobContract.DEFAULT_MAX_OFFSETS,
      description = "StreamJob's --max-offsets-per-trigger in the stream stages (default: StreamJob's, ${DEFAULT-VALUE})")
  long streamMaxOffsets;

  @Option(names = "--stream-args", paramLabel = "\"ARGS\"", defaultValue = "",
      description = "More StreamJob options for every project run of the stream stages, split at spaces, e.g. "
          + "\"--min-partitions 3\"; not --no-metrics or --no-drift-monitoring, which the stream-metrics and "
          + "stream-monitoring stages set themselves (default: none)")
  String streamArgs;

  @Option(names = "--latency-seconds", defaultValue = "60",
      description = "Seconds of steady load measured per stream latency run, after 5 s of settling "
          + "(default: ${DEFAULT-VALUE})")
  long latencySeconds;

  @Option(names = "--demo-args", paramLabel = "\"ARGS\"", defaultValue = "",
      description = "Options for the demo the memory stage measures, e.g. \"--rows 20000 --live-rows 2000\" "
          + "(default: none, the demo's own default size)")
  String demoArgs;

  @Option(names = "--work", defaultValue = "bench-work",
      description = "Folder for HDFS, the generated input and the log (default: ${DEFAULT-VALUE})")
  Path work;

  @Option(names = "--json", description = "Where to write the JSON (default: <work>/bench.json)")
  Path json;

  @Option(names = "--seed", defaultValue = "42",
      description = "Generator and training seed (default: ${DEFAULT-VALUE})")
  long seed;

  @Override
  public Integer call() throws Exception {
    check();
    PrintWriter out = spec.commandLine().getOut();
    Path jsonFile = json != null ? json : work.resolve("bench.json");
    out.printf("bench: starting HDFS and Spark in %s%n", work.toAbsolutePath());
    out.flush();
    long started = System.nanoTime();
    try (BenchEnvironment env = BenchEnvironment.start(work, realtimeSlots(stages))) {
      out.printf("bench: HDFS and Spark up in %.1f s; generating %,d rows into %s%n", seconds(started), rows,
          env.layout().raw());
      out.flush();
      long generating = System.nanoTime();
      BenchData data = BenchData.prepare(env, rows, seed);
      out.printf("bench: input ready in %.1f s%n", seconds(generating));
      out.flush();
      List<StageResult> results = new ArrayList<>();
      for (String stage : stages) {
        for (Stage s : build(stage, env, data)) {
          results.add(Alternation.run(s, warmup, pairs, out));
        }
      }
      BenchReport report = new BenchReport(Instant.now(), Machine.current(), Versions.of(env.spark()),
          new BenchReport.Settings(rows, warmup, pairs, List.copyOf(stages), seed,
              List.copyOf(spec.commandLine().getParseResult().originalArgs())),
          results);
      out.println();
      out.print(BenchTable.render(report));
      BenchJson.write(report, jsonFile);
      out.printf("bench: JSON written to %s (%.0f s in all)%n", jsonFile.toAbsolutePath(), seconds(started));
      out.flush();
    }
    return 0;
  }

  /** Real-time mode keeps one task per partition running: they get threads beyond the cores, as in the demo. */
  static int realtimeSlots(List<String> stages) {
    return stages.stream().anyMatch(REALTIME_STAGES::contains) ? StreamSetup.PARTITIONS : 0;
  }

  private static double seconds(long sinceNanos) {
    return (System.nanoTime() - sinceNanos) / 1e9;
  }

  /** The pre-filled topic and promoted models, made once for every stream and real-time stage. */
  private StreamSetup streamSetup(BenchEnvironment env) {
    if (streamSetup == null) {
      streamSetup = StreamSetup.prepare(env, streamRecords, seed);
    }
    return streamSetup;
  }

  /** StreamJob's options for the project's stream runs beyond the bench's own: the batch bound, then --stream-args. */
  private List<String> streamJobArgs() {
    List<String> args = new ArrayList<>(List.of(JobContract.OPT_MAX_OFFSETS, Long.toString(streamMaxOffsets)));
    args.addAll(MemoryStage.words(streamArgs));
    return args;
  }

  private List<Stage> build(String stage, BenchEnvironment env, BenchData data) {
    return switch (stage) {
      case "ingest" -> List.of(new IngestStage(env, data, !noFloor));
      case "train" -> {
        TrainStage.ensureIngested(env);
        List<Stage> perTarget = new ArrayList<>();
        for (Target t : Target.values()) {
          perTarget.add(new TrainStage(env, data, t, seed));
        }
        yield perTarget;
      }
      case "producer" -> List.of(ProducerStage.prepare(env, producerRecords, seed));
      case "stream" -> StreamStage.prepare(env, streamSetup(env), streamJobArgs(), Duration.ofSeconds(latencySeconds),
          pairs);
      case "stream-metrics" -> List.of(new StreamMetricsStage(env, streamSetup(env), streamJobArgs()));
      case "stream-monitoring" -> List.of(new StreamMonitoringStage(env, streamSetup(env), streamJobArgs()));
      case "realtime" -> RealtimeStage.prepare(env, streamSetup(env), Duration.ofSeconds(latencySeconds), pairs);
      case "stream-beside-realtime" -> List.of(StreamBesideRealtimeStage.prepare(env, streamSetup(env),
          streamJobArgs()));
      case "memory" -> List.of(new MemoryStage(work.resolve("memory").toAbsolutePath(),
          MemoryStage.words(demoArgs)));
      default -> throw new IllegalStateException("stage " + stage + " passed check() but has no builder");
    };
  }

  /** Options a person must fix, each named, before anything starts. */
  private void check() {
    CommandLine cli = spec.commandLine();
    if (rows < 1_000) {
      throw new CommandLine.ParameterException(cli, "--rows must be at least 1000 (a train/test split needs "
          + "labeled rows of every class), got " + rows);
    }
    if (pairs < 1) {
      throw new CommandLine.ParameterException(cli, "--pairs must be at least 1, got " + pairs);
    }
    if (warmup < 0) {
      throw new CommandLine.ParameterException(cli, "--warmup must be 0 or more, got " + warmup);
    }
    if (producerRecords < 1) {
      throw new CommandLine.ParameterException(cli, "--producer-records must be at least 1, got " + producerRecords);
    }
    if (streamRecords < 1 || streamMaxOffsets < 1 || latencySeconds < 1) {
      throw new CommandLine.ParameterException(cli, "--stream-records, --stream-max-offsets and --latency-seconds "
          + "must be at least 1, got " + streamRecords + ", " + streamMaxOffsets + " and " + latencySeconds);
    }
    for (String s : stages) {
      if (!STAGES.contains(s)) {
        throw new CommandLine.ParameterException(cli, "--stages: unknown stage '" + s + "'; known: "
            + String.join(", ", new java.util.TreeSet<>(STAGES)));
      }
    }
    try {
      ProjectStream.requireValid(streamJobArgs());
    } catch (JobFailure e) {
      throw new CommandLine.ParameterException(cli, "--stream-args: " + e.getMessage());
    }
    if (stages.contains("memory")) {
      // Before the other stages have run for an hour, not after.
      ProcStatus.requireProc("--stages memory");
    }
  }

  /** Logs go to bench.log in the work folder; set before any logger exists. */
  private static void logInto(String[] args) {
    String folder = "bench-work";
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--work") && i + 1 < args.length) {
        folder = args[i + 1];
      } else if (args[i].startsWith("--work=")) {
        folder = args[i].substring("--work=".length());
      }
    }
    if (System.getProperty("weblog.log.file") == null) {
      System.setProperty("weblog.log.file", Path.of(folder, "bench.log").toString());
    }
  }

  public static void main(String[] args) {
    logInto(args);
    CommandLine cli = new CommandLine(new BenchCommand());
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      // A failed measurement or job is one line naming where; anything else keeps its stack trace.
      if (e instanceof BenchFailure || e instanceof dev.weblog.spark.JobFailure) {
        cmd.getErr().println("bench: " + e.getMessage());
        return 1;
      }
      cmd.getErr().println("bench failed: " + e);
      e.printStackTrace(cmd.getErr());
      return 1;
    });
    System.exit(cli.execute(args));
  }
}
