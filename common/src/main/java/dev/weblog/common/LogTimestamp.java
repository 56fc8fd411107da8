package dev.weblog.common;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;

/**
 * The logs' timestamp, {@code yyyy-MM-dd HH:mm:ss} with strict validation (no 30 February, no hour 24). Parsing is
 * the codec's costliest step per line through {@link DateTimeFormatter}, so the common shape — four-digit year,
 * ASCII digits and separators where the pattern has them — is read by hand and checked by
 * {@link LocalDateTime#of}; anything else goes to the formatter, which decides exactly as before
 * (LogTimestampTest compares the two).
 */
final class LogTimestamp {

  private static final DateTimeFormatter STRICT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").withResolverStyle(ResolverStyle.STRICT);
  private static final int LENGTH = "yyyy-MM-dd HH:mm:ss".length();

  private LogTimestamp() {}

  /** The time, or null when {@code text} is not a valid one. */
  static LocalDateTime parse(String text) {
    if (text.length() == LENGTH && text.charAt(4) == '-' && text.charAt(7) == '-' && text.charAt(10) == ' '
        && text.charAt(13) == ':' && text.charAt(16) == ':') {
      int year = digits(text, 0, 4);
      int month = digits(text, 5, 2);
      int day = digits(text, 8, 2);
      int hour = digits(text, 11, 2);
      int minute = digits(text, 14, 2);
      int second = digits(text, 17, 2);
      if ((year | month | day | hour | minute | second) >= 0) {
        try {
          return LocalDateTime.of(year, month, day, hour, minute, second);
        } catch (DateTimeException e) {
          return null;
        }
      }
    }
    return formatter(text);
  }

  /** What the formatter alone makes of {@code text}: the reference the fast path must agree with. */
  static LocalDateTime formatter(String text) {
    try {
      return LocalDateTime.parse(text, STRICT);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** The number written by {@code count} ASCII digits from {@code from}, -1 if any is not one. */
  private static int digits(String text, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }
}
