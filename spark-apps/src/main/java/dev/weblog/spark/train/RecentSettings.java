package dev.weblog.spark.train;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What makes archived live lines recent, and how much they count: the window before the newest archived line
 * (as written, e.g. {@code 24h}, and as a span), an optional start (when drift began), the share of the training
 * weight the recent lines carry together, and the share of their labelled lines, the newest, held back.
 */
record RecentSettings(String window, Duration span, Optional<Instant> since, double share, double holdout) {

  RecentSettings {
    if (!(share > 0 && share < 1)) {
      throw new IllegalArgumentException("recent share must be strictly between 0 and 1, got " + share);
    }
    if (!(holdout >= 0 && holdout < 1)) {
      throw new IllegalArgumentException("recent holdout must be within 0..1 (1 excluded), got " + holdout);
    }
  }

  /** The first instant that is recent when the newest archived line was processed at {@code newest}. */
  Instant from(Instant newest) {
    Instant windowStart = newest.minus(span);
    return since.filter(s -> s.isAfter(windowStart)).orElse(windowStart);
  }
}
