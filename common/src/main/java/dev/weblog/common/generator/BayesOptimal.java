package dev.weblog.common.generator;

import static dev.weblog.common.generator.BehaviourModel.CONNECT_TYPES;
import static dev.weblog.common.generator.BehaviourModel.DEVICE_TYPES;
import static dev.weblog.common.generator.BehaviourModel.GENDERS;

import dev.weblog.common.Target;

/**
 * The best any per-row classifier on (product_category_id, device_type, connect_type) can do on labeled rows of
 * a population: P(features, label) is known exactly, so accuracy = sum over feature combinations of the
 * largest joint probability.
 */
final class BayesOptimal {

  /** Joint probability of a labeled row, [gender][age][device][connect][category]. */
  private final double[][][][][] joint;
  private final int ages;
  private final int categories;

  BayesOptimal(Population population, BehaviourModel model) {
    ages = model.ages;
    categories = model.categories;
    joint = new double[GENDERS][ages][DEVICE_TYPES][CONNECT_TYPES][categories];
    double[][][] deviceWeight = new double[GENDERS][ages][DEVICE_TYPES];
    double total = 0;
    for (int i = 0; i < population.size; i++) {
      if (population.labeled[i]) {
        deviceWeight[population.gender[i]][population.age[i]][population.deviceType[i]] += population.activity[i];
        total += population.activity[i];
      }
    }
    for (int g = 0; g < GENDERS; g++) {
      for (int a = 0; a < ages; a++) {
        for (int d = 0; d < DEVICE_TYPES; d++) {
          double w = total == 0 ? 0 : deviceWeight[g][a][d] / total;
          for (int k = 0; k < CONNECT_TYPES; k++) {
            double wk = w * model.connectGiven[d][a][k];
            for (int c = 0; c < categories; c++) {
              joint[g][a][d][k][c] = wk * model.categoryGiven[g][a][c];
            }
          }
        }
      }
    }
  }

  double accuracy(Target target) {
    return accuracyOf(target, this);
  }

  /**
   * The accuracy on this world's labeled rows of another world's Bayes decision, which answers its most common
   * label for feature combinations it never saw (as a model does with an unknown category).
   */
  double accuracyOf(Target target, BayesOptimal decision) {
    int fallback = decision.mostCommon(target);
    double sum = 0;
    for (int d = 0; d < DEVICE_TYPES; d++) {
      for (int k = 0; k < CONNECT_TYPES; k++) {
        for (int c = 0; c < categories; c++) {
          int y = c < decision.categories ? decision.decide(target, d, k, c) : -1;
          sum += byLabel(target, d, k, c)[y < 0 ? fallback : y];
        }
      }
    }
    return sum;
  }

  private int mostCommon(Target target) {
    double[] byLabel = new double[target == Target.GENDER ? GENDERS : ages];
    for (int d = 0; d < DEVICE_TYPES; d++) {
      for (int k = 0; k < CONNECT_TYPES; k++) {
        for (int c = 0; c < categories; c++) {
          double[] p = byLabel(target, d, k, c);
          for (int y = 0; y < p.length; y++) {
            byLabel[y] += p[y];
          }
        }
      }
    }
    return argMax(byLabel);
  }

  /** The Bayes decision for one feature combination, as a label index of the target; -1 if never seen. */
  int decide(Target target, int deviceIndex, int connectIndex, int categoryIndex) {
    return argMax(byLabel(target, deviceIndex, connectIndex, categoryIndex));
  }

  /** The index of the largest positive value, the first on ties; -1 if none is positive. */
  private static int argMax(double[] values) {
    int best = -1;
    double bestP = 0;
    for (int y = 0; y < values.length; y++) {
      if (values[y] > bestP) {
        bestP = values[y];
        best = y;
      }
    }
    return best;
  }

  private double[] byLabel(Target target, int d, int k, int c) {
    double[] p = new double[target == Target.GENDER ? GENDERS : ages];
    for (int g = 0; g < GENDERS; g++) {
      for (int a = 0; a < ages; a++) {
        p[target == Target.GENDER ? g : a] += joint[g][a][d][k][c];
      }
    }
    return p;
  }
}
