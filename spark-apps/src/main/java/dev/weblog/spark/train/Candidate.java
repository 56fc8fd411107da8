package dev.weblog.spark.train;

import java.util.ArrayList;
import java.util.List;

/**
 * One estimator to fit: an algorithm and the parameters that matter for it (null where they do not apply).
 * {@code minInstancesPerNode} counts training rows, also when the rows are aggregated into weighted ones.
 */
record Candidate(Algorithm algorithm, Integer maxDepth, Integer minInstancesPerNode, Integer numTrees) {

  Candidate {
    if (algorithm == Algorithm.AUTO) {
      throw new IllegalArgumentException("auto is a choice among candidates, not a candidate");
    }
  }

  /** {@code decision_tree(max_depth=10, min_instances_per_node=1)}: how metrics.json and logs name it. */
  String name() {
    List<String> params = new ArrayList<>();
    if (maxDepth != null) {
      params.add("max_depth=" + maxDepth);
    }
    if (minInstancesPerNode != null) {
      params.add("min_instances_per_node=" + minInstancesPerNode);
    }
    if (numTrees != null) {
      params.add((algorithm == Algorithm.GBT ? "max_iter=" : "num_trees=") + numTrees);
    }
    return algorithm.id() + (params.isEmpty() ? "" : "(" + String.join(", ", params) + ")");
  }
}
