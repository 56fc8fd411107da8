package dev.weblog.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The project against a baseline, pair by pair: values measured side by side in the same pair share the
 * machine's state, so their ratio is steadier than a ratio of medians.
 */
public final class PairRatios {

  private PairRatios() {}

  /** Above 1 means the project did better in that pair, whichever way the figure counts. */
  public static List<Double> of(Figure figure, List<Double> project, List<Double> baseline) {
    if (project.size() != baseline.size()) {
      throw new IllegalArgumentException("PairRatios.of " + figure.key() + ": " + project.size()
          + " project values but " + baseline.size() + " baseline values; pairs must match");
    }
    List<Double> ratios = new ArrayList<>(project.size());
    for (int i = 0; i < project.size(); i++) {
      double p = project.get(i);
      double b = baseline.get(i);
      if (!(p > 0 && b > 0)) {
        throw new IllegalArgumentException("PairRatios.of " + figure.key() + ", pair " + (i + 1)
            + ": values must be positive, got project " + p + " and baseline " + b);
      }
      ratios.add(figure.higherIsBetter() ? p / b : b / p);
    }
    return ratios;
  }
}
