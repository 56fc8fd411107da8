package dev.weblog.bench;

import dev.weblog.common.Column;
import dev.weblog.common.Target;
import dev.weblog.spark.model.ModelRegistry;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.classification.DecisionTreeClassificationModel;
import org.apache.spark.ml.classification.RandomForestClassificationModel;
import org.apache.spark.ml.feature.IndexToString;
import org.apache.spark.ml.feature.StringIndexerModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.tree.CategoricalSplit;
import org.apache.spark.ml.tree.ContinuousSplit;
import org.apache.spark.ml.tree.InternalNode;
import org.apache.spark.ml.tree.LeafNode;
import org.apache.spark.ml.tree.Node;

/**
 * Reads a fitted PipelineModel into an {@link ExportedModel} by following its columns: the vector assembler's
 * inputs are record columns or string indexer outputs, the classifier reads the assembled vector, and the label
 * decoder reads the classifier's prediction. Only the stages the project's pipelines use are understood; any
 * other stage is refused by name rather than scored differently.
 */
final class ModelExport {

  private ModelExport() {}

  /** The CURRENT model of every target, exported; fails naming the target that has none. */
  static Map<Target, ExportedModel> current(ModelRegistry registry) {
    Map<Target, ExportedModel> models = new EnumMap<>(Target.class);
    for (Target t : Target.values()) {
      ModelRegistry.LoadedModel loaded = registry.loadCurrent(t).orElseThrow(() -> new BenchFailure(
          "no promoted " + t.id() + " model under " + registry.currentPointer(t).getParent()
              + " to export for the plain-Java stream"));
      models.put(t, of(t, loaded.version(), loaded.model()));
    }
    return models;
  }

  static ExportedModel of(Target target, int version, PipelineModel model) {
    String where = target.id() + " model v" + version;
    Map<String, Indexed> indexed = new HashMap<>();
    VectorAssembler assembler = null;
    Transformer classifier = null;
    IndexToString decoder = null;
    for (Transformer stage : model.stages()) {
      if (stage instanceof StringIndexerModel indexer) {
        String[] in = indexer.getInOutCols()._1();
        String[] out = indexer.getInOutCols()._2();
        for (int i = 0; i < in.length; i++) {
          indexed.put(out[i], new Indexed(in[i], indexer.labelsArray()[i], indexer.getHandleInvalid()));
        }
      } else if (stage instanceof VectorAssembler a) {
        assembler = a;
      } else if (stage instanceof DecisionTreeClassificationModel || stage instanceof RandomForestClassificationModel) {
        classifier = stage;
      } else if (stage instanceof IndexToString d) {
        decoder = d;
      } else {
        throw new BenchFailure(where + ": stage " + stage.getClass().getSimpleName() + " (" + stage.uid()
            + ") cannot be exported to plain Java; only string indexers, a vector assembler, a decision tree or "
            + "random forest classifier and an IndexToString are");
      }
    }
    if (assembler == null || classifier == null || decoder == null) {
      throw new BenchFailure(where + ": expected a vector assembler, a tree classifier and an IndexToString, got "
          + List.of(model.stages()).stream().map(s -> s.getClass().getSimpleName()).toList());
    }
    List<ExportedModel.Feature> features = new ArrayList<>();
    for (String input : assembler.getInputCols()) {
      features.add(feature(where, input, indexed.get(input)));
    }
    String[] labels = decoder.getLabels();
    if (labels == null || labels.length == 0) {
      throw new BenchFailure(where + ": its IndexToString has no labels of its own");
    }
    if (classifier instanceof DecisionTreeClassificationModel tree) {
      check(where, assembler, decoder, tree.getFeaturesCol(), tree.getPredictionCol(), tree.numFeatures(),
          features.size());
      return new ExportedModel(target, version, features, List.of(export(tree.rootNode())),
          ExportedModel.Combination.SINGLE_TREE, List.of(labels));
    }
    RandomForestClassificationModel forest = (RandomForestClassificationModel) classifier;
    check(where, assembler, decoder, forest.getFeaturesCol(), forest.getPredictionCol(), forest.numFeatures(),
        features.size());
    List<ExportedTree> trees = new ArrayList<>();
    for (DecisionTreeClassificationModel tree : forest.trees()) {
      trees.add(export(tree.rootNode()));
    }
    return new ExportedModel(target, version, features, trees, ExportedModel.Combination.FOREST_VOTE,
        List.of(labels));
  }

  /** A string indexer's column: its input, its labels in index order, and what it does with unknown values. */
  private record Indexed(String input, String[] labels, String handleInvalid) {}

  private static ExportedModel.Feature feature(String where, String input, Indexed indexer) {
    if (indexer == null) {
      Column c = column(where, input);
      if (c.kind() != Column.Kind.INT && c.kind() != Column.Kind.FLOAT) {
        throw new BenchFailure(where + ": assembled column " + input + " is not numeric");
      }
      return new ExportedModel.Feature(c, null, false);
    }
    Column c = column(where, indexer.input());
    if (c.kind() != Column.Kind.INT) {
      throw new BenchFailure(where + ": " + input + " indexes " + c.columnName() + ", which is not an int column; "
          + "only int codes are exported (their text form is the same in Spark and Java)");
    }
    if (!indexer.handleInvalid().equals("keep") && !indexer.handleInvalid().equals("error")) {
      throw new BenchFailure(where + ": the indexer of " + c.columnName() + " drops unknown values (handleInvalid "
          + indexer.handleInvalid() + "); a plain scorer cannot drop rows as Spark would");
    }
    Map<String, Integer> codes = new HashMap<>();
    for (int i = 0; i < indexer.labels().length; i++) {
      codes.put(indexer.labels()[i], i);
    }
    return new ExportedModel.Feature(c, codes, indexer.handleInvalid().equals("keep"));
  }

  private static Column column(String where, String name) {
    try {
      return Column.byName(name);
    } catch (IllegalArgumentException e) {
      throw new BenchFailure(where + ": assembled column " + name + " is neither a record column nor an indexer's "
          + "output");
    }
  }

  private static void check(String where, VectorAssembler assembler, IndexToString decoder, String featuresCol,
      String predictionCol, int numFeatures, int assembled) {
    if (!featuresCol.equals(assembler.getOutputCol()) || !decoder.getInputCol().equals(predictionCol)
        || numFeatures != assembled) {
      throw new BenchFailure(where + ": the classifier reads " + featuresCol + " (" + numFeatures + " features) and "
          + "predicts " + predictionCol + ", but the assembler writes " + assembler.getOutputCol() + " ("
          + assembled + " features) and the decoder reads " + decoder.getInputCol());
    }
  }

  private static ExportedTree export(Node node) {
    if (node instanceof LeafNode leaf) {
      // impurityStats is package-private in Scala but public in bytecode: the leaf's class weights, which a
      // forest's vote adds up and no public accessor gives.
      return new ExportedTree.Leaf(leaf.prediction(), leaf.impurityStats().stats());
    }
    InternalNode inner = (InternalNode) node;
    ExportedTree left = export(inner.leftChild());
    ExportedTree right = export(inner.rightChild());
    if (inner.split() instanceof ContinuousSplit s) {
      return new ExportedTree.Continuous(s.featureIndex(), s.threshold(), left, right);
    }
    CategoricalSplit s = (CategoricalSplit) inner.split();
    // Spark keeps the left codes when they are at most half of all, else the complement of them.
    boolean listedGoLeft = s.leftCategories().length <= s.numCategories() / 2;
    double[] listed = listedGoLeft ? s.leftCategories() : complement(s.leftCategories(), s.numCategories());
    return new ExportedTree.Categorical(s.featureIndex(), listed, listedGoLeft, left, right);
  }

  private static double[] complement(double[] codes, int numCategories) {
    java.util.Set<Double> given = new java.util.HashSet<>();
    for (double c : codes) {
      given.add(c);
    }
    List<Double> rest = new ArrayList<>();
    for (int c = 0; c < numCategories; c++) {
      if (!given.contains((double) c)) {
        rest.add((double) c);
      }
    }
    return rest.stream().mapToDouble(Double::doubleValue).toArray();
  }
}
