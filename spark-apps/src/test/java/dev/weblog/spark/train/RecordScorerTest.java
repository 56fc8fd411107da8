package dev.weblog.spark.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weblog.common.Column;
import dev.weblog.common.Target;
import dev.weblog.common.WebLogRecord;
import dev.weblog.spark.JobFailure;
import dev.weblog.spark.ModelOutput;
import dev.weblog.spark.SharedCluster;
import dev.weblog.spark.WebLogSparkSchema;
import dev.weblog.spark.model.PipelineModelLoad;
import dev.weblog.spark.model.RecordScorer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.feature.SQLTransformer;
import org.apache.spark.ml.feature.StringIndexerModel;
import org.apache.spark.ml.param.ParamPair;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * The stream scores record by record with {@link RecordScorer}; these tests hold it to Spark's own
 * {@code model.transform} for every classifier family TrainJob can choose, with label vocabularies and feature
 * sets of more than one shape, and live rows carrying codes training never saw and no labels. Each model is saved
 * and read back by the stream's loader ({@link PipelineModelLoad}) first, as the stream gets it.
 */
class RecordScorerTest {

  private static final int LIVE_ROWS = 3_000;

  private final SparkSession spark = SharedCluster.spark();

  /** Five age groups, two genders, the default three coded features; about 30 product categories. */
  private static final Shape FIVE_AND_TWO = new Shape(List.of("<18", "18-30", "31-45", "46-60", "60+"),
      List.of("F", "M"), Column.DEFAULT_FEATURES, 30, 7);

  /** Three age groups, three genders, a decimal feature beside the codes (so trees only), 12 categories. */
  private static final Shape THREE_AND_THREE = new Shape(List.of("young", "mid", "old"), List.of("x", "y", "z"),
      List.of(Column.PRODUCT_CATEGORY_ID, Column.DEVICE_TYPE, Column.LAT), 12, 13);

  @Test
  void everyOneHotFamilyPredictsAsSparkDoes() {
    for (Algorithm algorithm : List.of(Algorithm.NAIVE_BAYES, Algorithm.LOGISTIC_REGRESSION)) {
      for (Target target : Target.values()) {
        assertSameAsSpark(FIVE_AND_TWO, target, algorithm, CategoryEncoding.CATEGORICAL);
      }
    }
  }

  @Test
  void everyTreeFamilyPredictsAsSparkDoes() {
    for (Algorithm algorithm : List.of(Algorithm.DECISION_TREE, Algorithm.RANDOM_FOREST)) {
      for (Shape shape : List.of(FIVE_AND_TWO, THREE_AND_THREE)) {
        assertSameAsSpark(shape, Target.AGE_GROUP, algorithm, CategoryEncoding.CATEGORICAL);
      }
    }
    // Boosted trees are binary in MLlib: two genders.
    assertSameAsSpark(FIVE_AND_TWO, Target.GENDER, Algorithm.GBT, CategoryEncoding.CATEGORICAL);
  }

  @Test
  void theOriginalContinuousTreatmentPredictsAsSparkDoes() {
    assertSameAsSpark(THREE_AND_THREE, Target.GENDER, Algorithm.DECISION_TREE, CategoryEncoding.CONTINUOUS);
  }

  @Test
  void aStageItCannotApplyIsRefusedByName() {
    Dataset<Row> rows = FIVE_AND_TWO.rows(spark, 200, false);
    StringIndexerModel labels = ModelPipeline.labelIndexer(Target.GENDER).fit(rows);
    PipelineModel model = new Pipeline().setStages(new PipelineStage[] {labels,
        new SQLTransformer().setStatement("SELECT * FROM __THIS__")}).fit(rows);
    JobFailure refused = assertThrows(JobFailure.class, () -> RecordScorer.compile(Target.GENDER, 4, model));
    assertTrue(refused.getMessage().contains("gender model v4") && refused.getMessage().contains("SQLTransformer"),
        refused.getMessage());
  }

  private void assertSameAsSpark(Shape shape, Target target, Algorithm algorithm, CategoryEncoding encoding) {
    String what = algorithm.id() + " on " + target.id() + " " + shape.labels(target) + " with " + shape.features
        + " (" + encoding + ")";
    PipelineModel model = fit(shape, target, algorithm, encoding);
    // Scored as the stream loads it: saved, then read back by the stream's loader.
    RecordScorer scorer = RecordScorer.compile(target, 1, saveAndLoad(model, what));
    // Every family TrainJob fits is of the direct shape; the step-by-step form is what any other shape gets.
    assertTrue(scorer.direct(), what + " is scored directly");
    RecordScorer stepByStep = scorer.stepByStep();
    Dataset<Row> live = shape.rows(spark, LIVE_ROWS, true);
    List<Row> scored = model.transform(live).collectAsList();
    int predicted = scored.get(0).fieldIndex(ModelOutput.predictedLabel(target));
    Set<String> seen = new HashSet<>();
    for (Row row : scored) {
      Object[] values = new Object[Column.count()];
      for (Column c : Column.values()) {
        values[c.ordinal()] = row.get(row.fieldIndex(c.columnName()));
      }
      String expected = row.getString(predicted);
      assertEquals(expected, scorer.predict(values), what + ", row " + row);
      assertEquals(expected, stepByStep.predict(values), what + " step by step, row " + row);
      seen.add(expected);
    }
    assertTrue(seen.size() > 1, what + ": the model predicts more than one class, so the comparison can fail");
  }

  /**
   * The model saved to HDFS and read back with {@link PipelineModelLoad}, checked stage by stage against
   * {@code PipelineModel.load}: the same classes, uids and parameters.
   */
  private PipelineModel saveAndLoad(PipelineModel model, String what) {
    String path = SharedCluster.uri() + SharedCluster.freshBase("scorer") + "/model";
    try {
      model.write().save(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    PipelineModel loaded = PipelineModelLoad.load(spark, SharedCluster.fs(), new Path(path));
    PipelineModel bySpark = PipelineModel.load(path);
    assertEquals(bySpark.uid(), loaded.uid(), what);
    assertEquals(bySpark.stages().length, loaded.stages().length, what);
    for (int i = 0; i < loaded.stages().length; i++) {
      Transformer mine = loaded.stages()[i];
      Transformer spark = bySpark.stages()[i];
      assertEquals(spark.getClass(), mine.getClass(), what + ", stage " + i);
      assertEquals(spark.uid(), mine.uid(), what + ", stage " + i);
      assertEquals(params(spark), params(mine), what + ", stage " + i);
    }
    return loaded;
  }

  /** A stage's parameters, set or default, by name, each as Spark writes it into the metadata. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Map<String, String> params(Transformer stage) {
    Map<String, String> params = new TreeMap<>();
    for (ParamPair pair : stage.extractParamMap().toList()) {
      params.put(pair.param().name(), pair.param().jsonEncode(pair.value()));
    }
    return params;
  }

  private PipelineModel fit(Shape shape, Target target, Algorithm algorithm, CategoryEncoding encoding) {
    Dataset<Row> rows = shape.rows(spark, 4_000, false).cache();
    TrainSettings settings = new TrainSettings(algorithm, 6, 5, 42, 0.2, 0.2, encoding, TrainingRows.RAW,
        shape.features);
    StringIndexerModel labels = ModelPipeline.labelIndexer(target).fit(rows);
    ModelPipeline.Features features = ModelPipeline.fitFeatures(target, settings, labels, rows,
        algorithm.oneHot());
    Candidate candidate = Candidates.of(settings).get(0);
    Transformer classifier = (Transformer) ModelPipeline.classifier(target, candidate, 42, features.maxBins(), false,
        4_000).fit(features.prepare(rows));
    PipelineModel model = features.model(candidate, classifier, rows);
    rows.unpersist();
    return model;
  }

  /** A data set's vocabulary and feature set; labels follow the features with some noise, so models differ. */
  private record Shape(List<String> ages, List<String> genders, List<Column> features, int categories, long seed) {

    List<String> labels(Target target) {
      return target == Target.AGE_GROUP ? ages : genders;
    }

    /** {@code live}: unlabeled rows, a tenth of them with a product category training never saw. */
    Dataset<Row> rows(SparkSession spark, int n, boolean live) {
      Random random = new Random(seed + (live ? 1 : 0));
      List<Row> rows = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int category = live && i % 10 == 0 ? categories + 50 + random.nextInt(5) : random.nextInt(categories);
        int device = 1 + random.nextInt(3);
        int connect = 1 + random.nextInt(4);
        float lat = (float) (30 + random.nextDouble() * 10);
        String age = live ? null : pick(ages, category + device + (lat > 35 ? 1 : 0), random);
        String gender = live && i % 2 == 0 ? null : pick(genders, category * 3 + connect, random);
        rows.add(WebLogSparkSchema.toRow(new WebLogRecord("d" + i, LocalDateTime.of(2026, 1, 1, 0, 0).plusSeconds(i),
            category, "10.0.0.1", lat, 120f, device, connect, age, gender, null)));
      }
      return spark.createDataFrame(rows, WebLogSparkSchema.record());
    }

    private static String pick(List<String> labels, int signal, Random random) {
      return labels.get(random.nextInt(5) == 0 ? random.nextInt(labels.size()) : signal % labels.size());
    }
  }
}
