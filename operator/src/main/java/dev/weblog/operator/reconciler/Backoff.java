package dev.weblog.operator.reconciler;

import dev.weblog.operator.api.RetrySpec;
import java.time.Duration;

/** Exponential pause before attempt n+1 after n failures: initial, 2x, 4x ... capped at the maximum. */
public final class Backoff {

  private Backoff() {}

  public static Duration after(int failures, RetrySpec retries) {
    long initial = retries.getInitialBackoffSeconds();
    long max = Math.max(initial, retries.getMaxBackoffSeconds());
    int doublings = Math.min(Math.max(failures - 1, 0), 30);
    long seconds = Math.min(max, initial << doublings);
    return Duration.ofSeconds(seconds < 0 ? max : seconds);
  }
}
