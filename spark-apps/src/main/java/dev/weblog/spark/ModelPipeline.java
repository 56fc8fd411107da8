package dev.weblog.spark;

import dev.weblog.common.Column;
import dev.weblog.common.Target;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.DecisionTreeClassifier;
import org.apache.spark.ml.classification.GBTClassifier;
import org.apache.spark.ml.classification.RandomForestClassifier;
import org.apache.spark.ml.feature.IndexToString;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.StringIndexerModel;
import org.apache.spark.ml.feature.VectorAssembler;

/**
 * The stages of a target's model: label indexing, feature indexing (categorical mode) and assembly, the
 * classifier, and label decoding, every added column named per {@link ModelOutput}.
 */
final class ModelPipeline {

  /** Weight column of aggregated training rows. */
  static final String WEIGHT = "weight";

  private ModelPipeline() {}

  /** Labels are indexed in alphabetical order, so indexes do not depend on how rows were counted. */
  static StringIndexer labelIndexer(Target target) {
    return new StringIndexer()
        .setInputCol(target.id())
        .setOutputCol(ModelOutput.labelIndex(target))
        .setStringOrderType("alphabetAsc")
        .setHandleInvalid("error");
  }

  static Pipeline build(Target target, TrainSettings settings, StringIndexerModel labels, int maxBins,
      boolean weighted) {
    List<PipelineStage> stages = new ArrayList<>();
    stages.add(labels);
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
    if (!indexedIn.isEmpty()) {
      // "keep" gives codes never seen in training their own index instead of failing the stream.
      stages.add(new StringIndexer()
          .setInputCols(indexedIn.toArray(String[]::new))
          .setOutputCols(indexedOut.toArray(String[]::new))
          .setStringOrderType("alphabetAsc")
          .setHandleInvalid("keep"));
    }
    stages.add(new VectorAssembler()
        .setInputCols(assembled.toArray(String[]::new))
        .setOutputCol(ModelOutput.features(target)));
    stages.add(classifier(target, settings, maxBins, weighted));
    stages.add(new IndexToString()
        .setInputCol(ModelOutput.predictionIndex(target))
        .setOutputCol(ModelOutput.predictedLabel(target))
        .setLabels(labels.labelsArray()[0]));
    return new Pipeline().setStages(stages.toArray(PipelineStage[]::new));
  }

  /**
   * Once fitted, rows whose label is null or unknown (live traffic) must still be scored: the label indexer
   * keeps them instead of failing. Set after fitting, because "keep" would add a phantom class to training.
   */
  static PipelineModel forScoring(PipelineModel fitted, StringIndexerModel labels) {
    for (var stage : fitted.stages()) {
      if (stage == labels) {
        labels.setHandleInvalid("keep");
        return fitted;
      }
    }
    throw new IllegalStateException("the fitted pipeline lost its label indexer " + labels.uid());
  }

  private static PipelineStage classifier(Target target, TrainSettings s, int maxBins, boolean weighted) {
    String features = ModelOutput.features(target);
    String label = ModelOutput.labelIndex(target);
    String prediction = ModelOutput.predictionIndex(target);
    String raw = ModelOutput.rawPrediction(target);
    String probability = ModelOutput.probability(target);
    switch (s.algorithm()) {
      case DECISION_TREE: {
        DecisionTreeClassifier c = new DecisionTreeClassifier().setMaxDepth(s.maxDepth()).setMaxBins(maxBins)
            .setSeed(s.seed());
        c.setFeaturesCol(features).setLabelCol(label).setPredictionCol(prediction);
        c.setRawPredictionCol(raw).setProbabilityCol(probability);
        if (weighted) {
          c.setWeightCol(WEIGHT);
        }
        return c;
      }
      case RANDOM_FOREST: {
        RandomForestClassifier c = new RandomForestClassifier().setMaxDepth(s.maxDepth()).setMaxBins(maxBins)
            .setNumTrees(s.numTrees()).setSeed(s.seed());
        c.setFeaturesCol(features).setLabelCol(label).setPredictionCol(prediction);
        c.setRawPredictionCol(raw).setProbabilityCol(probability);
        if (weighted) {
          c.setWeightCol(WEIGHT);
        }
        return c;
      }
      case GBT: {
        GBTClassifier c = new GBTClassifier().setMaxDepth(s.maxDepth()).setMaxBins(maxBins)
            .setMaxIter(s.numTrees()).setSeed(s.seed());
        c.setFeaturesCol(features).setLabelCol(label).setPredictionCol(prediction);
        c.setRawPredictionCol(raw).setProbabilityCol(probability);
        if (weighted) {
          c.setWeightCol(WEIGHT);
        }
        return c;
      }
      default:
        throw new IllegalStateException("no classifier for " + s.algorithm());
    }
  }
}
