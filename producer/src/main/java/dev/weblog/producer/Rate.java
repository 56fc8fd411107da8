package dev.weblog.producer;

import java.time.Duration;
import java.util.Locale;

/**
 * A replay rate: at most {@code lines} lines in each {@code period}, or unlimited. Written as lines per second
 * ({@code 1}, {@code 2.5}, {@code 0} = as fast as possible) or as a burst ({@code 5/5s}: five lines at once
 * every five seconds, as the original producer did).
 */
public record Rate(long lines, long periodNanos) {

  public static final Rate UNLIMITED = new Rate(0, 0);

  public Rate {
    if (lines < 0 || periodNanos < 0 || (lines == 0) != (periodNanos == 0)) {
      throw new IllegalArgumentException("a rate needs a positive line count and period, or both 0 (unlimited)");
    }
  }

  public static Rate perSecond(double linesPerSecond) {
    if (!(linesPerSecond >= 0) || Double.isInfinite(linesPerSecond)) {
      throw new IllegalArgumentException("lines per second must be a number >= 0, not " + linesPerSecond);
    }
    if (linesPerSecond == 0) {
      return UNLIMITED;
    }
    return new Rate(1, Math.max(1, Math.round(1e9 / linesPerSecond)));
  }

  public static Rate burst(long lines, Duration period) {
    if (lines <= 0 || period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("a burst needs a positive line count and period, not " + lines + "/" + period);
    }
    return new Rate(lines, period.toNanos());
  }

  /** Parses {@code 0}, {@code 2.5} (lines per second) or {@code N/PERIOD} such as {@code 5/5s}, {@code 100/s}. */
  public static Rate parse(String text) {
    String t = text.strip();
    int slash = t.indexOf('/');
    try {
      if (slash < 0) {
        return perSecond(Double.parseDouble(t));
      }
      long lines = Long.parseLong(t.substring(0, slash).strip());
      String period = t.substring(slash + 1).strip();
      if (period.isEmpty()) {
        throw new IllegalArgumentException("no period after the slash");
      }
      // "100/s" reads as "100/1s".
      return burst(lines, DurationText.parse(Character.isDigit(period.charAt(0)) ? period : "1" + period));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid rate '" + text + "': use lines per second (0 = as fast as"
          + " possible, 1, 2.5) or lines per period (5/5s, 100/s, 10/500ms)");
    }
  }

  public boolean unlimited() {
    return lines == 0;
  }

  public double linesPerSecond() {
    return unlimited() ? Double.POSITIVE_INFINITY : lines * 1e9 / periodNanos;
  }

  @Override
  public String toString() {
    if (unlimited()) {
      return "unlimited";
    }
    if (lines == 1) {
      return String.format(Locale.ROOT, "%s lines/s", DurationText.number(linesPerSecond()));
    }
    return lines + " lines every " + DurationText.format(Duration.ofNanos(periodNanos));
  }
}
