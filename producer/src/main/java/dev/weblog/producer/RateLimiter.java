package dev.weblog.producer;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Paces the replay to a {@link Rate}: lines are granted in windows of {@code rate.lines()} every
 * {@code rate.periodNanos()}. Windows follow a fixed schedule, so sleeping too long is made up by the next
 * grants; after a stall longer than {@link #MAX_CATCH_UP_NANOS} the schedule restarts instead of bursting.
 */
public final class RateLimiter {

  /** The most lateness that is made up with faster sends. */
  static final long MAX_CATCH_UP_NANOS = TimeUnit.SECONDS.toNanos(1);
  /** Waits are cut into slices this long so a cancellation is seen quickly even at 1 line a minute. */
  static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  /** Time as the limiter sees it; tests pass one whose sleep only moves the time forward. */
  public interface Clock {
    long nanoTime();

    void sleepNanos(long nanos) throws InterruptedException;

    static Clock system() {
      return new Clock() {
        @Override
        public long nanoTime() {
          return System.nanoTime();
        }

        @Override
        public void sleepNanos(long nanos) throws InterruptedException {
          TimeUnit.NANOSECONDS.sleep(nanos);
        }
      };
    }
  }

  private final Rate rate;
  private final Clock clock;
  private boolean started;
  private long windowStart;
  private long grantedInWindow;

  public RateLimiter(Rate rate, Clock clock) {
    this.rate = rate;
    this.clock = clock;
  }

  public RateLimiter(Rate rate) {
    this(rate, Clock.system());
  }

  /**
   * Waits until one more line may be sent. Returns false, without granting, when {@code stop} turns true
   * during the wait.
   */
  public boolean acquire(BooleanSupplier stop) throws InterruptedException {
    if (rate.unlimited()) {
      return true;
    }
    long now = clock.nanoTime();
    if (!started) {
      started = true;
      windowStart = now;
    }
    if (grantedInWindow < rate.lines()) {
      grantedInWindow++;
      return true;
    }
    long next = windowStart + rate.periodNanos();
    while (now - next < 0) {
      if (stop.getAsBoolean()) {
        return false;
      }
      clock.sleepNanos(Math.min(next - now, SLICE_NANOS));
      now = clock.nanoTime();
    }
    windowStart = now - next > Math.max(MAX_CATCH_UP_NANOS, rate.periodNanos()) ? now : next;
    grantedInWindow = 1;
    return true;
  }
}
