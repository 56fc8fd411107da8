package dev.weblog.spark.stream;

import dev.weblog.common.Column;
import dev.weblog.common.Target;
import dev.weblog.common.monitor.BatchCounts;
import dev.weblog.common.monitor.FeatureReference;
import dev.weblog.common.monitor.TrainingProfile;
import java.io.Serializable;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one task's valid lines showed drift monitoring, counted as the task writes them: for each monitored target,
 * lines per bin of every feature of its model's {@link TrainingProfile}, lines whose value training never saw (and
 * a few of those values), the predicted classes, and the labelled lines and how many the model got right. Tasks'
 * tallies are merged on the driver and become {@link BatchCounts}, so the figures are exactly those
 * {@link BatchCounts#add} would make from the values as text, without a Map or a String per line: each value is
 * binned as it is typed in the decoded line (an Integer code, a String, a Double coordinate) through lookups the
 * {@link Plan} made once from the profile.
 */
final class MonitorTally implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final Target[] ALL_TARGETS = Target.values();

  private final Plan plan;
  private long lines;
  /** [target][feature][bin]; null for a target not monitored. */
  private final long[][][] bins;
  private final long[][] unseen;
  /** Made on the first unseen value of a feature only. */
  private final Map<String, Long>[][] unseenValues;
  private final LabelCounts[] predicted;
  private final long[] labelled;
  private final long[] correct;

  @SuppressWarnings("unchecked")
  MonitorTally(Plan plan) {
    this.plan = plan;
    int targets = ALL_TARGETS.length;
    bins = new long[targets][][];
    unseen = new long[targets][];
    unseenValues = new Map[targets][];
    predicted = new LabelCounts[targets];
    labelled = new long[targets];
    correct = new long[targets];
    for (int t = 0; t < targets; t++) {
      FeatureBins[] features = plan.features[t];
      if (features == null) {
        continue;
      }
      bins[t] = new long[features.length][];
      for (int f = 0; f < features.length; f++) {
        bins[t][f] = new long[features[f].bins];
      }
      unseen[t] = new long[features.length];
      unseenValues[t] = new Map[features.length];
      predicted[t] = new LabelCounts();
    }
  }

  /** A valid line, decoded as {@link StreamDecoder#SCHEMA}, whose predictions are at {@code predictedAt + ordinal}. */
  void valid(Object[] values, int predictedAt) {
    lines++;
    for (int t = 0; t < ALL_TARGETS.length; t++) {
      FeatureBins[] features = plan.features[t];
      if (features == null) {
        continue;
      }
      long[][] counts = bins[t];
      for (int f = 0; f < features.length; f++) {
        Object value = values[features[f].at];
        int bin = features[f].bin(value);
        if (bin >= 0) {
          counts[f][bin]++;
        } else {
          counts[f][~bin]++;
          unseen(t, f, value);
        }
      }
      String label = (String) values[predictedAt + t];
      predicted[t].add(label, 1);
      Object observed = values[plan.labelAt[t]];
      if (observed != null) {
        labelled[t]++;
        if (observed.equals(label)) {
          correct[t]++;
        }
      }
    }
  }

  private void unseen(int t, int f, Object value) {
    unseen[t][f]++;
    Map<String, Long> named = unseenValues[t][f];
    if (named == null) {
      named = new HashMap<>();
      unseenValues[t][f] = named;
    }
    BatchCounts.remember(named, String.valueOf(value), 1);
  }

  /** Adds another task's tally, made with the same plan. */
  void add(MonitorTally other) {
    lines += other.lines;
    for (int t = 0; t < ALL_TARGETS.length; t++) {
      if (bins[t] == null) {
        continue;
      }
      for (int f = 0; f < bins[t].length; f++) {
        for (int b = 0; b < bins[t][f].length; b++) {
          bins[t][f][b] += other.bins[t][f][b];
        }
        unseen[t][f] += other.unseen[t][f];
        Map<String, Long> theirs = other.unseenValues[t][f];
        if (theirs != null) {
          if (unseenValues[t][f] == null) {
            unseenValues[t][f] = new HashMap<>();
          }
          Map<String, Long> mine = unseenValues[t][f];
          theirs.forEach((v, n) -> BatchCounts.remember(mine, v, n));
        }
      }
      predicted[t].addAll(other.predicted[t]);
      labelled[t] += other.labelled[t];
      correct[t] += other.correct[t];
    }
  }

  /** The counts of a monitored target, as {@link dev.weblog.common.monitor.BatchMonitor} reads them. */
  BatchCounts counts(Target target) {
    int t = target.ordinal();
    TrainingProfile profile = plan.profiles[t];
    if (profile == null) {
      throw new IllegalArgumentException(target.id() + " is not monitored: its model version has no profile");
    }
    Map<Column, long[]> byFeature = new EnumMap<>(Column.class);
    Map<Column, Long> unseenByFeature = new EnumMap<>(Column.class);
    Map<Column, Map<String, Long>> named = new EnumMap<>(Column.class);
    FeatureBins[] features = plan.features[t];
    for (int f = 0; f < features.length; f++) {
      Column c = features[f].column;
      byFeature.put(c, bins[t][f]);
      unseenByFeature.put(c, unseen[t][f]);
      named.put(c, unseenValues[t][f] == null ? Map.of() : new LinkedHashMap<>(unseenValues[t][f]));
    }
    return BatchCounts.of(profile, lines, labelled[t], correct[t], predicted[t].toMap(), byFeature,
        unseenByFeature, named);
  }

  /**
   * What tasks need to bin typed values for each monitored target: made once per set of model versions on the
   * driver and broadcast with them, so no task parses a profile.
   */
  static final class Plan implements Serializable {
    private static final long serialVersionUID = 1L;

    /** By target ordinal; null for a target not monitored (its version has no profile). */
    private final TrainingProfile[] profiles = new TrainingProfile[ALL_TARGETS.length];
    private final FeatureBins[][] features = new FeatureBins[ALL_TARGETS.length][];
    private final int[] labelAt = new int[ALL_TARGETS.length];

    /** @param profiles the training profile of each monitored target's serving version */
    Plan(Map<Target, TrainingProfile> profiles) {
      for (Target target : ALL_TARGETS) {
        int t = target.ordinal();
        labelAt[t] = target.column().ordinal();
        TrainingProfile profile = profiles.get(target);
        if (profile == null) {
          continue;
        }
        if (profile.target() != target) {
          throw new IllegalArgumentException("the " + profile.target().id() + " profile given for " + target.id());
        }
        this.profiles[t] = profile;
        List<FeatureReference> references = profile.features();
        features[t] = new FeatureBins[references.size()];
        for (int f = 0; f < references.size(); f++) {
          features[t][f] = FeatureBins.of(references.get(f));
        }
      }
    }

    boolean monitors(Target target) {
      return profiles[target.ordinal()] != null;
    }

    /** Whether any target is monitored: without one, tasks count nothing. */
    boolean any() {
      return Arrays.stream(profiles).anyMatch(p -> p != null);
    }

    TrainingProfile profile(Target target) {
      return profiles[target.ordinal()];
    }
  }

  /**
   * One feature's typed value to its bin, as {@link FeatureReference#binOf} and {@link FeatureReference#seen} judge
   * its text ({@code String.valueOf}, as training counted): {@link #bin} gives the bin, or its complement
   * ({@code ~bin}) when training did not see the value.
   */
  static final class FeatureBins implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Stands for a null value in the lookup, whose text is "null" as training counted it. */
    private static final String NULL = "null";

    final Column column;
    /** Where the column's value is in a decoded line. */
    final int at;
    final int bins;
    /** Categorical: typed value to bin; a value not in it falls in the last bin, unseen. Null when numeric. */
    private final HashMap<Object, Integer> index;
    /** For a column neither INT nor STRING: looked up by its text, as training wrote it. */
    private final boolean byText;
    private final double[] edges;
    private final double min;
    private final double max;

    private FeatureBins(Column column, HashMap<Object, Integer> index, boolean byText, double[] edges, double min,
        double max, int bins) {
      this.column = column;
      this.at = column.ordinal();
      this.index = index;
      this.byText = byText;
      this.edges = edges;
      this.min = min;
      this.max = max;
      this.bins = bins;
    }

    static FeatureBins of(FeatureReference reference) {
      Column column = reference.column();
      int bins = reference.counts().length;
      if (reference instanceof FeatureReference.Numeric n) {
        return new FeatureBins(column, null, false, n.edges(), n.min(), n.max(), bins);
      }
      List<String> values = ((FeatureReference.Categorical) reference).values();
      boolean byText = column.kind() != Column.Kind.INT && column.kind() != Column.Kind.STRING;
      HashMap<Object, Integer> index = new HashMap<>(values.size() * 2);
      for (int k = 0; k < values.size(); k++) {
        Object key = key(column, values.get(k), byText);
        if (key != null) {
          index.put(key, k);
        }
      }
      return new FeatureBins(column, index, byText, null, 0, 0, bins);
    }

    /** The typed value training's text stands for; null when no typed value has that text (never matched). */
    private static Object key(Column column, String text, boolean byText) {
      if (byText || column.kind() == Column.Kind.STRING) {
        return text;
      }
      try {
        Integer code = Integer.valueOf(text);
        return code.toString().equals(text) ? code : null;
      } catch (NumberFormatException e) {
        return NULL.equals(text) ? NULL : null;
      }
    }

    int bin(Object value) {
      if (index == null) {
        if (!(value instanceof Double d) || !Double.isFinite(d)) {
          throw new IllegalArgumentException(column.columnName() + ": '" + value + "' is not a finite number");
        }
        double v = d;
        int at = Arrays.binarySearch(edges, v);
        int bin = at >= 0 ? at + 1 : -at - 1;
        return v >= min && v <= max ? bin : ~bin;
      }
      Integer bin = index.get(value == null ? NULL : byText ? String.valueOf(value) : value);
      return bin != null ? bin : ~(bins - 1);
    }
  }
}
