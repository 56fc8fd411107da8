package dev.weblog.common.monitor;

import dev.weblog.common.Column;
import dev.weblog.common.LabelOrder;
import dev.weblog.common.Target;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds a {@link TrainingProfile} from training rows, in pieces: a Spark job adds each partition's rows to a
 * builder of its own and merges the builders ({@code mapPartitions} then {@code reduce}), so it is serializable and
 * merging is exact. Categories are counted exactly here; the cap applies once, in {@link #build}, so building in
 * pieces gives the very profile building in one go does. A categorical column holds at most its codec range of
 * distinct values (100,000 categories, 1,000 type codes), which bounds a builder's size.
 *
 * <p>Numeric features need their bin edges before the first row ({@link QuantileBins}): a first pass over the
 * training rows finds the quantiles, this one counts.
 */
public final class ProfileBuilder implements Serializable {

  /**
   * At most this many values of a categorical feature are kept one by one (the most frequent; ties go by
   * {@link LabelOrder}); the rest share one bin. A thousand keeps the profile small and every bin's share large
   * enough to compare, yet holds every type code and most category sets whole.
   */
  public static final int DEFAULT_CAP = 1000;

  private final Target target;
  private final List<Column> features;
  private final Map<Column, double[]> edges;
  private final int cap;
  private long rows;
  private final Map<String, Long> classes = new HashMap<>();
  private final Map<Column, Map<String, Long>> values = new EnumMap<>(Column.class);
  private final Map<Column, long[]> bins = new EnumMap<>(Column.class);
  private final Map<Column, double[]> ranges = new EnumMap<>(Column.class);

  /**
   * @param features the model's feature columns, in its order
   * @param edges the bin edges of each numeric ({@link Column.Kind#FLOAT}) feature; no others
   * @param cap the most values of a categorical feature kept one by one
   */
  public ProfileBuilder(Target target, List<Column> features, Map<Column, double[]> edges, int cap) {
    this.target = Objects.requireNonNull(target, "target");
    this.features = List.copyOf(features);
    if (this.features.isEmpty() || this.features.stream().distinct().count() != this.features.size()) {
      throw new IllegalArgumentException("features must be distinct and at least one, got " + features);
    }
    if (cap < 1) {
      throw new IllegalArgumentException("the cap of kept values must be at least 1, got " + cap);
    }
    this.cap = cap;
    this.edges = new EnumMap<>(Column.class);
    for (Column c : this.features) {
      if (numeric(c)) {
        double[] e = edges.get(c);
        if (e == null) {
          throw new IllegalArgumentException(c.columnName() + " is numeric: its bin edges are needed");
        }
        this.edges.put(c, QuantileBins.edges(e));
        bins.put(c, new long[this.edges.get(c).length + 1]);
        ranges.put(c, new double[] {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY});
      } else {
        values.put(c, new HashMap<>());
      }
    }
    for (Column c : edges.keySet()) {
      if (!numeric(c) || !this.features.contains(c)) {
        throw new IllegalArgumentException("bin edges given for " + c.columnName()
            + ", which is not a numeric feature of " + this.features.stream().map(Column::columnName).toList());
      }
    }
  }

  /** A builder with {@link #DEFAULT_CAP}. */
  public ProfileBuilder(Target target, List<Column> features, Map<Column, double[]> edges) {
    this(target, features, edges, DEFAULT_CAP);
  }

  /** Only {@link Column.Kind#FLOAT} columns are binned; codes are categories whatever their type. */
  static boolean numeric(Column column) {
    return column.kind() == Column.Kind.FLOAT;
  }

  /** One training row: its value of every feature as text, and its label (null when the row has none). */
  public ProfileBuilder add(Map<Column, String> row, String label) {
    return add(row, label, 1);
  }

  /** {@code weight} identical training rows at once (the counts of aggregated rows). */
  public ProfileBuilder add(Map<Column, String> row, String label, long weight) {
    if (weight < 1) {
      throw new IllegalArgumentException("a row's weight must be at least 1, got " + weight);
    }
    for (Column c : features) {
      String value = row.get(c);
      if (value == null) {
        throw new IllegalArgumentException("the row has no value for feature " + c.columnName());
      }
      if (numeric(c)) {
        double v = FeatureReference.Numeric.number(c, value);
        bins.get(c)[FeatureReference.Numeric.bin(edges.get(c), v)] += weight;
        double[] range = ranges.get(c);
        range[0] = Math.min(range[0], v);
        range[1] = Math.max(range[1], v);
      } else {
        values.get(c).merge(value, weight, Long::sum);
      }
    }
    rows += weight;
    if (label != null) {
      classes.merge(label, weight, Long::sum);
    }
    return this;
  }

  /** Adds {@code other}'s rows to this builder's; both must profile the same features with the same edges. */
  public ProfileBuilder merge(ProfileBuilder other) {
    if (target != other.target || !features.equals(other.features) || cap != other.cap
        || !features.stream().filter(ProfileBuilder::numeric)
            .allMatch(c -> Arrays.equals(edges.get(c), other.edges.get(c)))) {
      throw new IllegalArgumentException("cannot merge the profile of " + other.describe() + " into "
          + describe() + ": target, features, edges and cap must be the same");
    }
    rows += other.rows;
    other.classes.forEach((label, n) -> classes.merge(label, n, Long::sum));
    other.values.forEach((c, counts) -> counts.forEach((v, n) -> values.get(c).merge(v, n, Long::sum)));
    other.bins.forEach((c, counts) -> {
      long[] mine = bins.get(c);
      for (int k = 0; k < mine.length; k++) {
        mine[k] += counts[k];
      }
      double[] range = ranges.get(c);
      double[] theirs = other.ranges.get(c);
      range[0] = Math.min(range[0], theirs[0]);
      range[1] = Math.max(range[1], theirs[1]);
    });
    return this;
  }

  /** The profile of the rows added; the cap applies here. */
  public TrainingProfile build() {
    if (rows == 0) {
      throw new IllegalStateException("no training rows were added to the " + target.id() + " profile");
    }
    List<FeatureReference> references = new ArrayList<>();
    for (Column c : features) {
      if (numeric(c)) {
        double[] range = ranges.get(c);
        references.add(new FeatureReference.Numeric(c, edges.get(c), bins.get(c), range[0], range[1]));
      } else {
        references.add(capped(c, values.get(c)));
      }
    }
    return new TrainingProfile(target, rows, classes, references);
  }

  private FeatureReference.Categorical capped(Column column, Map<String, Long> counts) {
    List<Map.Entry<String, Long>> byCount = new ArrayList<>(counts.entrySet());
    byCount.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
        .thenComparing(Map.Entry.comparingByKey(LabelOrder.COMPARATOR)));
    Map<String, Long> kept = new LinkedHashMap<>();
    long other = 0;
    for (Map.Entry<String, Long> e : byCount) {
      if (kept.size() < cap) {
        kept.put(e.getKey(), e.getValue());
      } else {
        other += e.getValue();
      }
    }
    return new FeatureReference.Categorical(column, kept, other, cap);
  }

  private String describe() {
    return target.id() + " " + features.stream().map(Column::columnName).toList() + " (cap " + cap + ")";
  }
}
