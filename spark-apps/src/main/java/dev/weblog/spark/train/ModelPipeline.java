package dev.weblog.spark.train;

import dev.weblog.common.Column;
import dev.weblog.common.Target;
import dev.weblog.spark.ModelOutput;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.classification.DecisionTreeClassifier;
import org.apache.spark.ml.classification.GBTClassifier;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.NaiveBayes;
import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.classification.RandomForestClassifier;
import org.apache.spark.ml.feature.IndexToString;
import org.apache.spark.ml.feature.OneHotEncoder;
import org.apache.spark.ml.feature.OneHotEncoderModel;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.StringIndexerModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The stages of a target's model: label indexing, feature indexing (categorical mode), one-hot indicators (for
 * the estimators that read them) and assembly, the classifier, and label decoding, every added column named per
 * {@link ModelOutput}.
 */
final class ModelPipeline {

  private static final int SPARK_DEFAULT_MAX_BINS = 32;
  /** Weight column of aggregated training rows. */
  static final String WEIGHT = "weight";
  /** Laplace smoothing: a code never seen with a class does not rule that class out. */
  private static final double NAIVE_BAYES_SMOOTHING = 1.0;
  /** A light L2 penalty keeps the weights of rare codes finite; the loss is averaged, so this is per row. */
  private static final double LOGISTIC_REG = 1e-4;
  private static final int LOGISTIC_MAX_ITER = 15;
  /** Three fifths of the features (of three, two) offered at each split of a forest's tree; MLlib's default, one. */
  private static final String FOREST_FEATURES = "0.6";
  /** MLlib refuses a fraction of 0.5 or more (no split could satisfy both children). */
  private static final double MAX_WEIGHT_FRACTION = 0.49;

  private ModelPipeline() {}

  /** Labels are indexed in alphabetical order, so indexes do not depend on how rows were counted. */
  static StringIndexer labelIndexer(Target target) {
    return new StringIndexer()
        .setInputCol(target.id())
        .setOutputCol(ModelOutput.labelIndex(target))
        .setStringOrderType("alphabetAsc")
        .setHandleInvalid("error");
  }

  /**
   * The feature stages every candidate shares, fitted once on the training rows: code indexing (categorical mode),
   * one-hot indicators (for the estimators that read them) and the assembly of each feature vector. Fitting a
   * candidate is then fitting its classifier alone on rows prepared once.
   *
   * @param codes the fitted code indexer; null when no feature is indexed (continuous encoding)
   * @param oneHot the fitted one-hot encoder; null when no candidate reads indicators
   */
  record Features(Target target, StringIndexerModel labels, StringIndexerModel codes, OneHotEncoderModel oneHot,
      VectorAssembler codeVector, VectorAssembler indicatorVector) {

    /** Enough tree bins for every code of an indexed feature, plus one for codes unseen in training. */
    int maxBins() {
      int most = 0;
      if (codes != null) {
        for (String[] codesOfFeature : codes.labelsArray()) {
          most = Math.max(most, codesOfFeature.length);
        }
      }
      return Math.max(SPARK_DEFAULT_MAX_BINS, most + 1);
    }

    /** The label index and every feature vector a candidate may read. */
    Dataset<Row> prepare(Dataset<Row> rows) {
      Dataset<Row> prepared = codeVector.transform(rows(rows));
      return oneHot == null ? prepared : indicatorVector.transform(oneHot.transform(prepared));
    }

    /**
     * The whole model of the fitted {@code classifier}: the stages it reads from, itself and the label decoder.
     * The label indexer is then set to keep unknown labels, so live rows with a null or unseen label are scored;
     * it is set only now because "keep" would have added a phantom class to training.
     */
    PipelineModel model(Candidate candidate, Transformer classifier, Dataset<Row> rows) {
      List<PipelineStage> stages = new ArrayList<>();
      stages.add(labels);
      if (codes != null) {
        stages.add(codes);
      }
      if (candidate.algorithm().oneHot()) {
        stages.add(oneHot);
        stages.add(indicatorVector);
      } else {
        stages.add(codeVector);
      }
      stages.add(classifier);
      stages.add(new IndexToString()
          .setInputCol(ModelOutput.predictionIndex(target))
          .setOutputCol(ModelOutput.predictedLabel(target))
          .setLabels(labels.labelsArray()[0]));
      // Only transformers: fitting the pipeline runs no job, it collects the stages into one model.
      PipelineModel model = new Pipeline().setStages(stages.toArray(PipelineStage[]::new)).fit(rows);
      labels.setHandleInvalid("keep");
      return model;
    }

    private Dataset<Row> rows(Dataset<Row> rows) {
      Dataset<Row> labeled = labels.transform(rows);
      return codes == null ? labeled : codes.transform(labeled);
    }
  }

  /** Fits the shared feature stages on {@code rows}; {@code oneHot} when some candidate reads indicators. */
  static Features fitFeatures(Target target, TrainSettings settings, StringIndexerModel labels, Dataset<Row> rows,
      boolean oneHot) {
    List<String> assembled = new ArrayList<>();
    List<String> indexedIn = new ArrayList<>();
    List<String> indexedOut = new ArrayList<>();
    for (Column feature : settings.features()) {
      if (settings.encoding() == CategoryEncoding.CATEGORICAL && feature.kind() == Column.Kind.INT) {
        indexedIn.add(feature.columnName());
        String out = ModelOutput.internal(target, feature.columnName() + "_index");
        indexedOut.add(out);
        assembled.add(out);
      } else {
        assembled.add(feature.columnName());
      }
    }
    // "keep" gives codes never seen in training their own index instead of failing the stream.
    StringIndexerModel codes = indexedIn.isEmpty() ? null : new StringIndexer()
        .setInputCols(indexedIn.toArray(String[]::new))
        .setOutputCols(indexedOut.toArray(String[]::new))
        .setStringOrderType("alphabetAsc")
        .setHandleInvalid("keep")
        .fit(rows);
    VectorAssembler codeVector = new VectorAssembler()
        .setInputCols(assembled.toArray(String[]::new))
        .setOutputCol(ModelOutput.features(target));
    if (!oneHot) {
      return new Features(target, labels, codes, null, codeVector, null);
    }
    if (codes == null || indexedOut.size() != assembled.size()) {
      throw new IllegalStateException("one-hot indicators need every feature indexed as a category");
    }
    List<String> indicators = indexedOut.stream().map(c -> c + "_one_hot").toList();
    // Every code its own indicator (no dropped last one), so each row holds exactly one per feature.
    OneHotEncoderModel encoder = new OneHotEncoder()
        .setInputCols(indexedOut.toArray(String[]::new))
        .setOutputCols(indicators.toArray(String[]::new))
        .setDropLast(false)
        .setHandleInvalid("keep")
        .fit(codes.transform(rows));
    VectorAssembler indicatorVector = new VectorAssembler()
        .setInputCols(indicators.toArray(String[]::new))
        .setOutputCol(ModelOutput.internal(target, "indicators"));
    return new Features(target, labels, codes, encoder, codeVector, indicatorVector);
  }

  /**
   * The classifier of a candidate, reading the features it needs from prepared rows. {@code trainRows} (the rows
   * behind the weights) turns a minimum of rows per tree node into MLlib's weight fraction for aggregated rows.
   */
  static Estimator<?> classifier(Target target, Candidate candidate, long seed, int maxBins, boolean weighted,
      long trainRows) {
    ProbabilisticClassifier<?, ?, ?> classifier = switch (candidate.algorithm()) {
      case DECISION_TREE -> {
        DecisionTreeClassifier c = new DecisionTreeClassifier().setMaxDepth(candidate.maxDepth())
            .setMaxBins(maxBins).setSeed(seed);
        minRows(candidate, weighted, trainRows, c::setMinInstancesPerNode, c::setMinWeightFractionPerNode);
        yield weighted ? c.setWeightCol(WEIGHT) : c;
      }
      case RANDOM_FOREST -> {
        // Trees differ by the features offered at each split, not by bootstrap samples: resampling aggregated
        // rows would drop or double a whole feature combination's count at once.
        RandomForestClassifier c = new RandomForestClassifier().setMaxDepth(candidate.maxDepth())
            .setMaxBins(maxBins).setNumTrees(candidate.numTrees()).setFeatureSubsetStrategy(FOREST_FEATURES)
            .setBootstrap(false).setSeed(seed);
        minRows(candidate, weighted, trainRows, c::setMinInstancesPerNode, c::setMinWeightFractionPerNode);
        yield weighted ? c.setWeightCol(WEIGHT) : c;
      }
      case GBT -> {
        GBTClassifier c = new GBTClassifier().setMaxDepth(candidate.maxDepth()).setMaxBins(maxBins)
            .setMaxIter(candidate.numTrees()).setSeed(seed);
        yield weighted ? c.setWeightCol(WEIGHT) : c;
      }
      case NAIVE_BAYES -> {
        NaiveBayes c = new NaiveBayes().setModelType("multinomial").setSmoothing(NAIVE_BAYES_SMOOTHING);
        yield weighted ? c.setWeightCol(WEIGHT) : c;
      }
      case LOGISTIC_REGRESSION -> {
        LogisticRegression c = new LogisticRegression().setFamily("multinomial").setRegParam(LOGISTIC_REG)
            .setElasticNetParam(0).setStandardization(false).setMaxIter(LOGISTIC_MAX_ITER);
        yield weighted ? c.setWeightCol(WEIGHT) : c;
      }
      case AUTO -> throw new IllegalStateException("auto is resolved into candidates before fitting");
    };
    return wired(classifier, target, candidate.algorithm().oneHot()
        ? ModelOutput.internal(target, "indicators") : ModelOutput.features(target));
  }

  /** MLlib counts a node's rows unweighted; aggregated rows stand for many, so their weights are what counts. */
  private static void minRows(Candidate candidate, boolean weighted, long trainRows,
      java.util.function.IntFunction<?> minInstances, java.util.function.DoubleFunction<?> minWeightFraction) {
    Integer min = candidate.minInstancesPerNode();
    if (min == null || min <= 1) {
      return;
    }
    if (weighted) {
      minWeightFraction.apply(Math.min(MAX_WEIGHT_FRACTION, min / (double) Math.max(1, trainRows)));
    } else {
      minInstances.apply(min);
    }
  }

  @SuppressWarnings({"rawtypes", "unchecked"})
  private static Estimator<?> wired(ProbabilisticClassifier c, Target target, String features) {
    c.setFeaturesCol(features);
    c.setLabelCol(ModelOutput.labelIndex(target));
    c.setPredictionCol(ModelOutput.predictionIndex(target));
    c.setRawPredictionCol(ModelOutput.rawPrediction(target));
    c.setProbabilityCol(ModelOutput.probability(target));
    return c;
  }
}
