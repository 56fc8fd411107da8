package dev.weblog.spark.model;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.classification.DecisionTreeClassificationModel;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.classification.RandomForestClassificationModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.tree.CategoricalSplit;
import org.apache.spark.ml.tree.ContinuousSplit;
import org.apache.spark.ml.tree.InternalNode;
import org.apache.spark.ml.tree.LeafNode;
import org.apache.spark.ml.tree.Node;
import org.apache.spark.ml.tree.Split;

/**
 * A decision tree or random forest classifier as flat arrays, walked without Spark's per-split boxing (its
 * categorical splits look a boxed double up in a Scala set: a third of scoring a record). The leaves keep what
 * Spark's {@code predictRaw} takes from them, computed the way Spark computes it, and the class is chosen by the
 * model's own {@code raw2probabilityInPlace} and {@code probability2prediction}; a single tree's leaf decides its
 * class alone, so that is done once per leaf here. RecordScorerTest holds both to {@code model.transform}.
 */
final class FlatTrees implements Serializable {

  private static final long serialVersionUID = 1L;

  private final Tree[] trees;
  private final int classes;
  private final ProbabilisticClassificationModel<Vector, ?> model;

  private FlatTrees(List<Tree> trees, int classes, ProbabilisticClassificationModel<Vector, ?> model) {
    this.trees = trees.toArray(Tree[]::new);
    this.classes = classes;
    this.model = model;
  }

  /** The flat form of {@code model} when it is a tree or a forest, else null. */
  static FlatTrees of(ProbabilisticClassificationModel<Vector, ?> model) {
    if (model instanceof DecisionTreeClassificationModel tree) {
      Tree flat = new Builder().build(tree.rootNode());
      // A lone tree's class depends only on its leaf: Spark's own tail of transform, once per leaf.
      for (int leaf = 0; leaf < flat.leafValues.length; leaf++) {
        flat.leafClass[leaf] = model.probability2prediction(
            model.raw2probabilityInPlace(Vectors.dense(flat.leafValues[leaf].clone())));
      }
      return new FlatTrees(List.of(flat), tree.numClasses(), null);
    }
    if (model instanceof RandomForestClassificationModel forest) {
      List<Tree> trees = new ArrayList<>();
      for (DecisionTreeClassificationModel tree : forest.trees()) {
        Tree flat = new Builder().build(tree.rootNode());
        for (int leaf = 0; leaf < flat.leafValues.length; leaf++) {
          flat.leafValues[leaf] = votes(flat.leafValues[leaf]);
        }
        trees.add(flat);
      }
      return new FlatTrees(trees, forest.numClasses(), model);
    }
    return null;
  }

  /** The predicted class index of an assembled feature vector. */
  double predict(double[] features) {
    if (model == null) {
      return trees[0].leafClass[trees[0].leaf(features)];
    }
    // As Spark's forest: each tree adds its leaf's class shares, in tree order.
    double[] votes = new double[classes];
    for (Tree tree : trees) {
      double[] share = tree.leafValues[tree.leaf(features)];
      if (share != null) {
        for (int c = 0; c < classes; c++) {
          votes[c] += share[c];
        }
      }
    }
    return model.probability2prediction(model.raw2probabilityInPlace(Vectors.dense(votes)));
  }

  /** A forest tree's vote: each class count over the leaf's total, none when the total is 0 (as Spark skips it). */
  private static double[] votes(double[] counts) {
    double total = 0;
    for (double c : counts) {
      total += c;
    }
    if (total == 0) {
      return null;
    }
    double[] share = new double[counts.length];
    for (int c = 0; c < counts.length; c++) {
      share[c] = counts[c] / total;
    }
    return share;
  }

  /**
   * One tree: node {@code n} is a split when {@code left[n] >= 0}, else leaf {@code -left[n] - 1}. A continuous
   * split goes left when the feature is at most its threshold; a categorical one when its code is one of the left
   * categories, or, for a value in neither set, to the side Spark's split sends such a value.
   */
  private static final class Tree implements Serializable {
    private static final long serialVersionUID = 1L;

    final int[] feature;
    final double[] threshold;
    /** Per categorical node, whether each code goes left; null for a continuous node. */
    final boolean[][] leftCodes;
    final boolean[] otherGoesLeft;
    final int[] left;
    final int[] right;
    final double[][] leafValues;
    final double[] leafClass;

    Tree(int nodes, int leaves) {
      feature = new int[nodes];
      threshold = new double[nodes];
      leftCodes = new boolean[nodes][];
      otherGoesLeft = new boolean[nodes];
      left = new int[nodes];
      right = new int[nodes];
      leafValues = new double[leaves][];
      leafClass = new double[leaves];
    }

    int leaf(double[] features) {
      int n = 0;
      while (left[n] >= 0) {
        double v = features[feature[n]];
        boolean goLeft;
        boolean[] codes = leftCodes[n];
        if (codes == null) {
          goLeft = v <= threshold[n];
        } else {
          int code = (int) v;
          goLeft = code == v && code >= 0 && code < codes.length ? codes[code] : otherGoesLeft[n];
        }
        n = goLeft ? left[n] : right[n];
      }
      return -left[n] - 1;
    }
  }

  /** Numbers a Spark tree's nodes and leaves depth first and fills a {@link Tree}. */
  private static final class Builder {
    private final Map<Node, Integer> nodes = new IdentityHashMap<>();
    private final Map<Node, Integer> leaves = new IdentityHashMap<>();

    Tree build(Node root) {
      number(root);
      Tree tree = new Tree(nodes.size(), leaves.size());
      for (Map.Entry<Node, Integer> e : nodes.entrySet()) {
        int n = e.getValue();
        if (e.getKey() instanceof InternalNode split) {
          fill(tree, n, split);
        } else {
          int leaf = leaves.get(e.getKey());
          tree.left[n] = -leaf - 1;
          tree.leafValues[leaf] = ((LeafNode) e.getKey()).impurityStats().stats().clone();
        }
      }
      return tree;
    }

    private void number(Node node) {
      nodes.put(node, nodes.size());
      if (node instanceof InternalNode split) {
        number(split.leftChild());
        number(split.rightChild());
      } else {
        leaves.put(node, leaves.size());
      }
    }

    private void fill(Tree tree, int n, InternalNode node) {
      Split split = node.split();
      tree.feature[n] = split.featureIndex();
      tree.left[n] = nodes.get(node.leftChild());
      tree.right[n] = nodes.get(node.rightChild());
      if (split instanceof ContinuousSplit continuous) {
        tree.threshold[n] = continuous.threshold();
      } else if (split instanceof CategoricalSplit categorical) {
        boolean[] codes = new boolean[categorical.numCategories()];
        for (double c : categorical.leftCategories()) {
          codes[(int) c] = true;
        }
        tree.leftCodes[n] = codes;
        // A code the split lists on neither side goes where Spark's own test sends it.
        double[] probe = new double[split.featureIndex() + 1];
        probe[split.featureIndex()] = -1;
        tree.otherGoesLeft[n] = categorical.shouldGoLeft(Vectors.dense(probe));
      } else {
        throw new IllegalArgumentException("unknown tree split " + split.getClass().getName());
      }
    }
  }
}
