package dev.weblog.common.generator;

import java.time.LocalDate;

/**
 * What to generate. The population of devices depends on the seed and the history size only, so asking for
 * more live rows never changes the history file.
 */
public record GeneratorConfig(
    long historyRows,
    long liveRows,
    long seed,
    double unlabeledShare,
    LocalDate historyStart,
    int historyDays,
    LocalDate liveStart,
    int liveDays) {

  public static final long DEFAULT_HISTORY_ROWS = 200_000;
  public static final long DEFAULT_LIVE_ROWS = 10_000;
  public static final long DEFAULT_SEED = 42;
  public static final double DEFAULT_UNLABELED_SHARE = 0.2;

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
  }

  /** April 2019 as history and May 2019 as live traffic, like the original's {@code logs_201905}. */
  public static GeneratorConfig defaults() {
    return new GeneratorConfig(DEFAULT_HISTORY_ROWS, DEFAULT_LIVE_ROWS, DEFAULT_SEED, DEFAULT_UNLABELED_SHARE,
        LocalDate.of(2019, 4, 1), 30, LocalDate.of(2019, 5, 1), 31);
  }

  public GeneratorConfig withHistoryRows(long rows) {
    return new GeneratorConfig(rows, liveRows, seed, unlabeledShare, historyStart, historyDays, liveStart,
        liveDays);
  }

  public GeneratorConfig withLiveRows(long rows) {
    return new GeneratorConfig(historyRows, rows, seed, unlabeledShare, historyStart, historyDays, liveStart,
        liveDays);
  }

  public GeneratorConfig withSeed(long newSeed) {
    return new GeneratorConfig(historyRows, liveRows, newSeed, unlabeledShare, historyStart, historyDays,
        liveStart, liveDays);
  }

  public GeneratorConfig withUnlabeledShare(double share) {
    return new GeneratorConfig(historyRows, liveRows, seed, share, historyStart, historyDays, liveStart,
        liveDays);
  }

  /** About 20 visits per device on average, within sane bounds. */
  public int deviceCount() {
    return (int) Math.max(500, Math.min(2_000_000, historyRows / 20));
  }
}
