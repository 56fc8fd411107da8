package dev.weblog.spark.train;

import dev.weblog.common.Column;
import dev.weblog.common.JobContract;
import dev.weblog.common.RecentWindow;
import dev.weblog.common.Target;
import dev.weblog.spark.JobFailure;
import dev.weblog.spark.JobLauncher;
import dev.weblog.spark.MetricsPortOption;
import dev.weblog.spark.StorageOptions;
import java.util.ArrayList;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** The options of {@link TrainJob}, checked into its typed {@link TrainSettings} and {@link QualityGate}. */
@Command(name = "TrainJob", mixinStandardHelpOptions = true,
    description = "Trains one target's PipelineModel, records its metrics and promotes it through a gate.")
public final class TrainOptions {
  @Mixin
  StorageOptions storage = new StorageOptions();

  @Mixin
  MetricsPortOption metrics = new MetricsPortOption();

  @Option(names = JobContract.OPT_TARGET, required = true, converter = TargetConverter.class,
      description = "age_group or gender")
  Target target;

  @Option(names = JobContract.OPT_ALGORITHM, defaultValue = "auto", converter = AlgorithmConverter.class,
      description = "auto (the best of several candidates on a validation split), decision_tree, random_forest, "
          + "naive_bayes, logistic_regression or gbt (two classes only) (default: ${DEFAULT-VALUE})")
  Algorithm algorithm = Algorithm.AUTO;

  @Option(names = JobContract.OPT_MAX_DEPTH, defaultValue = "10",
      description = "Tree depth of a forced tree algorithm; auto searches its own grid (default: 10)")
  int maxDepth = 10;

  @Option(names = JobContract.OPT_NUM_TREES, defaultValue = "20",
      description = "Trees of a random forest, iterations of gbt (default: ${DEFAULT-VALUE})")
  int numTrees = 20;

  @Option(names = JobContract.OPT_MIN_ACCURACY, defaultValue = "0.0",
      description = "Gate: lowest held-out accuracy promoted, 0..1 (default: ${DEFAULT-VALUE})")
  double minAccuracy;

  @Option(names = JobContract.OPT_MAX_REGRESSION, defaultValue = "0.01",
      description = "Gate: how far below CURRENT's accuracy a new version may be, 0..1 (default: ${DEFAULT-VALUE})")
  double maxRegression = 0.01;

  @Option(names = JobContract.OPT_SEED, defaultValue = "42",
      description = "Seed of the train/test split and the classifier (default: ${DEFAULT-VALUE})")
  long seed = 42;

  @Option(names = "--test-fraction", defaultValue = "0.3",
      description = "Share of labeled rows held out for evaluation (default: ${DEFAULT-VALUE})")
  double testFraction = 0.3;

  @Option(names = "--validation-fraction", defaultValue = "0.2",
      description = "auto: share of the training rows set aside to choose among candidates; the winner is then "
          + "fitted on all training rows (default: ${DEFAULT-VALUE})")
  double validationFraction = 0.2;

  @Option(names = "--category-encoding", defaultValue = "categorical",
      description = "categorical, or continuous as the original did (default: ${DEFAULT-VALUE})")
  CategoryEncoding encoding = CategoryEncoding.CATEGORICAL;

  @Option(names = "--training-rows", defaultValue = "aggregated",
      description = "aggregated (counts as weights) or raw (default: ${DEFAULT-VALUE})")
  TrainingRows rows = TrainingRows.AGGREGATED;

  @Option(names = "--features", split = ",", paramLabel = "COLUMN",
      defaultValue = "product_category_id,device_type,connect_type",
      description = "Feature columns (default: ${DEFAULT-VALUE})")
  List<String> features = new ArrayList<>(Column.DEFAULT_FEATURES.stream().map(Column::columnName).toList());

  @Option(names = "--without-stream-archive",
      description = "Train on data/ only, not also on the live lines the stream archived in stream/raw/")
  boolean withoutStreamArchive;

  @Option(names = JobContract.OPT_RECENT_WINDOW, defaultValue = JobContract.DEFAULT_RECENT_WINDOW,
      description = "Retraining on recent data: archived live lines processed within this span before the newest "
          + "archived line are recent (<n>s|m|h|d, e.g. 30m, 24h, 7d); older ones train as history "
          + "(default: ${DEFAULT-VALUE})")
  String recentWindow = JobContract.DEFAULT_RECENT_WINDOW;

  @Option(names = JobContract.OPT_RECENT_SINCE, paramLabel = "INSTANT",
      description = "Recent lines only from this ISO-8601 instant on (e.g. when drift began); narrows "
          + JobContract.OPT_RECENT_WINDOW)
  String recentSince;

  @Option(names = JobContract.OPT_RECENT_SHARE, defaultValue = "" + JobContract.DEFAULT_RECENT_SHARE,
      description = "The share of the training weight the recent labelled lines carry together, whatever the size "
          + "of the history, strictly between 0 and 1 (default: ${DEFAULT-VALUE})")
  double recentShare = JobContract.DEFAULT_RECENT_SHARE;

  @Option(names = JobContract.OPT_RECENT_HOLDOUT, defaultValue = "" + JobContract.DEFAULT_RECENT_HOLDOUT,
      description = "The newest share of the recent labelled lines held back from training; with at least "
          + QualityGate.MIN_RECENT_LINES + " of them and a serving model, the gate promotes only a candidate "
          + "strictly better than the serving model on them (and at least " + JobContract.OPT_MIN_ACCURACY
          + " on history), whatever " + JobContract.OPT_MAX_REGRESSION + " says (default: ${DEFAULT-VALUE})")
  double recentHoldout = JobContract.DEFAULT_RECENT_HOLDOUT;

  @Option(names = "--evaluate-only",
      description = "Train and evaluate, print the figures, write nothing (no version, no promotion); for "
          + "comparing methods on the same data")
  boolean evaluateOnly;

  @Option(names = "--fail-on-refused",
      description = "Exit with " + JobContract.EXIT_GATE_REFUSED + " when the gate refuses the new version")
  boolean failOnRefused;

  /** Options from the same arguments main takes; a bad argument is a one-line {@link JobFailure}. */
  public static TrainOptions parse(String... args) {
    return JobLauncher.parse(new TrainOptions(), args);
  }

  /** The metrics endpoint asked for: empty without {@code --metrics-port}. */
  public OptionalInt metricsPort() {
    return metrics.port();
  }

  TrainSettings settings() {
    if (maxDepth < 1 || maxDepth > 30) {
      throw new JobFailure(JobContract.OPT_MAX_DEPTH + " must be within 1..30 (MLlib's limit), got " + maxDepth);
    }
    if (numTrees < 1) {
      throw new JobFailure(JobContract.OPT_NUM_TREES + " must be at least 1, got " + numTrees);
    }
    if (!(testFraction > 0 && testFraction < 1)) {
      throw new JobFailure("--test-fraction must be strictly between 0 and 1, got " + testFraction);
    }
    if (!(validationFraction > 0 && validationFraction < 1)) {
      throw new JobFailure("--validation-fraction must be strictly between 0 and 1, got " + validationFraction);
    }
    List<Column> columns = new ArrayList<>();
    for (String name : features) {
      Column c;
      try {
        c = Column.byName(name.trim());
      } catch (IllegalArgumentException e) {
        throw new JobFailure("--features: " + e.getMessage());
      }
      if (!(c.kind() == Column.Kind.INT || c.kind() == Column.Kind.FLOAT)) {
        throw new JobFailure("--features: " + c.columnName() + " cannot be a feature (numeric and code columns "
            + "other than the labels can)");
      }
      columns.add(c);
    }
    return new TrainSettings(algorithm, maxDepth, numTrees, seed, testFraction, validationFraction, encoding, rows,
        List.copyOf(columns));
  }

  RecentSettings recent() {
    java.time.Duration span;
    try {
      span = RecentWindow.parse(recentWindow);
    } catch (IllegalArgumentException e) {
      throw new JobFailure(JobContract.OPT_RECENT_WINDOW + ": " + e.getMessage());
    }
    Optional<Instant> since;
    try {
      since = Optional.ofNullable(recentSince).map(s -> Instant.parse(s.trim()));
    } catch (DateTimeParseException e) {
      throw new JobFailure(JobContract.OPT_RECENT_SINCE + ": '" + recentSince + "' is not an ISO-8601 instant "
          + "(e.g. 2026-03-01T12:00:00Z)");
    }
    try {
      return new RecentSettings(recentWindow.trim(), span, since, recentShare, recentHoldout);
    } catch (IllegalArgumentException e) {
      throw new JobFailure(JobContract.OPT_RECENT_SHARE + "/" + JobContract.OPT_RECENT_HOLDOUT + ": "
          + e.getMessage());
    }
  }

  QualityGate gate() {
    try {
      return new QualityGate(minAccuracy, maxRegression);
    } catch (IllegalArgumentException e) {
      throw new JobFailure(JobContract.OPT_MIN_ACCURACY + "/" + JobContract.OPT_MAX_REGRESSION + ": "
          + e.getMessage());
    }
  }

  static final class TargetConverter implements CommandLine.ITypeConverter<Target> {
    @Override
    public Target convert(String value) {
      try {
        return Target.fromId(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  static final class AlgorithmConverter implements CommandLine.ITypeConverter<Algorithm> {
    @Override
    public Algorithm convert(String value) {
      try {
        return Algorithm.fromId(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }
}
