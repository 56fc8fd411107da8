package dev.weblog.common.generator;

import dev.weblog.common.WebLogCsvCodec;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * What to generate. The population of devices depends on the seed, the history size and the number of age
 * buckets only, so asking for more live rows never changes the history file, and renaming labels changes the
 * label fields only.
 *
 * @param ageBuckets the age-group labels, youngest first; the behaviour model is spread over as many as given
 * @param genderLabels the two gender labels, in the order of the behaviour model's two genders
 * @param drift the shift of the live lines, or null for none; it never changes the history
 */
public record GeneratorConfig(
    long historyRows,
    long liveRows,
    long seed,
    double unlabeledShare,
    LocalDate historyStart,
    int historyDays,
    LocalDate liveStart,
    int liveDays,
    List<String> ageBuckets,
    List<String> genderLabels,
    Drift drift) {

  public static final long DEFAULT_HISTORY_ROWS = 200_000;
  public static final long DEFAULT_LIVE_ROWS = 10_000;
  public static final long DEFAULT_SEED = 42;
  public static final double DEFAULT_UNLABELED_SHARE = 0.2;
  /** The original data set's age groups, comma-separated as command lines take them. */
  public static final String DEFAULT_AGE_BUCKETS_TEXT = "under 18,18-25,26-35,36-50,over 50";
  /** The original data set's genders, comma-separated. */
  public static final String DEFAULT_GENDER_LABELS_TEXT = "0,1";
  public static final List<String> DEFAULT_AGE_BUCKETS = List.of(DEFAULT_AGE_BUCKETS_TEXT.split(","));
  public static final List<String> DEFAULT_GENDER_LABELS = List.of(DEFAULT_GENDER_LABELS_TEXT.split(","));

  public GeneratorConfig {
    if (historyRows < 0 || liveRows < 0) {
      throw new IllegalArgumentException("row counts must be >= 0, got history " + historyRows
          + ", live " + liveRows);
    }
    if (!(unlabeledShare >= 0 && unlabeledShare < 1)) {
      throw new IllegalArgumentException("unlabeled share must be in [0, 1), got " + unlabeledShare);
    }
    if (historyDays < 1 || liveDays < 1) {
      throw new IllegalArgumentException("days must be >= 1");
    }
    ageBuckets = labels("age buckets", ageBuckets, 2, BehaviourModel.MAX_AGE_BUCKETS);
    genderLabels = labels("gender labels", genderLabels, 2, 2);
    if (drift != null && drift.atLine() > liveRows) {
      throw new IllegalArgumentException("drift at live row " + drift.atLine() + ", but there are only " + liveRows
          + " live rows");
    }
  }

  /** April 2019 as history and May 2019 as live traffic, like the original's {@code logs_201905}. */
  public static GeneratorConfig defaults() {
    return new GeneratorConfig(DEFAULT_HISTORY_ROWS, DEFAULT_LIVE_ROWS, DEFAULT_SEED, DEFAULT_UNLABELED_SHARE,
        LocalDate.of(2019, 4, 1), 30, LocalDate.of(2019, 5, 1), 31, DEFAULT_AGE_BUCKETS, DEFAULT_GENDER_LABELS, null);
  }

  public GeneratorConfig withHistoryRows(long rows) {
    return new GeneratorConfig(rows, liveRows, seed, unlabeledShare, historyStart, historyDays, liveStart,
        liveDays, ageBuckets, genderLabels, drift);
  }

  public GeneratorConfig withLiveRows(long rows) {
    return new GeneratorConfig(historyRows, rows, seed, unlabeledShare, historyStart, historyDays, liveStart,
        liveDays, ageBuckets, genderLabels, drift);
  }

  public GeneratorConfig withSeed(long newSeed) {
    return new GeneratorConfig(historyRows, liveRows, newSeed, unlabeledShare, historyStart, historyDays,
        liveStart, liveDays, ageBuckets, genderLabels, drift);
  }

  public GeneratorConfig withUnlabeledShare(double share) {
    return new GeneratorConfig(historyRows, liveRows, seed, share, historyStart, historyDays, liveStart,
        liveDays, ageBuckets, genderLabels, drift);
  }

  public GeneratorConfig withAgeBuckets(List<String> buckets) {
    return new GeneratorConfig(historyRows, liveRows, seed, unlabeledShare, historyStart, historyDays, liveStart,
        liveDays, buckets, genderLabels, drift);
  }

  public GeneratorConfig withGenderLabels(List<String> labels) {
    return new GeneratorConfig(historyRows, liveRows, seed, unlabeledShare, historyStart, historyDays, liveStart,
        liveDays, ageBuckets, labels, drift);
  }

  /** The live lines from {@code shift.atLine()} on come from a shifted world; null for none. */
  public GeneratorConfig withDrift(Drift shift) {
    return new GeneratorConfig(historyRows, liveRows, seed, unlabeledShare, historyStart, historyDays, liveStart,
        liveDays, ageBuckets, genderLabels, shift);
  }

  /** About 20 visits per device on average, within sane bounds. */
  public int deviceCount() {
    return (int) Math.max(500, Math.min(2_000_000, historyRows / 20));
  }

  /** Distinct labels the codec accepts, as many as the behaviour model can spread its preferences over. */
  private static List<String> labels(String what, List<String> labels, int min, int max) {
    if (labels == null || labels.size() < min || labels.size() > max) {
      throw new IllegalArgumentException(what + ": " + (min == max ? "exactly " + min : min + " to " + max)
          + " labels are needed, got " + (labels == null ? "none" : labels.size() + " " + labels));
    }
    if (new HashSet<>(labels).size() != labels.size()) {
      throw new IllegalArgumentException(what + ": each label once, got " + labels);
    }
    for (String label : labels) {
      if (label == null || label.isBlank() || !label.equals(label.strip())) {
        throw new IllegalArgumentException(what + ": '" + label + "' is empty or has blanks around it");
      }
      Optional<String> problem = WebLogCsvCodec.labelProblem(label);
      if (problem.isPresent()) {
        throw new IllegalArgumentException(what + ": " + problem.get());
      }
    }
    return List.copyOf(labels);
  }
}
