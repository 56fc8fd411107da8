package dev.weblog.common.generator;

import java.util.SplittableRandom;

/**
 * How the synthetic population behaves: fixed probability tables, the same for every seed. Visitors' product
 * categories depend on gender (strongly) and age (softly); device type depends on age; connection type on
 * device and age. Because the tables are known, so is P(label | features), hence the Bayes-optimal accuracy.
 *
 * <p>The tables are written for five reference age groups (the original's); any other number of age buckets
 * is spread evenly over the same span, each bucket taking the tables' values at its position, interpolated
 * between the reference groups. Five buckets sit exactly on the reference groups.
 *
 * <p>A drifted world (see {@link Drift}) is another instance derived from this one: the tables are never changed
 * in place, so the world before the drift stays as it was.
 */
final class BehaviourModel {

  static final int GENDERS = 2;
  static final int MAX_AGE_BUCKETS = 12;
  static final int CATEGORIES = 40;
  /** Device type codes 1..4: Android phone, iPhone, desktop, tablet. */
  static final int DEVICE_TYPES = 4;
  /** Connection type codes 1..4: Wi-Fi, 4G, wired, 3G. */
  static final int CONNECT_TYPES = 4;

  static final double[] GENDER_PRIOR = {0.48, 0.52};
  private static final double[] REFERENCE_AGE_PRIOR = {0.06, 0.22, 0.32, 0.27, 0.13};
  private static final int REFERENCE_AGES = REFERENCE_AGE_PRIOR.length;
  private static final double[][] REFERENCE_DEVICE_GIVEN_AGE = {
      {0.55, 0.35, 0.05, 0.05},
      {0.50, 0.38, 0.08, 0.04},
      {0.42, 0.33, 0.17, 0.08},
      {0.35, 0.22, 0.28, 0.15},
      {0.25, 0.12, 0.38, 0.25}};

  /** Sharpness of gender preferences; tuned so the Bayes-optimal gender accuracy is about 0.93. */
  private static final double GENDER_SHARPNESS = 1.65;
  /** Sharpness of age preferences; age stays clearly harder to guess than gender. */
  private static final double AGE_SHARPNESS = 0.55;
  private static final long TABLE_SEED = 20190501L;

  /** The number of age buckets. */
  final int ages;
  /** The number of product categories; their ids are 1 to this. */
  final int categories;
  /** Each bucket's position on the reference age groups' scale, 0 to 4. */
  private final double[] position;
  /** Relative share of each age bucket (the samplers normalise). */
  final double[] agePrior;
  /** P(device | age), [age][device]. */
  final double[][] deviceGivenAge;
  /** P(category | gender, age), [gender][age][category]. */
  final double[][][] categoryGiven;
  /** P(connect | device, age), [device][age][connect]. */
  final double[][][] connectGiven;

  BehaviourModel(int ageBuckets) {
    if (ageBuckets < 2 || ageBuckets > MAX_AGE_BUCKETS) {
      throw new IllegalArgumentException("2 to " + MAX_AGE_BUCKETS + " age buckets, got " + ageBuckets);
    }
    ages = ageBuckets;
    categories = CATEGORIES;
    position = new double[ages];
    agePrior = new double[ages];
    deviceGivenAge = new double[ages][];
    for (int a = 0; a < ages; a++) {
      position[a] = a * (REFERENCE_AGES - 1.0) / (ages - 1);
      agePrior[a] = interpolate(REFERENCE_AGE_PRIOR, position[a]);
      deviceGivenAge[a] = new double[DEVICE_TYPES];
      for (int d = 0; d < DEVICE_TYPES; d++) {
        double[] column = new double[REFERENCE_AGES];
        for (int r = 0; r < REFERENCE_AGES; r++) {
          column[r] = REFERENCE_DEVICE_GIVEN_AGE[r][d];
        }
        deviceGivenAge[a][d] = interpolate(column, position[a]);
      }
    }
    categoryGiven = categoryTable(position);
    connectGiven = connectTable(position);
  }

  private BehaviourModel(BehaviourModel base, double[][][] categoryGiven) {
    ages = base.ages;
    categories = categoryGiven[0][0].length;
    position = base.position;
    agePrior = base.agePrior;
    deviceGivenAge = base.deviceGivenAge;
    this.categoryGiven = categoryGiven;
    connectGiven = base.connectGiven;
  }

  /** The same world, except that in the marked age buckets each gender takes the other's category preferences. */
  BehaviourModel withGendersSwapped(boolean[] inAge) {
    double[][][] table = new double[GENDERS][ages][];
    for (int g = 0; g < GENDERS; g++) {
      for (int a = 0; a < ages; a++) {
        table[g][a] = categoryGiven[inAge[a] ? GENDERS - 1 - g : g][a].clone();
      }
    }
    return new BehaviourModel(this, table);
  }

  /**
   * The same world with {@code count} new categories (ids after the existing ones) that take {@code share} of
   * every group's visits, their leanings drawn like the existing categories'.
   */
  BehaviourModel withNewCategories(int count, double share, SplittableRandom r) {
    double[][][] fresh = normalised(categoryWeights(r, count, position));
    double[][][] table = new double[GENDERS][ages][categories + count];
    for (int g = 0; g < GENDERS; g++) {
      for (int a = 0; a < ages; a++) {
        for (int c = 0; c < categories; c++) {
          table[g][a][c] = (1 - share) * categoryGiven[g][a][c];
        }
        for (int c = 0; c < count; c++) {
          table[g][a][categories + c] = share * fresh[g][a][c];
        }
      }
    }
    return new BehaviourModel(this, table);
  }

  /** The value at a fractional reference position; exact at whole positions. */
  private static double interpolate(double[] byReferenceAge, double position) {
    int low = Math.min((int) Math.floor(position), byReferenceAge.length - 2);
    double f = position - low;
    return (1 - f) * byReferenceAge[low] + f * byReferenceAge[low + 1];
  }

  private static double[][][] categoryTable(double[] position) {
    return normalised(categoryWeights(new SplittableRandom(TABLE_SEED), CATEGORIES, position));
  }

  /** Unnormalised P(category | gender, age) for {@code count} categories whose leanings are drawn from r. */
  private static double[][][] categoryWeights(SplittableRandom r, int count, double[] position) {
    int ages = position.length;
    double[] popularity = new double[count];
    double[] genderAffinity = new double[count];
    double[] agePeak = new double[count];
    for (int c = 0; c < count; c++) {
      popularity[c] = Math.exp(r.nextGaussian() * 0.6);
      double kind = r.nextDouble();
      // Most categories lean clearly one way (cosmetics, power tools); a few are for everyone.
      genderAffinity[c] = kind < 0.1 ? r.nextDouble(-0.3, 0.3)
          : (kind < 0.55 ? 1 : -1) * r.nextDouble(0.7, 1.0);
      agePeak[c] = r.nextDouble(-0.5, REFERENCE_AGES - 0.5);
    }
    double[][][] weights = new double[GENDERS][ages][count];
    for (int g = 0; g < GENDERS; g++) {
      double sign = g == 1 ? 1 : -1;
      for (int a = 0; a < ages; a++) {
        for (int c = 0; c < count; c++) {
          double d = position[a] - agePeak[c];
          weights[g][a][c] = popularity[c] * Math.exp(GENDER_SHARPNESS * sign * genderAffinity[c])
              * Math.exp(-AGE_SHARPNESS * d * d);
        }
      }
    }
    return weights;
  }

  private static double[][][] normalised(double[][][] weights) {
    for (double[][] byAge : weights) {
      for (double[] row : byAge) {
        double sum = 0;
        for (double w : row) {
          sum += w;
        }
        for (int c = 0; c < row.length; c++) {
          row[c] /= sum;
        }
      }
    }
    return weights;
  }

  private static double[][][] connectTable(double[] position) {
    double[][][] table = new double[DEVICE_TYPES][position.length][];
    for (int a = 0; a < position.length; a++) {
      double mobile4g = 0.40 - 0.04 * position[a];
      double mobile3g = 0.04 + 0.04 * position[a];
      double[] phone = {1 - mobile4g - mobile3g, mobile4g, 0, mobile3g};
      table[0][a] = phone;
      table[1][a] = phone.clone();
      table[2][a] = new double[] {0.45, 0, 0.55, 0};
      table[3][a] = new double[] {0.85, 0.12, 0, 0.03};
    }
    return table;
  }
}
