package dev.weblog.producer;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Durations as people type them on a command line: {@code 15s}, {@code 500ms}, {@code 2m}, {@code 15}. */
final class DurationText {

  private DurationText() {}

  static Duration parse(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    try {
      if (t.startsWith("pt")) {
        return Duration.parse(t);
      }
      if (t.endsWith("ms")) {
        return Duration.ofNanos(Math.round(Double.parseDouble(t.substring(0, t.length() - 2)) * 1e6));
      }
      double scale = switch (t.isEmpty() ? ' ' : t.charAt(t.length() - 1)) {
        case 's' -> 1;
        case 'm' -> 60;
        case 'h' -> 3600;
        default -> 0;
      };
      String number = scale == 0 ? t : t.substring(0, t.length() - 1);
      double seconds = Double.parseDouble(number) * (scale == 0 ? 1 : scale);
      if (!(seconds >= 0) || Double.isInfinite(seconds)) {
        throw new NumberFormatException();
      }
      return Duration.ofNanos(Math.round(seconds * 1e9));
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new IllegalArgumentException("invalid duration '" + text + "': use e.g. 15s, 500ms, 2m or 15 (seconds)");
    }
  }

  static String format(Duration d) {
    return number(d.toNanos() / 1e9) + " s";
  }

  static String number(double value) {
    return new BigDecimal(value).round(new MathContext(4)).stripTrailingZeros().toPlainString();
  }
}
