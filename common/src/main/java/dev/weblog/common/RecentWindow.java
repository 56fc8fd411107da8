package dev.weblog.common;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How far back retraining's "recent" live lines reach, as a person writes it in a spec or on a command line:
 * a whole number and a unit, {@code 90s}, {@code 30m}, {@code 24h}, {@code 7d}. One parser for the operator's
 * validation and TrainJob's option.
 */
public final class RecentWindow {

  /** The form, for a CRD pattern and messages. */
  public static final String PATTERN = "^[1-9][0-9]{0,8}[smhd]$";
  private static final Pattern FORM = Pattern.compile(PATTERN);

  private RecentWindow() {}

  /** The span {@code text} names; anything else is an {@link IllegalArgumentException} naming the form. */
  public static Duration parse(String text) {
    Matcher m = text == null ? null : FORM.matcher(text.trim());
    if (m == null || !m.matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a window: write a whole number and a unit, s m h or d "
          + "(e.g. 30m, 24h, 7d)");
    }
    String t = text.trim();
    long n = Long.parseLong(t.substring(0, t.length() - 1));
    return switch (t.charAt(t.length() - 1)) {
      case 's' -> Duration.ofSeconds(n);
      case 'm' -> Duration.ofMinutes(n);
      case 'h' -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }
}
