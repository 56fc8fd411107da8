package dev.weblog.spark.train;

import dev.weblog.common.Column;
import java.util.ArrayList;
import java.util.List;

/** The estimators a training run fits: the one {@code --algorithm} forces, or the grid {@code auto} searches. */
final class Candidates {

  /**
   * The tree grid as (depth, minimum rows per node) pairs (1 = no limit): a shallow tree with large leaves for
   * little data, and a deep one with and without the limit for a full feature table. The fourth corner (shallow,
   * no limit) lost to its neighbours in every run measured (generated histories, both targets), and each tree fit
   * costs about as much as the forest's.
   */
  static final List<TreeShape> TREE_GRID = List.of(new TreeShape(8, 100), new TreeShape(14, 1),
      new TreeShape(14, 100));
  static final int FOREST_DEPTH = 10;
  static final int FOREST_TREES = 10;

  record TreeShape(int maxDepth, int minInstancesPerNode) {}

  private Candidates() {}

  static List<Candidate> of(TrainSettings s) {
    return switch (s.algorithm()) {
      case AUTO -> grid(s);
      case DECISION_TREE -> List.of(new Candidate(Algorithm.DECISION_TREE, s.maxDepth(), 1, null));
      case RANDOM_FOREST -> List.of(new Candidate(Algorithm.RANDOM_FOREST, s.maxDepth(), 1, s.numTrees()));
      case GBT -> List.of(new Candidate(Algorithm.GBT, s.maxDepth(), 1, s.numTrees()));
      case NAIVE_BAYES, LOGISTIC_REGRESSION -> List.of(new Candidate(s.algorithm(), null, null, null));
    };
  }

  /**
   * One-hot estimators need every feature to be a code indexed as a category; with a decimal feature (lat, lon)
   * or the original continuous encoding only trees are searched.
   */
  static boolean oneHotApplies(TrainSettings s) {
    return s.encoding() == CategoryEncoding.CATEGORICAL
        && s.features().stream().allMatch(f -> f.kind() == Column.Kind.INT);
  }

  /** Simpler models first: on a tie in validation accuracy the earlier one wins. */
  private static List<Candidate> grid(TrainSettings s) {
    List<Candidate> grid = new ArrayList<>();
    if (oneHotApplies(s)) {
      grid.add(new Candidate(Algorithm.NAIVE_BAYES, null, null, null));
      grid.add(new Candidate(Algorithm.LOGISTIC_REGRESSION, null, null, null));
    }
    for (TreeShape tree : TREE_GRID) {
      grid.add(new Candidate(Algorithm.DECISION_TREE, tree.maxDepth(), tree.minInstancesPerNode(), null));
    }
    grid.add(new Candidate(Algorithm.RANDOM_FOREST, FOREST_DEPTH, 1, FOREST_TREES));
    return List.copyOf(grid);
  }
}
