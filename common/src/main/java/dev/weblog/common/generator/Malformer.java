package dev.weblog.common.generator;

import dev.weblog.common.Column;
import dev.weblog.common.Rejection;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Breaks valid lines in every way the codec refuses, so demos and tests can show that nothing malformed is lost:
 * each broken line is quarantined with the kind it was broken for.
 */
public final class Malformer {

  /** The kinds a single valid line can be broken into (EMPTY_LINE needs no line at all). */
  public static final List<Rejection.Kind> KINDS = List.of(Rejection.Kind.values());

  private Malformer() {}

  /** A line the codec rejects with {@code kind}, made from a valid CSV line; raw bytes, as NOT_UTF8 needs. */
  public static byte[] malform(String validLine, Rejection.Kind kind, SplittableRandom random) {
    String[] f = validLine.split(",", -1);
    String line = switch (kind) {
      case EMPTY_LINE -> "";
      case LINE_TOO_LONG -> validLine + "," + "x".repeat(5000);
      case NOT_UTF8 -> null;
      case HEADER -> Column.HEADER;
      case UNBALANCED_QUOTES -> "\"" + validLine;
      case FIELD_COUNT -> random.nextBoolean() ? validLine + ",extra" : "\"" + validLine + "\"";
      case MISSING_VALUE -> with(f, Column.TIMESTAMP, "");
      case BAD_NUMBER -> with(f, Column.PRODUCT_CATEGORY_ID, "twelve");
      case OUT_OF_RANGE -> with(f, Column.LAT, "95.5");
      case BAD_TIMESTAMP -> with(f, Column.TIMESTAMP, "2019-02-30 10:00:00");
      case BAD_IP -> with(f, Column.IP, "256.1.1." + random.nextInt(256));
      // Any text is a label; a control character inside one is not (a bell between the bounds).
      case BAD_LABEL -> with(f, Column.AGE_GROUP, "26\u000735");
      case BAD_IDENTIFIER -> with(f, Column.DEVICE_ID, "dev ice");
    };
    if (kind == Rejection.Kind.NOT_UTF8) {
      byte[] bytes = validLine.getBytes(StandardCharsets.UTF_8);
      bytes[random.nextInt(Math.min(8, bytes.length))] = (byte) 0xE9;
      return bytes;
    }
    return line.getBytes(StandardCharsets.UTF_8);
  }

  private static String with(String[] fields, Column column, String value) {
    String[] copy = fields.clone();
    copy[column.ordinal()] = value;
    return String.join(",", copy);
  }
}
