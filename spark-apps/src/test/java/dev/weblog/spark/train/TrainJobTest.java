package dev.weblog.spark.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weblog.common.Column;
import dev.weblog.common.HdfsLayout;
import dev.weblog.common.JobContract;
import dev.weblog.common.LabelOrder;
import dev.weblog.common.Target;
import dev.weblog.common.MetricsEndpoint;
import dev.weblog.common.monitor.FeatureReference;
import dev.weblog.common.monitor.ProfileJson;
import dev.weblog.common.monitor.QuantileBins;
import dev.weblog.common.monitor.TrainingProfile;
import dev.weblog.spark.GeneratedHistory;
import dev.weblog.spark.JobFailure;
import dev.weblog.spark.MetricsScrape;
import dev.weblog.spark.ModelOutput;
import dev.weblog.spark.SharedCluster;
import dev.weblog.spark.model.ModelMetrics;
import dev.weblog.spark.model.ModelRegistry;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;

class TrainJobTest {

  private final SparkSession spark = SharedCluster.spark();
  private final GeneratedHistory history = GeneratedHistory.get();

  @Test
  void bothTargetsComeWithinOnePointOfBayesOptimalAndPredictLabelStrings() {
    HdfsLayout layout = history.freshCopy("train-both");
    ModelRegistry registry = new ModelRegistry(SharedCluster.fs(), layout);
    for (Target target : Target.values()) {
      TrainResult result = TrainJob.run(spark, options(layout, target));
      TrainResult original = TrainJob.run(spark, options(layout, target, "--category-encoding", "continuous",
          "--evaluate-only"));
      double bayes = history.bayesOptimal(target);
      System.out.printf("FIGURES %s: bayes %.4f, categorical %.4f (%.2f s), original treatment %.4f (%.2f s)%n",
          target.id(), bayes, result.metrics().accuracy(), result.metrics().trainingSeconds(),
          original.metrics().accuracy(), original.metrics().trainingSeconds());
      assertTrue(result.promoted(), result.gateReason());
      assertTrue(result.metrics().accuracy() > bayes - 0.01,
          target.id() + ": accuracy " + result.metrics().accuracy() + " vs Bayes-optimal " + bayes);
      assertTrue(original.metrics().accuracy() < result.metrics().accuracy(),
          "the category as a number does worse: " + original.metrics().accuracy());
      assertEquals(1, registry.current(target).getAsInt(), "the original treatment is only evaluated");
      assertEquals(List.of(1), registry.versions(target), "an evaluation writes no version");
      assertEquals(0, original.version());
      assertProfiled(layout, target, 1);
    }

    Dataset<Row> live = spark.read().parquet(SharedCluster.uri() + layout.data()).limit(2000)
        .drop(Target.GENDER.id())
        .withColumn(Target.AGE_GROUP.id(), functions.lit(null).cast("string"));
    Dataset<Row> scored = live;
    for (Target target : Target.values()) {
      scored = registry.loadCurrent(target).orElseThrow().model().transform(scored);
    }
    List<Row> rows = scored.select(ModelOutput.predictedLabel(Target.AGE_GROUP),
        ModelOutput.predictedLabel(Target.GENDER)).collectAsList();
    assertEquals(2000, rows.size(), "unlabeled rows are scored, not dropped");
    Set<String> ages = new HashSet<>();
    for (Row r : rows) {
      ages.add(r.getString(0));
      assertTrue(history.labels(Target.GENDER).contains(r.getString(1)), r.toString());
    }
    assertTrue(history.labels(Target.AGE_GROUP).containsAll(ages), ages.toString());
    assertTrue(ages.size() > 1, "predictions vary with the features: " + ages);
    for (String column : scored.columns()) {
      assertTrue(live.schema().getFieldIndex(column).isDefined() || column.startsWith("predicted_")
          || column.startsWith("age_group__") || column.startsWith("gender__"), "unprefixed column " + column);
    }
  }

  @Test
  void aWorseModelIsKeptButNotPromoted() {
    HdfsLayout layout = history.freshCopy("train-gate");
    ModelRegistry registry = new ModelRegistry(SharedCluster.fs(), layout);
    TrainResult good = TrainJob.run(spark, options(layout, Target.AGE_GROUP));
    SharedCluster.Outcome worse = SharedCluster.capture(() -> TrainJob.execute(SharedCluster.args(layout.base(),
        "--target", "age_group", "--algorithm", "decision_tree", "--max-depth", "1"), () -> spark));
    SharedCluster.Outcome strict = SharedCluster.capture(() -> TrainJob.execute(SharedCluster.args(layout.base(),
        "--target", "age_group", "--algorithm", "decision_tree", "--max-depth", "1", "--fail-on-refused"),
        () -> spark));

    assertTrue(good.promoted());
    assertEquals(0, worse.exitCode(), "a refusal is not an error unless asked");
    assertEquals(dev.weblog.common.JobContract.EXIT_GATE_REFUSED, strict.exitCode());
    assertTrue(worse.stdout().contains("NOT promoted") && worse.stdout().contains("CURRENT is v1"), worse.stdout());
    assertEquals(List.of(1, 2, 3), registry.versions(Target.AGE_GROUP), "refused versions are kept to inspect");
    assertEquals(1, registry.current(Target.AGE_GROUP).getAsInt());
    ModelMetrics v1 = registry.metrics(Target.AGE_GROUP, 1).orElseThrow();
    ModelMetrics v2 = registry.metrics(Target.AGE_GROUP, 2).orElseThrow();
    assertTrue(v2.accuracy() < v1.accuracy() - 0.01, v1.accuracy() + " vs " + v2.accuracy());
    assertEquals(v1.dataFingerprint(), v2.dataFingerprint(), "same data, same fingerprint");
    assertEquals(v1.trainRows(), v2.trainRows(), "the seeded split is reproducible");
    for (int version : registry.versions(Target.AGE_GROUP)) {
      assertProfiled(layout, Target.AGE_GROUP, version);
    }
    assertEquals(v2.trainRows(), assertProfiled(layout, Target.AGE_GROUP, 2).rows(),
        "a forced algorithm is fitted on every training row");
  }

  @Test
  void metricsDescribeTheHeldOutRowsForEveryAlgorithm() {
    HdfsLayout layout = history.freshCopy("train-metrics");
    ModelRegistry registry = new ModelRegistry(SharedCluster.fs(), layout);
    TrainResult forest = TrainJob.run(spark, options(layout, Target.AGE_GROUP, "--algorithm", "random_forest",
        "--num-trees", "5"));
    TrainResult boosted = TrainJob.run(spark, options(layout, Target.GENDER, "--algorithm", "gbt",
        "--num-trees", "5", "--max-depth", "4"));
    assertEquals("random_forest", forest.metrics().algorithm());
    assertEquals("gbt", boosted.metrics().algorithm());
    assertTrue(boosted.metrics().accuracy() > history.bayesOptimal(Target.GENDER) - 0.03,
        "boosted trees learn gender: " + boosted.metrics().accuracy());
    for (Target target : Target.values()) {
      ModelMetrics m = registry.metrics(target, 1).orElseThrow();
      assertEquals(target == Target.GENDER ? boosted.metrics().accuracy() : forest.metrics().accuracy(),
          m.accuracy());
      assertEquals(5, m.params().numTrees());
      assertEquals(Set.copyOf(history.labels(target)), Set.copyOf(m.confusionMatrix().labels()));
      assertEquals(LabelOrder.sorted(history.labels(target)), m.classes(), "the classes, in their natural order");
      long total = Arrays.stream(m.confusionMatrix().counts()).flatMapToLong(Arrays::stream).sum();
      assertEquals(m.testRows(), total);
      long diagonal = 0;
      for (int i = 0; i < m.confusionMatrix().labels().size(); i++) {
        diagonal += m.confusionMatrix().counts()[i][i];
      }
      assertEquals(m.accuracy(), (double) diagonal / total, 1e-9);
      assertEquals(Set.copyOf(history.labels(target)), m.perClass().keySet());
      assertEquals(0.3, (double) m.testRows() / (m.trainRows() + m.testRows()), 0.01);
      assertTrue(m.dataFingerprint().startsWith("sha256:"));
    }
  }

  @Test
  void autoChoosesOnValidationRowsCarvedFromTheTrainingRowsAndTestsOnlyTheWinner() {
    HdfsLayout layout = history.freshCopy("train-auto");
    TrainOptions autoOptions = options(layout, Target.AGE_GROUP, "--evaluate-only", JobContract.OPT_METRICS_PORT,
        "0");
    TrainResult auto;
    MetricsScrape progress;
    try (MetricsEndpoint endpoint = MetricsEndpoint.start(autoOptions.metricsPort(), JobFailure::new)) {
      auto = TrainJob.run(spark, autoOptions, endpoint);
      progress = MetricsScrape.of(endpoint.url().orElseThrow());
    }
    TrainResult tree = TrainJob.run(spark, options(layout, Target.AGE_GROUP, "--algorithm", "decision_tree",
        "--evaluate-only"));
    ModelMetrics.SelectionReport selection = auto.metrics().selection();
    System.out.printf("FIGURES age_group auto %.4f (%s, %.2f s) vs decision_tree %.4f (%.2f s), Bayes %.4f%n",
        auto.metrics().accuracy(), selection.winner(), auto.metrics().trainingSeconds(), tree.metrics().accuracy(),
        tree.metrics().trainingSeconds(), history.bayesOptimal(Target.AGE_GROUP));
    ModelMetrics.CandidateScore best = selection.candidates().stream()
        .max(java.util.Comparator.comparingDouble(ModelMetrics.CandidateScore::validationAccuracy)).orElseThrow();
    assertEquals(best.name(), selection.winner(), "the best on the validation rows wins");
    assertEquals(best.algorithm(), auto.metrics().algorithm());
    assertEquals(auto.metrics().trainRows(), selection.fitRows() + selection.validationRows(),
        "validation rows are training rows");
    assertEquals(0.2, (double) selection.validationRows() / auto.metrics().trainRows(), 0.01);
    assertEquals(tree.metrics().testRows(), auto.metrics().testRows(), "the test rows are the same as without "
        + "a search: none of them was used to choose");
    assertEquals(tree.metrics().dataFingerprint(), auto.metrics().dataFingerprint());
    assertTrue(auto.metrics().accuracy() > history.bayesOptimal(Target.AGE_GROUP) - 0.01, auto.summary());
    assertEquals(1, tree.metrics().selection().candidates().size(), "a forced algorithm is not a search");
    assertEquals(0, tree.metrics().selection().validationRows());

    String age = Target.AGE_GROUP.id();
    int listed = selection.candidates().size();
    assertEquals(listed, progress.sum("weblog_train_candidates", "target", age));
    assertEquals(listed, progress.sum("weblog_train_candidates_done_total", "target", age),
        "every candidate the result lists was counted done");
    assertEquals(0, progress.sum("weblog_train_candidate_fitting", "target", age), "none left fitting");
    for (ModelMetrics.CandidateScore c : selection.candidates()) {
      assertEquals(0, progress.sum("weblog_train_candidate_fitting", "target", age, "algorithm", c.algorithm(),
          "candidate", c.name()), c.name());
    }
    assertEquals(auto.metrics().trainRows(), progress.sum("weblog_train_rows", "target", age, "split", "train"));
    assertEquals(selection.validationRows(), progress.sum("weblog_train_rows", "target", age, "split",
        "validation"));
    assertEquals(auto.metrics().testRows(), progress.sum("weblog_train_rows", "target", age, "split", "test"));
    assertEquals(best.validationAccuracy(), progress.sum("weblog_train_best_validation_accuracy", "target", age),
        1e-12);
    assertEquals(auto.metrics().accuracy(), progress.sum("weblog_train_test_accuracy", "target", age), 1e-12);
    assertTrue(progress.sum("weblog_train_last_progress_timestamp_seconds") > 0);
  }

  @Test
  void aggregatedAndRawTrainingGiveTheSameModelQuality() {
    HdfsLayout layout = history.freshCopy("train-modes");
    TrainResult aggregated = TrainJob.run(spark, options(layout, Target.AGE_GROUP, "--algorithm", "decision_tree"));
    TrainResult raw = TrainJob.run(spark, options(layout, Target.AGE_GROUP, "--algorithm", "decision_tree",
        "--training-rows", "raw"));
    System.out.printf("FIGURES age_group training: aggregated %.2f s, raw %.2f s%n",
        aggregated.metrics().trainingSeconds(), raw.metrics().trainingSeconds());
    assertEquals(raw.metrics().accuracy(), aggregated.metrics().accuracy(), 0.002);
    assertEquals(raw.metrics().testRows(), aggregated.metrics().testRows());
    assertEquals("aggregated", aggregated.metrics().params().trainingRows());
    assertEquals("raw", raw.metrics().params().trainingRows());
  }

  @Test
  void theProfileHoldsTheChosenFeaturesNumericOnesBinned() {
    HdfsLayout layout = history.freshCopy("train-profile");
    TrainResult result = TrainJob.run(spark, options(layout, Target.GENDER, "--features", "lat,device_type,lon",
        "--algorithm", "decision_tree", "--training-rows", "raw"));
    TrainingProfile profile = assertProfiled(layout, Target.GENDER, result.version());
    assertEquals(List.of(Column.LAT, Column.DEVICE_TYPE, Column.LON), profile.columns());
    FeatureReference.Numeric lat = (FeatureReference.Numeric) profile.feature(Column.LAT);
    assertEquals(QuantileBins.DEFAULT_BINS, lat.counts().length, "ten bins between the training quantiles");
    for (long bin : lat.counts()) {
      assertEquals(0.1, (double) bin / profile.rows(), 0.02, "quantile bins hold about a tenth each");
    }
    assertTrue(lat.min() < lat.max());
    assertTrue(profile.feature(Column.DEVICE_TYPE) instanceof FeatureReference.Categorical);
  }

  /**
   * {@code profile.json} sits beside the version's {@code metrics.json}, reads back, and counts exactly the rows the
   * model was fitted on (the fit rows of a search, every training row otherwise), by class and by feature.
   */
  private static TrainingProfile assertProfiled(HdfsLayout layout, Target target, int version) {
    ModelMetrics metrics = new ModelRegistry(SharedCluster.fs(), layout).metrics(target, version).orElseThrow();
    String file = layout.profile(target, version);
    TrainingProfile profile = ProfileJson.read(SharedCluster.read(file), file);
    assertEquals(target, profile.target());
    assertEquals(metrics.selection().fitRows(), profile.rows(), file);
    assertEquals(profile.rows(), profile.classes().values().stream().mapToLong(Long::longValue).sum(), file);
    assertEquals(Set.copyOf(metrics.classes()), profile.classes().keySet(), file);
    assertEquals(metrics.params().features(), profile.columns().stream().map(Column::columnName).toList(), file);
    for (FeatureReference f : profile.features()) {
      assertEquals(profile.rows(), Arrays.stream(f.counts()).sum(), file + " " + f.column().columnName());
    }
    return profile;
  }

  private static TrainOptions options(HdfsLayout layout, Target target, String... more) {
    String[] args = SharedCluster.args(layout.base(), more);
    String[] all = Arrays.copyOf(args, args.length + 2);
    all[args.length] = "--target";
    all[args.length + 1] = target.id();
    return TrainOptions.parse(all);
  }
}
