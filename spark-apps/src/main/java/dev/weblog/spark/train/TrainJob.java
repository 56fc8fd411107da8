package dev.weblog.spark.train;

import dev.weblog.common.Column;
import dev.weblog.common.HdfsLayout;
import dev.weblog.common.JobContract;
import dev.weblog.common.LabelOrder;
import dev.weblog.common.Target;
import dev.weblog.common.MetricsEndpoint;
import dev.weblog.common.monitor.TrainingProfile;
import dev.weblog.spark.InputFiles;
import dev.weblog.spark.JobFailure;
import dev.weblog.spark.JobLauncher;
import dev.weblog.spark.ModelOutput;
import dev.weblog.spark.StagedDirectory;
import dev.weblog.spark.StorageOptions;
import dev.weblog.spark.TerminationMessage;
import dev.weblog.spark.WebLogSparkSchema;
import dev.weblog.spark.model.ModelMetrics;
import dev.weblog.spark.model.ModelRegistry;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.feature.StringIndexerModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Trains one target's model on the labeled rows of {@code data/}, writes it as {@code models/<target>/v<N>/}
 * with its metrics and training profile, and promotes it to {@code CURRENT} when the quality gate lets it.
 */
public final class TrainJob {

  private static final String ROW_HASH = "row_hash";
  private static final String IS_TRAIN = "is_train";
  private static final String IS_VALIDATION = "is_validation";
  /** A recent archived line, always trained on and weighted to carry the recent share of the training weight. */
  private static final String IS_RECENT = "is_recent";
  private static final long SPLIT_BUCKETS = 1_000_000L;

  private TrainJob() {}

  public static void main(String[] args) {
    int code = execute(args, () -> JobLauncher.session("weblog-train"));
    JobLauncher.stopActiveSession();
    System.exit(code);
  }

  /** Parses the arguments and runs; the exit code main would return. */
  public static int execute(String[] args, Supplier<SparkSession> session) {
    return JobLauncher.launch("TrainJob", new TrainOptions(), args, options -> {
      TrainResult result = run(session.get(), options);
      System.out.println(result.summary());
      TerminationMessage.write(result.terminationMessage());
      return !result.promoted() && options.failOnRefused ? JobContract.EXIT_GATE_REFUSED : 0;
    });
  }

  /** Runs, serving its progress while it does when {@code --metrics-port} asks for it. */
  public static TrainResult run(SparkSession spark, TrainOptions options) {
    try (MetricsEndpoint endpoint = MetricsEndpoint.start(options.metricsPort(), JobFailure::new)) {
      endpoint.url().ifPresent(url -> System.out.println("TrainJob: metrics at " + url));
      return run(spark, options, endpoint);
    }
  }

  /** Runs, recording its progress into {@code endpoint}'s registry; the caller started it and closes it. */
  public static TrainResult run(SparkSession spark, TrainOptions options, MetricsEndpoint endpoint) {
    Target target = options.target;
    TrainMetrics progress = new TrainMetrics(endpoint.registry(), target, System::currentTimeMillis);
    TrainSettings settings = options.settings();
    QualityGate gate = options.gate();
    RecentSettings recentSettings = options.recent();
    FileSystem fs = options.storage.fileSystem(spark);
    HdfsLayout layout = options.storage.layout();
    ModelRegistry registry = new ModelRegistry(fs, layout);
    Path input = StorageOptions.qualified(fs, layout.data());
    InputFiles.require(fs, input, "Parquet written by IngestJob; run IngestJob first");
    Path staging = registry.newStaging(target);

    Dataset<Row> history = spark.read().schema(WebLogSparkSchema.stored()).parquet(input.toString());
    Optional<Dataset<Row>> archive = options.withoutStreamArchive ? Optional.empty()
        : StreamArchive.read(spark, fs, layout);
    Optional<RecentLines.Split> recent = archive.map(a -> RecentLines.of(a, target, recentSettings));
    Dataset<Row> data = recent.map(r -> history.unionByName(r.older())).orElse(history);
    String source = archive.isPresent() ? input + " + " + StorageOptions.qualified(fs, layout.streamRaw())
        : input.toString();
    Dataset<Row> split = splitLabeled(data, target, settings, false);
    if (recent.isPresent() && recent.get().trainingLines() > 0) {
      split = split.unionByName(splitLabeled(recent.get().training(), target, settings, true));
    }
    Dataset<Row> labeled = split.persist();
    try {
      Row stats = labeled.agg(functions.count(functions.lit(1)), count(IS_TRAIN), count(IS_VALIDATION),
          functions.sum(functions.col(ROW_HASH).cast("decimal(38,0)")), count(IS_RECENT),
          count(functions.col(IS_RECENT).and(functions.col(IS_VALIDATION)))).first();
      long rows = stats.getLong(0);
      if (rows == 0) {
        long all = data.count();
        throw new JobFailure(all == 0 ? "empty input: no rows in " + input
            : "no labeled rows: none of the " + all + " rows in " + input + " has a " + target.id());
      }
      long trainRows = stats.getLong(1);
      long testRows = rows - trainRows;
      if (trainRows == 0 || testRows == 0) {
        throw new JobFailure("too few labeled rows for a train/test split: " + rows + " rows with a " + target.id()
            + " in " + input);
      }
      long validationRows = stats.getLong(2);
      String fingerprint = fingerprint(rows, stats.getDecimal(3));
      List<Candidate> candidates = Candidates.of(settings);
      boolean search = candidates.size() > 1;
      if (search && (validationRows == 0 || validationRows == trainRows)) {
        throw new JobFailure("too few labeled rows to choose a model on a validation split: " + trainRows
            + " training rows with a " + target.id() + " in " + input + "; force one with "
            + JobContract.OPT_ALGORITHM);
      }
      progress.rows(trainRows, search ? validationRows : 0, testRows);
      progress.candidates(candidates);

      long started = System.nanoTime();
      long recentRows = stats.getLong(4);
      long recentValidationRows = stats.getLong(5);
      double recentWeight = RecentLines.weight(trainRows - recentRows, recentRows, recentSettings.share());
      Dataset<Row> weightedRows = labeled.withColumn(ModelPipeline.WEIGHT,
          functions.when(functions.col(IS_RECENT), recentWeight).otherwise(1.0));
      boolean aggregated = settings.rows() == TrainingRows.AGGREGATED;
      // Raw rows are weighted too once recent lines carry more than one row's weight each.
      boolean weighted = aggregated || recentRows > 0;
      TrainingTables tables = TrainingTables.of(weightedRows.where(functions.col(IS_TRAIN)),
          modelColumns(target, settings), IS_VALIDATION, aggregated, search);
      StringIndexerModel labels = ModelPipeline.labelIndexer(target).fit(tables.all());
      requireClasses(target, settings, labels);
      ModelPipeline.Features features = ModelPipeline.fitFeatures(target, settings, labels, tables.all(),
          candidates.stream().anyMatch(c -> c.algorithm().oneHot()));
      int maxBins = features.maxBins();
      TrainingTables prepared = tables.map(features::prepare, aggregated);
      long fitRows = trainRows - validationRows;
      // The rows the weights stand for, for a classifier's minimum per node: recent rows count as their weight.
      long trainWeight = weightOf(trainRows, recentRows, recentWeight);
      long fitWeight = trainWeight - weightOf(validationRows, recentValidationRows, recentWeight);
      Selection selection;
      Transformer classifier;
      if (search) {
        CandidateSearch.Outcome outcome = CandidateSearch.run(target, candidates,
            c -> ModelPipeline.classifier(target, c, settings.seed(), maxBins, weighted, fitWeight),
            prepared.fit(), prepared.validation(), fitRows, validationRows, progress);
        // The winner as fitted on the fit rows, not refitted on all: on a few thousand counted rows the extra 20 %
        // moved test accuracy by 0.01 point, and a refit cost a sixth of the run (issue 15's 3x budget).
        selection = outcome.selection();
        classifier = outcome.winner();
      } else {
        selection = Selection.forced(candidates.get(0), trainRows);
        progress.fitting(selection.winner());
        try {
          classifier = (Transformer) ModelPipeline.classifier(target, selection.winner(), settings.seed(), maxBins,
              weighted, trainWeight).fit(prepared.all());
        } finally {
          progress.stopped(selection.winner());
        }
        progress.fitted(selection.winner(), null);
      }
      Candidate winner = selection.winner();
      PipelineModel model = features.model(winner, classifier, tables.all());
      double trainingSeconds = (System.nanoTime() - started) / 1e9;
      // Profiled before the tables are released: exactly the rows the winner was fitted on.
      Optional<TrainingProfile> profile = options.evaluateOnly ? Optional.empty()
          : Optional.of(TrainingProfiler.profile(search ? tables.fit() : tables.all(), target, settings.features(),
              weighted));
      prepared.release();

      List<String> labelNames = Arrays.asList(labels.labelsArray()[0]);
      // Predictions depend on the features only, so scoring each (features, label) once with its count as
      // weight gives exactly the figures of scoring every held-out row.
      Dataset<Row> test = TrainingTables.aggregate(weightedRows.where(functions.not(functions.col(IS_TRAIN))),
          modelColumns(target, settings));
      ModelEvaluation evaluation = ModelEvaluation.of(
          model.transform(test).where(functions.col(ModelOutput.labelIndex(target)).lt(labelNames.size())),
          ModelOutput.labelIndex(target), ModelOutput.predictionIndex(target), ModelPipeline.WEIGHT, labelNames);
      progress.tested(evaluation.accuracy());
      ModelMetrics.Recent recentReport = recent.flatMap(r -> r.span().map(span -> RecentEvaluation.report(target,
          recentSettings, r, span, model, () -> registry.loadCurrent(target)))).orElse(null);

      if (options.evaluateOnly) {
        ModelMetrics metrics = metrics(target, "evaluation", settings, selection, maxBins, trainRows, testRows,
            evaluation, trainingSeconds, fingerprint, source, spark, recentReport);
        return new TrainResult(metrics, 0, false, "evaluation only: nothing written", registry.current(target));
      }
      int version = registry.nextVersion(target);
      save(model, staging);
      ModelMetrics metrics = metrics(target, HdfsLayout.versionName(version), settings, selection, maxBins,
          trainRows, testRows, evaluation, trainingSeconds, fingerprint, source, spark, recentReport);
      registry.writeMetrics(staging, metrics);
      registry.writeProfile(staging, profile.orElseThrow());
      registry.publish(staging, target, version);

      OptionalInt current = registry.current(target);
      Optional<QualityGate.Baseline> baseline = current.isEmpty() ? Optional.empty()
          : Optional.of(new QualityGate.Baseline(current.getAsInt(),
              registry.metrics(target, current.getAsInt()).map(ModelMetrics::accuracy)));
      QualityGate.Decision decision = gate.decide(evaluation.accuracy(), baseline,
          RecentEvaluation.scores(recentReport));
      if (decision.promote()) {
        registry.promote(target, version);
      }
      return new TrainResult(metrics, version, decision.promote(), decision.reason(), registry.current(target));
    } catch (RuntimeException e) {
      deleteQuietly(fs, staging);
      throw e;
    } finally {
      labeled.unpersist(true);
      recent.ifPresent(RecentLines.Split::release);
    }
  }

  private static ModelMetrics metrics(Target target, String version, TrainSettings settings, Selection selection,
      int maxBins, long trainRows, long testRows, ModelEvaluation evaluation, double trainingSeconds,
      String fingerprint, String input, SparkSession spark, ModelMetrics.Recent recent) {
    Candidate winner = selection.winner();
    return new ModelMetrics(target.id(), version, winner.algorithm().id(), params(settings, winner, maxBins),
        LabelOrder.sorted(evaluation.confusion().labels()), report(selection), trainRows, testRows,
        evaluation.accuracy(), evaluation.weightedF1(), evaluation.perClass(), evaluation.confusion(),
        trainingSeconds, fingerprint, input, Instant.now().toString(), spark.version(), recent);
  }

  private static ModelMetrics.SelectionReport report(Selection selection) {
    return new ModelMetrics.SelectionReport(selection.winner().name(), selection.fitRows(),
        selection.validationRows(), selection.candidates().stream().map(s -> new ModelMetrics.CandidateScore(
            s.candidate().name(), s.candidate().algorithm().id(), s.validationAccuracy(), s.seconds())).toList());
  }

  /** The classes are what the training rows hold; a classifier needs two, and gbt exactly two. */
  private static void requireClasses(Target target, TrainSettings settings, StringIndexerModel labels) {
    List<String> classes = LabelOrder.sorted(Arrays.asList(labels.labelsArray()[0]));
    if (classes.size() < 2) {
      throw new JobFailure("the training rows hold a single " + target.id() + " " + classes
          + ": a model needs at least two classes to tell apart");
    }
    if (settings.algorithm() == Algorithm.GBT && classes.size() != 2) {
      throw new JobFailure(JobContract.OPT_ALGORITHM + " gbt supports two classes only; the training rows of "
          + target.id() + " hold " + classes.size() + " " + classes + ": use auto, decision_tree, random_forest, "
          + "naive_bayes or logistic_regression");
    }
  }

  private static org.apache.spark.sql.Column count(String flag) {
    return count(functions.col(flag));
  }

  private static org.apache.spark.sql.Column count(org.apache.spark.sql.Column condition) {
    return functions.sum(functions.when(condition, 1L).otherwise(0L));
  }

  /** The weight of {@code rows} of which {@code recentRows} weigh {@code recentWeight} each, the others 1. */
  private static long weightOf(long rows, long recentRows, double recentWeight) {
    return Math.round(rows - recentRows + recentRows * recentWeight);
  }

  /**
   * Labeled rows with a hash of the whole row: the split is a function of each row's content and the seed,
   * so it is reproducible whatever the partitioning, and the hash sum fingerprints the data. {@code recent} rows
   * are all trained on (the newest recent lines, held back before, test them), a validation share of them too.
   */
  private static Dataset<Row> splitLabeled(Dataset<Row> data, Target target, TrainSettings settings,
      boolean recent) {
    long trainBuckets = Math.round((1 - settings.testFraction()) * SPLIT_BUCKETS);
    // The validation rows are the lowest buckets of the training rows: a part of them, never a test row.
    long validationBuckets = Math.round(settings.validationFraction() * trainBuckets);
    List<org.apache.spark.sql.Column> columns = new ArrayList<>(Arrays.asList(modelColumns(target, settings)));
    columns.add(functions.col(ROW_HASH));
    org.apache.spark.sql.Column bucket = functions.pmod(functions.xxhash64(functions.col(ROW_HASH),
        functions.lit(settings.seed())), functions.lit(SPLIT_BUCKETS));
    columns.add((recent ? functions.lit(true) : bucket.lt(trainBuckets)).as(IS_TRAIN));
    long recentValidationBuckets = Math.round(settings.validationFraction() * SPLIT_BUCKETS);
    columns.add(bucket.lt(recent ? recentValidationBuckets : validationBuckets).as(IS_VALIDATION));
    columns.add(functions.lit(recent).as(IS_RECENT));
    return data.where(functions.col(target.id()).isNotNull())
        .withColumn(ROW_HASH, functions.xxhash64(WebLogSparkSchema.recordColumns()))
        .select(columns.toArray(org.apache.spark.sql.Column[]::new));
  }

  private static org.apache.spark.sql.Column[] modelColumns(Target target, TrainSettings settings) {
    List<org.apache.spark.sql.Column> columns = new ArrayList<>();
    for (Column f : settings.features()) {
      columns.add(functions.col(f.columnName()));
    }
    columns.add(functions.col(target.id()));
    return columns.toArray(org.apache.spark.sql.Column[]::new);
  }

  private static ModelMetrics.Params params(TrainSettings s, Candidate winner, int maxBins) {
    return new ModelMetrics.Params(s.features().stream().map(Column::columnName).toList(),
        s.encoding().name().toLowerCase(java.util.Locale.ROOT), s.rows().name().toLowerCase(java.util.Locale.ROOT),
        winner.maxDepth(), winner.minInstancesPerNode(), maxBins, winner.numTrees(), s.seed(), s.testFraction());
  }

  /** The row count and the sum of row hashes, digested: equal data gives an equal print in any file layout. */
  private static String fingerprint(long rows, BigDecimal hashSum) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] digest = sha.digest((rows + ":" + hashSum.toPlainString()).getBytes(StandardCharsets.UTF_8));
      return "sha256:" + HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void save(PipelineModel model, Path staging) {
    try {
      model.write().save(staging.toString());
    } catch (java.io.IOException | RuntimeException e) {
      throw new JobFailure("cannot write the model to " + staging + ": " + StagedDirectory.oneLine(e), e);
    }
  }

  private static void deleteQuietly(FileSystem fs, Path path) {
    try {
      fs.delete(path, true);
    } catch (java.io.IOException e) {
      System.err.println("could not remove " + path + ": " + StagedDirectory.oneLine(e));
    }
  }
}
