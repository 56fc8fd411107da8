package dev.weblog.common.monitor;

import dev.weblog.common.Column;
import dev.weblog.common.LabelOrder;
import java.io.Serializable;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One feature's training distribution as the bins drift is measured over: PSI compares a batch's shares of these
 * bins with the training rows'. A {@link Column.Kind#FLOAT} column (lat, lon) is {@link Numeric}: its values are
 * too many to count one by one, so they are binned between training quantiles. Every other column is
 * {@link Categorical}: codes whose numbers mean nothing as magnitudes, counted per value.
 */
public sealed interface FeatureReference extends Serializable
    permits FeatureReference.Categorical, FeatureReference.Numeric {

  Column column();

  /** The training rows in each bin, in bin order. */
  long[] counts();

  /** The bin a value (as its text) falls in. */
  int binOf(String value);

  /** Whether training knew the value: a category it kept, or a number within the training range. */
  boolean seen(String value);

  /** The bin as a person reads it: the value, {@link Categorical#OTHER_BIN}, or a range of numbers. */
  String binName(int bin);

  /**
   * A bin per training value kept, then one last bin for every other value: the values past the cap (whose
   * training rows are {@code other}) and the values training never saw. Without a cap reached that last bin is
   * empty in training, so a new category lands in a bin of its own and raises PSI sharply.
   */
  final class Categorical implements FeatureReference {
    public static final String OTHER_BIN = "(other or unseen)";

    private final Column column;
    private final List<String> values;
    private final long[] counts;
    private final int cap;
    private final Map<String, Integer> index = new HashMap<>();

    /**
     * @param counts training rows per value kept, at most {@code cap} of them
     * @param other training rows of the values past the cap
     */
    public Categorical(Column column, Map<String, Long> counts, long other, int cap) {
      this.column = Objects.requireNonNull(column, "column");
      if (cap < 1) {
        throw new IllegalArgumentException(column.columnName() + ": the cap must be at least 1, got " + cap);
      }
      if (counts.size() > cap) {
        throw new IllegalArgumentException(
            column.columnName() + ": " + counts.size() + " values kept, more than the cap " + cap);
      }
      this.values = LabelOrder.sorted(counts.keySet());
      this.counts = new long[values.size() + 1];
      for (int k = 0; k < values.size(); k++) {
        index.put(values.get(k), k);
        this.counts[k] = counts.get(values.get(k));
      }
      this.counts[values.size()] = other;
      this.cap = cap;
    }

    @Override
    public Column column() {
      return column;
    }

    /** The values kept, in {@link LabelOrder}; bin {@code k} is value {@code k}. */
    public List<String> values() {
      return values;
    }

    /** Training rows whose value was past the cap. */
    public long other() {
      return counts[values.size()];
    }

    /** The most values kept one by one; the rest share the last bin. */
    public int cap() {
      return cap;
    }

    @Override
    public long[] counts() {
      return counts.clone();
    }

    @Override
    public int binOf(String value) {
      return index.getOrDefault(value, values.size());
    }

    @Override
    public boolean seen(String value) {
      return index.containsKey(value);
    }

    @Override
    public String binName(int bin) {
      return bin == values.size() ? OTHER_BIN : values.get(bin);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Categorical c && column == c.column && cap == c.cap && values.equals(c.values)
          && Arrays.equals(counts, c.counts);
    }

    @Override
    public int hashCode() {
      return Objects.hash(column, values, Arrays.hashCode(counts), cap);
    }

    @Override
    public String toString() {
      return column.columnName() + values + Arrays.toString(counts);
    }
  }

  /**
   * Bins between the training quantiles ({@link QuantileBins}): bin 0 is below the first edge, bin {@code k} is
   * {@code [edge[k-1], edge[k])}, the last is from the last edge up. Values outside the training range still fall
   * in the end bins; {@link #seen} tells them apart.
   */
  final class Numeric implements FeatureReference {
    private final Column column;
    private final double[] edges;
    private final long[] counts;
    private final double min;
    private final double max;

    public Numeric(Column column, double[] edges, long[] counts, double min, double max) {
      this.column = Objects.requireNonNull(column, "column");
      for (int k = 1; k < edges.length; k++) {
        if (!(edges[k - 1] < edges[k])) {
          throw new IllegalArgumentException(column.columnName() + ": bin edges must increase, got "
              + Arrays.toString(edges));
        }
      }
      if (counts.length != edges.length + 1) {
        throw new IllegalArgumentException(column.columnName() + ": " + edges.length + " edges make "
            + (edges.length + 1) + " bins, got " + counts.length + " counts");
      }
      if (!(min <= max)) {
        throw new IllegalArgumentException(column.columnName() + ": min " + min + " above max " + max);
      }
      this.edges = edges.clone();
      this.counts = counts.clone();
      this.min = min;
      this.max = max;
    }

    @Override
    public Column column() {
      return column;
    }

    public double[] edges() {
      return edges.clone();
    }

    /** The smallest training value. */
    public double min() {
      return min;
    }

    /** The largest training value. */
    public double max() {
      return max;
    }

    @Override
    public long[] counts() {
      return counts.clone();
    }

    @Override
    public int binOf(String value) {
      return bin(edges, number(column, value));
    }

    @Override
    public boolean seen(String value) {
      double v = number(column, value);
      return v >= min && v <= max;
    }

    @Override
    public String binName(int bin) {
      if (edges.length == 0) {
        return "all";
      }
      if (bin == 0) {
        return "< " + edges[0];
      }
      return bin == edges.length ? ">= " + edges[bin - 1] : "[" + edges[bin - 1] + ", " + edges[bin] + ")";
    }

    /** The number of edges at or below {@code v}: its bin. */
    static int bin(double[] edges, double v) {
      int at = Arrays.binarySearch(edges, v);
      return at >= 0 ? at + 1 : -at - 1;
    }

    /** A numeric feature's value; a text that is no number is a caller's error, named. */
    static double number(Column column, String value) {
      double v;
      try {
        v = value == null ? Double.NaN : Double.parseDouble(value);
      } catch (NumberFormatException e) {
        v = Double.NaN;
      }
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException(column.columnName() + ": '" + value + "' is not a finite number");
      }
      return v;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Numeric n && column == n.column && Arrays.equals(edges, n.edges)
          && Arrays.equals(counts, n.counts) && min == n.min && max == n.max;
    }

    @Override
    public int hashCode() {
      return Objects.hash(column, Arrays.hashCode(edges), Arrays.hashCode(counts), min, max);
    }

    @Override
    public String toString() {
      return column.columnName() + Arrays.toString(edges) + Arrays.toString(counts);
    }
  }
}
