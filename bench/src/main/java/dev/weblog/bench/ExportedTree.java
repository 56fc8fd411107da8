package dev.weblog.bench;

import java.util.Arrays;

/**
 * A trained decision tree as plain Java: splits and leaves with no Spark type in them, so a consumer loop scores
 * with the same tree the streaming job applies. Each split decides exactly as Spark's own split class does.
 */
sealed interface ExportedTree permits ExportedTree.Leaf, ExportedTree.Continuous, ExportedTree.Categorical {

  /** The leaf an assembled feature vector lands in. */
  Leaf leaf(double[] features);

  /**
   * @param prediction the class index Spark's leaf predicts
   * @param classWeights the (weighted) count of each class in the leaf, what a forest's trees vote with
   */
  record Leaf(double prediction, double[] classWeights) implements ExportedTree {
    public Leaf {
      classWeights = classWeights.clone();
    }

    @Override
    public Leaf leaf(double[] features) {
      return this;
    }

    /** A copy: a leaf cannot be changed through it. */
    @Override
    public double[] classWeights() {
      return classWeights.clone();
    }

    /** One class weight, without copying the array. */
    double classWeight(int c) {
      return classWeights[c];
    }

    int classes() {
      return classWeights.length;
    }
  }

  /** Goes left when the feature is at most the threshold, as Spark's {@code ContinuousSplit}. */
  record Continuous(int feature, double threshold, ExportedTree left, ExportedTree right) implements ExportedTree {
    @Override
    public Leaf leaf(double[] features) {
      return (features[feature] <= threshold ? left : right).leaf(features);
    }
  }

  /**
   * Spark's {@code CategoricalSplit}: it keeps the smaller of the left and right code sets and tests membership in
   * that one, so a code in neither (never seen in training) goes to the side the kept set does not name.
   *
   * @param listed the codes Spark tests, sorted
   * @param listedGoLeft whether the listed codes are the left ones
   */
  record Categorical(int feature, double[] listed, boolean listedGoLeft, ExportedTree left, ExportedTree right)
      implements ExportedTree {
    public Categorical {
      listed = listed.clone();
      Arrays.sort(listed);
    }

    /** A copy: a split cannot be changed through it. */
    @Override
    public double[] listed() {
      return listed.clone();
    }

    @Override
    public Leaf leaf(double[] features) {
      boolean listedCode = Arrays.binarySearch(listed, features[feature]) >= 0;
      return (listedCode == listedGoLeft ? left : right).leaf(features);
    }
  }
}
