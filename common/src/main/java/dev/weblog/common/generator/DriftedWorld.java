package dev.weblog.common.generator;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The world of the live lines after a {@link Drift}, derived from the world before. Every choice comes from the
 * sizes (age buckets, categories) and a random stream of the seed per kind, so any vocabulary works, and a kind
 * shifts the same alone or with the others.
 */
final class DriftedWorld {

  /** One new category for every this many known ones, at least one. */
  static final int KNOWN_PER_NEW_CATEGORY = 8;
  /** The share of every group's visits the new categories take together. */
  static final double NEW_CATEGORY_SHARE = 0.25;
  /** How many times as often the favoured gender visits after a label drift. */
  static final double FAVOURED_GENDER_WEIGHT = 2.5;
  /** Visit rates grow exponentially along the age range: one end visits e^AGE_TILT times as often as the other. */
  static final double AGE_TILT = 2.0;
  private static final long DRIFT_STREAM = 0x5EED_D21FL;

  private DriftedWorld() {}

  static World of(World before, Drift drift, long seed) {
    BehaviourModel model = before.model;
    Population population = before.population;
    if (drift.kinds().contains(Drift.Kind.PREFERENCES)) {
      model = model.withGendersSwapped(swappedAges(model.ages, seed));
    }
    if (drift.kinds().contains(Drift.Kind.CATEGORIES)) {
      model = model.withNewCategories(newCategories(model.categories), NEW_CATEGORY_SHARE,
          random(seed, Drift.Kind.CATEGORIES));
    }
    if (drift.kinds().contains(Drift.Kind.LABELS)) {
      population = population.reweighted(visitWeights(model.ages, seed));
    }
    return new World(model, population);
  }

  /** The age buckets whose genders swap preferences: half of them (at least one), drawn with the seed. */
  static boolean[] swappedAges(int ages, long seed) {
    SplittableRandom r = random(seed, Drift.Kind.PREFERENCES);
    int[] order = IntStream.range(0, ages).toArray();
    for (int i = ages - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    boolean[] swapped = new boolean[ages];
    for (int i = 0; i < Math.max(1, ages / 2); i++) {
      swapped[order[i]] = true;
    }
    return swapped;
  }

  static int newCategories(int known) {
    return Math.max(1, known / KNOWN_PER_NEW_CATEGORY);
  }

  /**
   * How many times as often each group visits, [gender][age]: one gender (drawn) {@link #FAVOURED_GENDER_WEIGHT}
   * times, and the rate growing exponentially towards the youngest or the oldest bucket (drawn).
   */
  static double[][] visitWeights(int ages, long seed) {
    SplittableRandom r = random(seed, Drift.Kind.LABELS);
    int favoured = r.nextInt(BehaviourModel.GENDERS);
    boolean towardsOld = r.nextBoolean();
    double[][] weight = new double[BehaviourModel.GENDERS][ages];
    for (int g = 0; g < BehaviourModel.GENDERS; g++) {
      for (int a = 0; a < ages; a++) {
        double along = (towardsOld ? 1 : -1) * (a / (ages - 1.0) - 0.5);
        weight[g][a] = (g == favoured ? FAVOURED_GENDER_WEIGHT : 1) * Math.exp(AGE_TILT * along);
      }
    }
    return weight;
  }

  /** The drift in words, with the labels of the config, for ground-truth.json. */
  static List<String> changes(Drift drift, GeneratorConfig config, int knownCategories) {
    List<String> ages = config.ageBuckets();
    List<String> genders = config.genderLabels();
    List<String> changes = new ArrayList<>();
    if (drift.kinds().contains(Drift.Kind.PREFERENCES)) {
      boolean[] swapped = swappedAges(ages.size(), config.seed());
      changes.add("age groups " + IntStream.range(0, ages.size()).filter(a -> swapped[a]).mapToObj(ages::get)
          .collect(Collectors.joining(", ")) + ": genders " + genders.get(0) + " and " + genders.get(1)
          + " swap their category preferences");
    }
    if (drift.kinds().contains(Drift.Kind.LABELS)) {
      double[][] weight = visitWeights(ages.size(), config.seed());
      int favoured = weight[0][0] > weight[1][0] ? 0 : 1;
      int oldest = ages.size() - 1;
      boolean towardsOld = weight[0][oldest] > weight[0][0];
      changes.add(String.format(Locale.ROOT, "label mix: gender %s visits %.1f times as often, and age group %s "
          + "%.1f times as often as age group %s", genders.get(favoured), FAVOURED_GENDER_WEIGHT,
          ages.get(towardsOld ? oldest : 0), Math.exp(AGE_TILT), ages.get(towardsOld ? 0 : oldest)));
    }
    if (drift.kinds().contains(Drift.Kind.CATEGORIES)) {
      changes.add(String.format(Locale.ROOT, "new product categories %d to %d take %.0f %% of every group's visits",
          knownCategories + 1, knownCategories + newCategories(knownCategories), NEW_CATEGORY_SHARE * 100));
    }
    return changes;
  }

  private static SplittableRandom random(long seed, Drift.Kind kind) {
    return new SplittableRandom(Population.mix(seed ^ DRIFT_STREAM) + kind.ordinal());
  }
}
