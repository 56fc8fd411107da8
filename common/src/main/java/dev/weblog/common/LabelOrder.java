package dev.weblog.common;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The order in which a person reads a model's classes: labels that hold a number (age buckets, {@code 0}/{@code 1})
 * by their first number, a bound below it ({@code under 18}, {@code <20}) just before it and a bound above it
 * ({@code over 50}, {@code 45+}, {@code >60}) just after; labels without a number after those, alphabetically.
 * So {@code under 18 < 18-25 < 26-35 < over 50} whatever the bounds are.
 */
public final class LabelOrder {

  /** Ties on the number and the side are broken alphabetically, so the order is total and stable. */
  public static final Comparator<String> COMPARATOR = Comparator.comparing(LabelOrder::key)
      .thenComparing(Comparator.naturalOrder());

  private static final Pattern FIRST_NUMBER = Pattern.compile("\\d+(?:\\.\\d+)?");
  private static final List<String> BEFORE_PREFIXES = List.of("under", "below", "<", "less than", "younger than",
      "up to");
  private static final List<String> AFTER_PREFIXES = List.of("over", "above", ">", "more than", "older than");
  private static final List<String> AFTER_SUFFIXES = List.of("+", "and over", "or over", "and up", "and above",
      "or more", "or older");

  private LabelOrder() {}

  /** The labels, sorted; duplicates kept. */
  public static List<String> sorted(Collection<String> labels) {
    return labels.stream().sorted(COMPARATOR).toList();
  }

  /** Where a label sits: numbered labels first, by number, then side of the number (-1 before, +1 after). */
  private static Key key(String label) {
    Matcher number = FIRST_NUMBER.matcher(label);
    if (!number.find()) {
      return Key.UNNUMBERED;
    }
    String text = label.strip().toLowerCase(Locale.ROOT);
    int side = BEFORE_PREFIXES.stream().anyMatch(text::startsWith) ? -1
        : AFTER_PREFIXES.stream().anyMatch(text::startsWith) || AFTER_SUFFIXES.stream().anyMatch(text::endsWith)
            ? 1 : 0;
    return new Key(false, Double.parseDouble(number.group()), side);
  }

  private record Key(boolean unnumbered, double number, int side) implements Comparable<Key> {
    static final Key UNNUMBERED = new Key(true, 0, 0);

    @Override
    public int compareTo(Key other) {
      return Comparator.comparing(Key::unnumbered).thenComparingDouble(Key::number).thenComparingInt(Key::side)
          .compare(this, other);
    }
  }
}
