package dev.weblog.common.monitor;

import java.util.Arrays;

/**
 * The bin edges of a numeric feature: its training quantiles, so each bin holds about the same share of training
 * rows and PSI weighs every part of the range alike. A Spark job asks {@code approxQuantile} for
 * {@link #probabilities} and passes the answer through {@link #edges}; {@link #fromValues} does both for values in
 * memory.
 */
public final class QuantileBins {

  /** Ten bins: the usual choice for PSI, fine enough to see a shift and coarse enough for small batches. */
  public static final int DEFAULT_BINS = 10;

  private QuantileBins() {}

  /** The inner quantiles {@code 1/bins .. (bins-1)/bins}: the edges between {@code bins} bins. */
  public static double[] probabilities(int bins) {
    if (bins < 1) {
      throw new IllegalArgumentException("a feature needs at least one bin, got " + bins);
    }
    double[] p = new double[bins - 1];
    for (int k = 1; k < bins; k++) {
      p[k - 1] = (double) k / bins;
    }
    return p;
  }

  /**
   * Quantiles as edges: sorted, repeats dropped (a value most rows hold is one quantile several times over, and a
   * bin between equal edges would be empty).
   */
  public static double[] edges(double[] quantiles) {
    return Arrays.stream(quantiles).sorted().distinct().toArray();
  }

  /** The edges of {@code bins} bins over {@code values}, each quantile the nearest-rank training value. */
  public static double[] fromValues(double[] values, int bins) {
    if (values.length == 0) {
      throw new IllegalArgumentException("no values to take quantiles of");
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    double[] quantiles = Arrays.stream(probabilities(bins))
        .map(p -> sorted[Math.max(0, (int) Math.ceil(p * sorted.length) - 1)])
        .toArray();
    return edges(quantiles);
  }
}
