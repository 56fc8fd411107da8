package dev.weblog.common.monitor;

import dev.weblog.common.Column;
import java.io.Serializable;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What one micro-batch showed one target's model, counted against that model's {@link TrainingProfile}: lines per
 * bin of each feature, lines whose value training never saw (with a few of those values, to name them), the
 * predicted classes, and the labelled lines and how many the model got right. Mergeable and serializable like
 * {@link ProfileBuilder}, so a batch can be counted per partition, or as {@code (features, predicted, actual)}
 * groups with their counts.
 */
public final class BatchCounts implements Serializable {

  /** The most unseen values of a feature remembered by name; more are still counted, only not named. */
  static final int UNSEEN_EXAMPLES = 20;

  private final TrainingProfile profile;
  private long lines;
  private long labelled;
  private long correct;
  private final Map<String, Long> predicted = new HashMap<>();
  private final Map<Column, long[]> bins = new EnumMap<>(Column.class);
  private final Map<Column, Long> unseen = new EnumMap<>(Column.class);
  private final Map<Column, Map<String, Long>> unseenValues = new EnumMap<>(Column.class);

  public BatchCounts(TrainingProfile profile) {
    this.profile = Objects.requireNonNull(profile, "profile");
    for (FeatureReference f : profile.features()) {
      bins.put(f.column(), new long[f.counts().length]);
      unseen.put(f.column(), 0L);
      unseenValues.put(f.column(), new HashMap<>());
    }
  }

  /**
   * Counts made elsewhere, by a counter that bins typed values itself (the stream's per-record tally): the same
   * figures {@link #add} would have made, one array of bin counts per feature in the profile's bins.
   *
   * @param bins lines per bin, per feature of the profile
   * @param unseen lines with a value training did not see, per feature
   * @param unseenValues some of those values with their lines, per feature; only the first
   *     {@value #UNSEEN_EXAMPLES} (in the map's order) are kept
   */
  public static BatchCounts of(TrainingProfile profile, long lines, long labelled, long correct,
      Map<String, Long> predicted, Map<Column, long[]> bins, Map<Column, Long> unseen,
      Map<Column, Map<String, Long>> unseenValues) {
    if (lines < 0 || labelled < 0 || correct < 0 || labelled > lines || correct > labelled) {
      throw new IllegalArgumentException("counts must satisfy 0 <= correct <= labelled <= lines, got " + correct
          + ", " + labelled + ", " + lines);
    }
    BatchCounts counts = new BatchCounts(profile);
    counts.lines = lines;
    counts.labelled = labelled;
    counts.correct = correct;
    predicted.forEach((label, n) -> counts.predicted.merge(Objects.requireNonNull(label, "label"), n, Long::sum));
    for (FeatureReference f : profile.features()) {
      long[] given = bins.get(f.column());
      if (given == null || given.length != f.counts().length) {
        throw new IllegalArgumentException(f.column().columnName() + ": " + f.counts().length + " bins expected, got "
            + (given == null ? "none" : given.length));
      }
      System.arraycopy(given, 0, counts.bins.get(f.column()), 0, given.length);
      counts.unseen.put(f.column(), unseen.getOrDefault(f.column(), 0L));
      unseenValues.getOrDefault(f.column(), Map.of())
          .forEach((v, n) -> remember(counts.unseenValues.get(f.column()), v, n));
    }
    return counts;
  }

  /** One scored line: its feature values as text, the predicted label and the true one (null: unlabelled). */
  public BatchCounts add(Map<Column, String> row, String predictedLabel, String actualLabel) {
    return add(row, predictedLabel, actualLabel, 1);
  }

  /** {@code count} lines alike. */
  public BatchCounts add(Map<Column, String> row, String predictedLabel, String actualLabel, long count) {
    Objects.requireNonNull(predictedLabel, "predictedLabel");
    if (count < 1) {
      throw new IllegalArgumentException("a count of lines must be at least 1, got " + count);
    }
    for (FeatureReference f : profile.features()) {
      String value = row.get(f.column());
      if (value == null) {
        throw new IllegalArgumentException("the line has no value for feature " + f.column().columnName());
      }
      bins.get(f.column())[f.binOf(value)] += count;
      if (!f.seen(value)) {
        unseen.merge(f.column(), count, Long::sum);
        remember(unseenValues.get(f.column()), value, count);
      }
    }
    lines += count;
    predicted.merge(predictedLabel, count, Long::sum);
    if (actualLabel != null) {
      labelled += count;
      if (actualLabel.equals(predictedLabel)) {
        correct += count;
      }
    }
    return this;
  }

  /** Adds {@code other}'s lines; both must count against the same profile. */
  public BatchCounts merge(BatchCounts other) {
    if (!profile.equals(other.profile)) {
      throw new IllegalArgumentException("cannot merge batch counts made against different training profiles");
    }
    lines += other.lines;
    labelled += other.labelled;
    correct += other.correct;
    other.predicted.forEach((label, n) -> predicted.merge(label, n, Long::sum));
    other.bins.forEach((c, counts) -> {
      long[] mine = bins.get(c);
      for (int k = 0; k < mine.length; k++) {
        mine[k] += counts[k];
      }
    });
    other.unseen.forEach((c, n) -> unseen.merge(c, n, Long::sum));
    other.unseenValues.forEach((c, values) -> values.forEach((v, n) -> remember(unseenValues.get(c), v, n)));
    return this;
  }

  /**
   * Counts {@code count} more lines of an unseen value in {@code values}, its examples by name: a value already
   * named, or a new one while fewer than {@value #UNSEEN_EXAMPLES} are. Shared with the stream's per-task tally.
   */
  public static void remember(Map<String, Long> values, String value, long count) {
    if (values.containsKey(value) || values.size() < UNSEEN_EXAMPLES) {
      values.merge(value, count, Long::sum);
    }
  }

  public TrainingProfile profile() {
    return profile;
  }

  public long lines() {
    return lines;
  }

  public long labelled() {
    return labelled;
  }

  public long correct() {
    return correct;
  }

  /** Lines per predicted label. */
  public Map<String, Long> predicted() {
    return Map.copyOf(predicted);
  }

  /** Lines per bin of a feature, in the bins of its {@link FeatureReference}. */
  public long[] bins(Column feature) {
    profile.feature(feature);
    return bins.get(feature).clone();
  }

  /** Lines whose value of the feature training did not see (see {@link FeatureReference#seen}). */
  public long unseen(Column feature) {
    profile.feature(feature);
    return unseen.get(feature);
  }

  /** Some unseen values of the feature, with their lines (at most {@value #UNSEEN_EXAMPLES}). */
  public Map<String, Long> unseenValues(Column feature) {
    profile.feature(feature);
    return Map.copyOf(unseenValues.get(feature));
  }
}
