package dev.weblog.common.generator;

import static dev.weblog.common.generator.BehaviourModel.CATEGORIES;
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

  BayesOptimal(Population population, BehaviourModel model) {
    ages = model.ages;
    joint = new double[GENDERS][ages][DEVICE_TYPES][CONNECT_TYPES][CATEGORIES];
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
            for (int c = 0; c < CATEGORIES; c++) {
              joint[g][a][d][k][c] = wk * model.categoryGiven[g][a][c];
            }
          }
        }
      }
    }
  }

  double accuracy(Target target) {
    double sum = 0;
    for (int d = 0; d < DEVICE_TYPES; d++) {
      for (int k = 0; k < CONNECT_TYPES; k++) {
        for (int c = 0; c < CATEGORIES; c++) {
          double[] byLabel = byLabel(target, d, k, c);
          double best = 0;
          for (double p : byLabel) {
            best = Math.max(best, p);
          }
          sum += best;
        }
      }
    }
    return sum;
  }

  /** The Bayes decision for one feature combination, as a label index of the target; -1 if never seen. */
  int decide(Target target, int deviceIndex, int connectIndex, int categoryIndex) {
    double[] byLabel = byLabel(target, deviceIndex, connectIndex, categoryIndex);
    int best = -1;
    double bestP = 0;
    for (int y = 0; y < byLabel.length; y++) {
      if (byLabel[y] > bestP) {
        bestP = byLabel[y];
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
