package dev.weblog.producer;

import dev.weblog.common.JobContract;
import dev.weblog.common.generator.Drift;
import dev.weblog.common.KafkaClientSecurity;
import dev.weblog.common.MetricsEndpoint;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** The command line of {@link ReplayProducer}: parses options, runs the replay, prints the summary. */
@Command(name = "replay-producer", sortOptions = false, usageHelpAutoWidth = true,
    exitCodeOnInvalidInput = JobContract.EXIT_USAGE, exitCodeOnExecutionException = ReplayException.EXIT_FAILURE,
    description = "Replays web-log CSV lines to Kafka with an idempotent producer (acks=all): key = device_id, "
        + "value = the raw line, without header or quoting. Lines are not validated; the streaming job "
        + "quarantines malformed ones.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:every line was sent",
        "1:Kafka unreachable, topic unusable, or a line failed",
        "2:usage or input error (options, file)",
        "130:interrupted; Ctrl-C flushes what was read and prints the summary"})
final class ReplayCommand implements Callable<Integer> {

  static final String OPT_CONNECT_TIMEOUT = "--connect-timeout";
  static final String OPT_PROGRESS = "--progress";
  static final String OPT_SUMMARY_JSON = "--summary-json";
  /** The shell's code for a run ended by Ctrl-C (128 + SIGINT). */
  static final int EXIT_INTERRUPTED = 130;
  /** Upper bound of the wait for the final flush when the JVM is shutting down. */
  private static final Duration SHUTDOWN_WAIT = KafkaSettings.DELIVERY_TIMEOUT.plusSeconds(10);

  static final class SourceChoice {
    @Option(names = JobContract.OPT_FILE, paramLabel = "FILE", required = true,
        description = "CSV file to replay; its first line is skipped when it is the header")
    Path file;

    @Option(names = JobContract.OPT_GENERATE, paramLabel = "N", required = true,
        description = "replay N live rows of the synthetic generator instead of a file")
    Long generate;
  }

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
  boolean help;

  @ArgGroup(exclusive = true, multiplicity = "1")
  SourceChoice source;

  @Option(names = JobContract.OPT_BOOTSTRAP, paramLabel = "HOST:PORT[,...]",
      defaultValue = ReplayOptions.DEFAULT_BOOTSTRAP,
      description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE})")
  String bootstrapServers;

  @Option(names = JobContract.OPT_TOPIC, paramLabel = "NAME", defaultValue = JobContract.DEFAULT_TOPIC,
      description = "topic to send to (default: ${DEFAULT-VALUE})")
  String topic;

  @Option(names = JobContract.OPT_PARTITIONS, paramLabel = "N", defaultValue = "" + JobContract.DEFAULT_PARTITIONS,
      description = "partitions of the topic when it has to be created (default: ${DEFAULT-VALUE})")
  int partitions;

  @Option(names = JobContract.OPT_SEED, paramLabel = "SEED", defaultValue = "42",
      description = "generator seed (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = JobContract.OPT_MALFORMED_EVERY, paramLabel = "N", defaultValue = "0",
      description = "with --generate: break every Nth line in one of the ways the streaming job quarantines, "
          + "cycling through them, to watch nothing get lost (0 = never) (default: ${DEFAULT-VALUE})")
  long malformedEvery;

  @Option(names = JobContract.OPT_DRIFT_AT, paramLabel = "ROW",
      description = "with --generate: the first row drawn from a shifted world, to try drift monitoring on a known "
          + "change (default: no drift)")
  Long driftAt;

  @Option(names = JobContract.OPT_DRIFT_KIND, split = ",", paramLabel = "KIND", defaultValue = Drift.ALL,
      description = "with --drift-at: what shifts: preferences, labels, categories or all (default: ${DEFAULT-VALUE})")
  List<String> driftKinds;

  @Option(names = JobContract.OPT_RATE, defaultValue = "0", converter = RateConverter.class, paramLabel = "RATE",
      description = "lines per second (0 = as fast as possible, 1, 2.5) or a burst N/PERIOD such as 5/5s "
          + "(5 lines every 5 s, as the original) (default: ${DEFAULT-VALUE})")
  Rate rate;

  @Option(names = JobContract.OPT_LIMIT, defaultValue = "0", paramLabel = "LINES",
      description = "send at most this many lines (0 = all) (default: ${DEFAULT-VALUE})")
  long limit;

  @Option(names = OPT_CONNECT_TIMEOUT, defaultValue = "15s", converter = DurationConverter.class,
      paramLabel = "DURATION",
      description = "give up when Kafka does not answer within this time (default: ${DEFAULT-VALUE})")
  Duration connectTimeout;

  @Option(names = OPT_PROGRESS, negatable = true,
      description = "print a progress line on stderr every second (default: only when attached to a terminal)")
  Boolean progress;

  @Option(names = OPT_SUMMARY_JSON, paramLabel = "FILE", description = "also write the summary as JSON to FILE")
  Path summaryJson;

  @Option(names = JobContract.OPT_METRICS_PORT, paramLabel = "PORT",
      description = "serve the replay's figures in the Prometheus format at http://<host>:PORT"
          + JobContract.METRICS_PATH + " while it runs (0: a free port; default: no endpoint)")
  Integer metricsPort;

  @Option(names = {"-X", JobContract.OPT_KAFKA_PROPERTY}, paramLabel = "KEY=VALUE",
      description = "extra Kafka client setting, e.g. security.protocol=SSL (repeatable); a value may read a file "
          + "through a config provider, e.g. sasl.jaas.config=$${dir:/etc/weblog/kafka-user:sasl.jaas.config}, and "
          + "secret-looking values are never printed")
  Map<String, String> kafkaProperties = Map.of();

  private final PrintStream out;
  private final PrintStream err;
  private final AtomicBoolean cancel = new AtomicBoolean();

  ReplayCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  /** Runs the command and returns its exit code; errors are printed as one line on {@code err}. */
  static int execute(String[] args, PrintStream out, PrintStream err) {
    CommandLine cl = new CommandLine(new ReplayCommand(out, err));
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    // picocli does not expand ${...} in option values: config-provider references reach Kafka as written.
    cl.setParameterExceptionHandler((e, a) -> {
      err.println("replay-producer: " + KafkaClientSecurity.maskArgs(e.getMessage(), args) + " (see --help)");
      return JobContract.EXIT_USAGE;
    });
    cl.setExecutionExceptionHandler((e, c, parsed) -> {
      if (e instanceof ReplayException r) {
        err.println("replay-producer: " + KafkaClientSecurity.maskArgs(r.getMessage(), args));
        return r.exitCode();
      }
      err.println("replay-producer: unexpected " + KafkaClientSecurity.maskArgs(DeliveryTracker.describe(e), args));
      e.printStackTrace(err);
      return ReplayException.EXIT_FAILURE;
    });
    return cl.execute(args);
  }

  /** The shift --drift-at asks for; null without it. */
  private Drift drift() {
    if (driftAt == null) {
      return null;
    }
    if (source.generate == null) {
      throw ReplayException.usage(JobContract.OPT_DRIFT_AT + " shifts generated lines: it needs "
          + JobContract.OPT_GENERATE);
    }
    try {
      return new Drift(driftAt, Drift.kinds(driftKinds));
    } catch (IllegalArgumentException e) {
      throw ReplayException.usage(JobContract.OPT_DRIFT_AT + "/" + JobContract.OPT_DRIFT_KIND + ": "
          + e.getMessage());
    }
  }

  @Override
  public Integer call() {
    ReplayOptions options = new ReplayOptions(bootstrapServers, topic, partitions, rate, limit, connectTimeout,
        kafkaProperties, progressMode(), err);
    LineSource lines = source.file != null ? FileLineSource.open(source.file)
        : new GeneratorLineSource(source.generate, seed, malformedEvery, drift());
    CountDownLatch finished = new CountDownLatch(1);
    Thread hook = new Thread(() -> awaitAfterCancel(finished), "replay-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try (lines; MetricsEndpoint endpoint = MetricsEndpoint.start(metricsPort(), ReplayException::usage)) {
      endpoint.url().ifPresent(url -> err.println("replay-producer: metrics at " + url));
      ReplaySummary summary = ReplayProducer.run(options, lines, cancel, endpoint.registry());
      out.println(summary.describe());
      if (summaryJson != null) {
        summary.writeJson(summaryJson);
      }
      return summary.cancelled() ? EXIT_INTERRUPTED : summary.complete() ? 0 : ReplayException.EXIT_FAILURE;
    } finally {
      out.flush();
      finished.countDown();
      removeHook(hook);
    }
  }

  /** Ctrl-C: stop reading, and keep the JVM alive until the flush and the summary are done. */
  private void awaitAfterCancel(CountDownLatch finished) {
    cancel.set(true);
    try {
      finished.await(SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down: the hook is running and returns once we are finished.
    }
  }

  private OptionalInt metricsPort() {
    if (metricsPort == null) {
      return OptionalInt.empty();
    }
    if (metricsPort < 0 || metricsPort > 65_535) {
      throw ReplayException.usage(JobContract.OPT_METRICS_PORT + " must be a port 0..65535 (0: a free one), not "
          + metricsPort);
    }
    return OptionalInt.of(metricsPort);
  }

  private ProgressReporter.Mode progressMode() {
    boolean terminal = System.console() != null;
    if (progress == null) {
      return terminal ? ProgressReporter.Mode.IN_PLACE : ProgressReporter.Mode.OFF;
    }
    return !progress ? ProgressReporter.Mode.OFF
        : terminal ? ProgressReporter.Mode.IN_PLACE : ProgressReporter.Mode.LINES;
  }

  static final class RateConverter implements ITypeConverter<Rate> {
    @Override
    public Rate convert(String value) {
      try {
        return Rate.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  static final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        return DurationText.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
