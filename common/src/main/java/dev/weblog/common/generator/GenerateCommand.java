package dev.weblog.common.generator;

import dev.weblog.common.JobContract;
import dev.weblog.common.Target;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code generate}: writes history.csv, live.csv and ground-truth.json into a folder. */
@Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Writes synthetic web logs with a known ground truth: history.csv, live.csv and "
        + GroundTruth.FILE_NAME + " (Bayes-optimal accuracy per target).")
public final class GenerateCommand implements Callable<Integer> {

  public static final String HISTORY_FILE = "history.csv";
  public static final String LIVE_FILE = "live.csv";

  @Option(names = JobContract.OPT_OUT, description = "Output folder (default: ${DEFAULT-VALUE}).",
      defaultValue = "generated")
  Path out;

  @Option(names = JobContract.OPT_ROWS, description = "History rows (default: ${DEFAULT-VALUE}).",
      defaultValue = "" + GeneratorConfig.DEFAULT_HISTORY_ROWS)
  long rows;

  @Option(names = JobContract.OPT_LIVE_ROWS, description = "Live rows to replay later (default: ${DEFAULT-VALUE}).",
      defaultValue = "" + GeneratorConfig.DEFAULT_LIVE_ROWS)
  long liveRows;

  @Option(names = JobContract.OPT_SEED, description = "Random seed; the same seed and sizes give the same bytes "
      + "(default: ${DEFAULT-VALUE}).", defaultValue = "" + GeneratorConfig.DEFAULT_SEED)
  long seed;

  @Option(names = "--unlabeled-share", description = "Share of rows without labels (default: ${DEFAULT-VALUE}).",
      defaultValue = "" + GeneratorConfig.DEFAULT_UNLABELED_SHARE)
  double unlabeledShare;

  @Option(names = "--age-buckets", split = ",", paramLabel = "LABEL",
      description = "Age-group labels, youngest first; the behaviour model spreads over as many as given "
          + "(default: ${DEFAULT-VALUE}).",
      defaultValue = GeneratorConfig.DEFAULT_AGE_BUCKETS_TEXT)
  List<String> ageBuckets;

  @Option(names = "--gender-labels", split = ",", paramLabel = "LABEL",
      description = "The two gender labels (default: ${DEFAULT-VALUE}).",
      defaultValue = GeneratorConfig.DEFAULT_GENDER_LABELS_TEXT)
  List<String> genderLabels;

  @Option(names = JobContract.OPT_DRIFT_AT, paramLabel = "ROW",
      description = "First live row (1 = the first after the header) drawn from a shifted world, to try drift "
          + "monitoring on a known change; the rows before it are those a run without it writes (default: no drift).")
  Long driftAt;

  @Option(names = JobContract.OPT_DRIFT_KIND, split = ",", paramLabel = "KIND",
      description = "What shifts at --drift-at: preferences (in half the age groups the genders swap their "
          + "category preferences), labels (one gender and one end of the age range visit more often), categories "
          + "(new category ids take a quarter of the visits) or all (default: all).")
  List<String> driftKinds;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    GeneratorConfig config = GeneratorConfig.defaults().withHistoryRows(rows).withLiveRows(liveRows)
        .withSeed(seed).withUnlabeledShare(unlabeledShare).withAgeBuckets(ageBuckets)
        .withGenderLabels(genderLabels);
    config = withDrift(config);
    long start = System.nanoTime();
    WebLogGenerator generator = new WebLogGenerator(config);
    Progress progress = new Progress("history", rows);
    generator.writeHistory(out.resolve(HISTORY_FILE), progress::update);
    progress.done();
    progress = new Progress("live", liveRows);
    generator.writeLive(out.resolve(LIVE_FILE), progress::update);
    progress.done();
    GroundTruth truth = generator.groundTruth();
    truth.write(out.resolve(GroundTruth.FILE_NAME));
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(Locale.ROOT, "wrote %,d history + %,d live rows to %s in %.1f s (%,.0f rows/s)%n",
        rows, liveRows, out.toAbsolutePath(), seconds, (rows + liveRows) / Math.max(seconds, 1e-9));
    System.out.printf(Locale.ROOT, "Bayes-optimal accuracy: gender %.4f, age_group %.4f (%s)%n",
        truth.bayesOptimal(Target.GENDER), truth.bayesOptimal(Target.AGE_GROUP), GroundTruth.FILE_NAME);
    if (truth.drift() != null) {
      System.out.printf(Locale.ROOT, "from live row %d (%s): gender %.4f, age_group %.4f%n", truth.drift().atLine(),
          String.join(", ", truth.drift().kinds()), truth.drift().bayesOptimal(Target.GENDER),
          truth.drift().bayesOptimal(Target.AGE_GROUP));
    }
    return 0;
  }

  /** The drift options on the config, each mistake named by its option. */
  private GeneratorConfig withDrift(GeneratorConfig config) {
    CommandLine cli = spec.commandLine();
    if (driftAt == null) {
      if (driftKinds != null) {
        throw new ParameterException(cli, "--drift-kind needs --drift-at, the live row the drift starts at");
      }
      return config;
    }
    Set<Drift.Kind> kinds;
    try {
      kinds = Drift.kinds(driftKinds == null ? List.of(Drift.ALL) : driftKinds);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(cli, "--drift-kind: " + e.getMessage());
    }
    try {
      return config.withDrift(new Drift(driftAt, kinds));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(cli, "--drift-at: " + e.getMessage());
    }
  }

  public static void main(String[] args) {
    CommandLine cli = new CommandLine(new GenerateCommand());
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      cmd.getErr().println("generate: " + e.getMessage());
      return 1;
    });
    cli.setParameterExceptionHandler((e, parsed) -> {
      e.getCommandLine().getErr().println("generate: " + e.getMessage());
      e.getCommandLine().usage(e.getCommandLine().getErr());
      return JobContract.EXIT_USAGE;
    });
    System.exit(cli.execute(args));
  }

  /** A counter on one terminal line, only when a person is watching. */
  private static final class Progress {
    private final String what;
    private final long total;
    private final boolean terminal = System.console() != null;

    Progress(String what, long total) {
      this.what = what;
      this.total = total;
    }

    void update(long n) {
      if (terminal && total > 0) {
        System.err.printf(Locale.ROOT, "\r%-8s %,12d / %,d rows (%3d%%)", what, n, total, n * 100 / total);
      }
    }

    void done() {
      if (terminal && total > 0) {
        System.err.println();
      }
    }
  }
}
