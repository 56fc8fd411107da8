package dev.weblog.common.monitor;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * How far a batch's distribution has moved from training's. The population stability index over the same bins,
 * {@code sum (o - r) * ln(o / r)} with {@code o}, {@code r} each bin's observed and reference shares, is the
 * usual credit-scoring measure: under 0.1 stable, 0.1 to 0.2 a moderate shift, 0.2 and up significant.
 *
 * <p>An empty bin has no logarithm, so a share is taken as at least {@link #EPSILON}. A bin empty on one side
 * then adds a finite, large term (a whole batch in a bin training never filled: about 9.2), and a bin empty on
 * both sides adds nothing. A floor on the share, unlike a pseudo-count, does not depend on how many lines either
 * side had, so a small batch and a large training set are smoothed alike.
 */
public final class Psi {

  /** The least share a bin is taken to have: 1 in 10,000, below any share a batch can show. */
  public static final double EPSILON = 1e-4;

  private Psi() {}

  /** The PSI of {@code observed} against {@code reference}, both counts over the same bins; NaN without lines. */
  public static double of(long[] reference, long[] observed) {
    double psi = 0;
    for (double term : terms(reference, observed)) {
      psi += term;
    }
    return psi;
  }

  /** Each bin's term of the PSI: which bins moved, and which way does not matter (every term is at least 0). */
  public static double[] terms(long[] reference, long[] observed) {
    if (reference.length != observed.length) {
      throw new IllegalArgumentException("PSI compares the same bins: the reference has " + reference.length
          + ", the observation " + observed.length);
    }
    long r = sum(reference);
    long o = sum(observed);
    double[] terms = new double[reference.length];
    for (int k = 0; k < terms.length; k++) {
      double rs = share(reference[k], r);
      double os = share(observed[k], o);
      terms[k] = (os - rs) * Math.log(os / rs);
    }
    return terms;
  }

  /**
   * How far predicted classes are from training's classes: the total variation distance, half the sum of the
   * share differences, i.e. the share of predictions that would have to change class to match training. Not PSI,
   * because a classifier rarely predicts a rare class at all (it is never the most likely one), and an empty
   * class would weigh in at about 9 per the floor while meaning nothing new; this distance stays within 0..1.
   * NaN when either side is empty.
   */
  public static double classShift(Map<String, Long> reference, Map<String, Long> observed) {
    long r = reference.values().stream().mapToLong(Long::longValue).sum();
    long o = observed.values().stream().mapToLong(Long::longValue).sum();
    if (r == 0 || o == 0) {
      return Double.NaN;
    }
    Set<String> labels = new HashSet<>(reference.keySet());
    labels.addAll(observed.keySet());
    double distance = 0;
    for (String label : labels) {
      distance +=
          Math.abs((double) reference.getOrDefault(label, 0L) / r - (double) observed.getOrDefault(label, 0L) / o);
    }
    return distance / 2;
  }

  private static double share(long count, long total) {
    return total == 0 ? Double.NaN : Math.max((double) count / total, EPSILON);
  }

  private static long sum(long[] counts) {
    long s = 0;
    for (long c : counts) {
      if (c < 0) {
        throw new IllegalArgumentException("a bin count cannot be negative, got " + c);
      }
      s += c;
    }
    return s;
  }
}
