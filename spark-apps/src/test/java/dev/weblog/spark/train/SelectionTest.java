package dev.weblog.spark.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weblog.common.Column;
import java.util.List;
import org.junit.jupiter.api.Test;

class SelectionTest {

  static final Candidate BAYES = new Candidate(Algorithm.NAIVE_BAYES, null, null, null);
  static final Candidate LOGISTIC = new Candidate(Algorithm.LOGISTIC_REGRESSION, null, null, null);
  static final Candidate TREE = new Candidate(Algorithm.DECISION_TREE, 8, 100, null);

  @Test
  void theBestValidationAccuracyWinsWherePlaced() {
    for (List<Selection.Scored> scored : List.of(
        List.of(scored(BAYES, 0.46), scored(LOGISTIC, 0.47), scored(TREE, 0.45)),
        List.of(scored(LOGISTIC, 0.47), scored(TREE, 0.45), scored(BAYES, 0.46)),
        List.of(scored(TREE, 0.45), scored(BAYES, 0.46), scored(LOGISTIC, 0.47)))) {
      Selection s = Selection.best(scored, 700, 300);
      assertEquals(LOGISTIC, s.winner(), scored.toString());
      assertEquals(scored, s.candidates(), "every candidate is reported, in order");
      assertEquals(300, s.validationRows());
    }
  }

  @Test
  void onATieTheEarlierSimplerCandidateWins() {
    assertEquals(BAYES, Selection.best(List.of(scored(BAYES, 0.93), scored(TREE, 0.93)), 1, 1).winner());
    assertEquals(TREE, Selection.best(List.of(scored(TREE, 0.93), scored(BAYES, 0.93)), 1, 1).winner());
  }

  @Test
  void aForcedCandidateIsItsOwnWinnerWithNothingSetAside() {
    Selection s = Selection.forced(TREE, 1000);
    assertEquals(TREE, s.winner());
    assertEquals(0, s.validationRows());
    assertEquals(1000, s.fitRows());
    assertNull(s.candidates().get(0).validationAccuracy());
    assertThrows(IllegalArgumentException.class, () -> Selection.best(List.of(), 1, 1));
  }

  @Test
  void autoSearchesTreesNaiveBayesLogisticRegressionAndAForest() {
    List<Candidate> grid = Candidates.of(settings(Algorithm.AUTO, CategoryEncoding.CATEGORICAL,
        Column.DEFAULT_FEATURES));
    assertEquals(List.of(Algorithm.NAIVE_BAYES, Algorithm.LOGISTIC_REGRESSION), grid.stream().limit(2)
        .map(Candidate::algorithm).toList(), "the simple ones first, so they win ties");
    List<Candidate> trees = grid.stream().filter(c -> c.algorithm() == Algorithm.DECISION_TREE).toList();
    assertEquals(Candidates.TREE_GRID.size(), trees.stream().map(Candidate::name).distinct().count(),
        "a tree per shape of the grid");
    assertTrue(trees.stream().map(Candidate::maxDepth).distinct().count() > 1
        && trees.stream().map(Candidate::minInstancesPerNode).distinct().count() > 1,
        "the grid varies both the depth and the minimum rows per node: " + trees);
    assertTrue(grid.stream().anyMatch(c -> c.algorithm() == Algorithm.RANDOM_FOREST));
    assertTrue(Candidates.of(settings(Algorithm.AUTO, CategoryEncoding.CATEGORICAL, List.of(Column.DEVICE_TYPE,
        Column.LAT))).stream().noneMatch(c -> c.algorithm().oneHot()), "no indicators for a decimal feature");
    assertEquals(List.of(new Candidate(Algorithm.DECISION_TREE, 7, 1, null)),
        Candidates.of(settings(Algorithm.DECISION_TREE, CategoryEncoding.CONTINUOUS, Column.DEFAULT_FEATURES)),
        "a forced algorithm is one candidate with the given depth");
    assertEquals("decision_tree(max_depth=8, min_instances_per_node=100)", TREE.name());
    assertThrows(IllegalArgumentException.class, () -> new Candidate(Algorithm.AUTO, null, null, null));
  }

  private static TrainSettings settings(Algorithm algorithm, CategoryEncoding encoding, List<Column> features) {
    return new TrainSettings(algorithm, 7, 20, 42, 0.3, 0.2, encoding, TrainingRows.AGGREGATED, features);
  }

  private static Selection.Scored scored(Candidate c, double accuracy) {
    return new Selection.Scored(c, accuracy, 0.1);
  }
}
