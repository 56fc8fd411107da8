package dev.weblog.spark.train;

import java.util.List;

/**
 * The outcome of a model search: every candidate's accuracy on the validation rows (carved from the training
 * rows; the test rows are never seen here) and the winner. A single forced candidate is its own winner, unscored.
 */
record Selection(List<Scored> candidates, Candidate winner, long fitRows, long validationRows) {

  /**
   * A candidate, its accuracy on the validation rows and the seconds its fit and scoring took (both null when
   * there was nothing to choose).
   */
  record Scored(Candidate candidate, Double validationAccuracy, Double seconds) {}

  /** The best validation accuracy wins; on a tie the earlier candidate (the simpler one) does. */
  static Selection best(List<Scored> scored, long fitRows, long validationRows) {
    if (scored.isEmpty()) {
      throw new IllegalArgumentException("no candidates to choose from");
    }
    Scored best = scored.get(0);
    for (Scored s : scored) {
      if (s.validationAccuracy() > best.validationAccuracy()) {
        best = s;
      }
    }
    return new Selection(List.copyOf(scored), best.candidate(), fitRows, validationRows);
  }

  /** What was forced: one candidate, no validation rows set aside. */
  static Selection forced(Candidate candidate, long trainRows) {
    return new Selection(List.of(new Scored(candidate, null, null)), candidate, trainRows, 0);
  }
}
