package dev.weblog.common;

import dev.weblog.common.Rejection.Kind;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns one CSV line into a {@link WebLogRecord} or a {@link Rejection} naming the field and the reason. The
 * rules here are the only validation rules of the project: ingest, streaming and the producer all call this
 * class. It never throws on input, whatever the bytes.
 *
 * <p>Fields may be RFC-4180 quoted; surrounding blanks are ignored; a trailing CR and a leading BOM are
 * dropped; an empty label or member id means unknown. A label is data: any short printable text (the values
 * a model predicts are those of its training rows, not a list fixed here).
 */
public final class WebLogCsvCodec {

  /** Longer lines are refused before any parsing: no valid line comes near it. */
  public static final int MAX_LINE_CHARS = 4096;
  public static final int MAX_ID_CHARS = 128;
  public static final int MAX_CATEGORY_ID = 99_999;
  public static final int MAX_TYPE_CODE = 999;
  /** Longest label, in characters: age buckets and genders are short words, not prose. */
  public static final int MAX_LABEL_CHARS = 64;
  private static final int SHOWN_VALUE_CHARS = 40;

  private WebLogCsvCodec() {}

  /** Decodes raw bytes (a Kafka value, a file line) as strict UTF-8 first. */
  public static ParseResult decode(byte[] utf8) {
    if (utf8 == null) {
      return reject(Kind.EMPTY_LINE, Rejection.WHOLE_LINE, "the line is null");
    }
    if (utf8.length > MAX_LINE_CHARS * 4) {
      return reject(Kind.LINE_TOO_LONG, Rejection.WHOLE_LINE,
          "the line has " + utf8.length + " bytes; at most " + MAX_LINE_CHARS + " characters are accepted");
    }
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    CharBuffer chars;
    try {
      chars = decoder.decode(ByteBuffer.wrap(utf8));
    } catch (CharacterCodingException e) {
      return reject(Kind.NOT_UTF8, Rejection.WHOLE_LINE, "the line holds bytes that are not valid UTF-8");
    }
    return decode(chars.toString());
  }

  /** Decodes one line of text (without its line terminator). */
  public static ParseResult decode(String line) {
    if (line == null) {
      return reject(Kind.EMPTY_LINE, Rejection.WHOLE_LINE, "the line is null");
    }
    if (line.length() > MAX_LINE_CHARS) {
      return reject(Kind.LINE_TOO_LONG, Rejection.WHOLE_LINE,
          "the line has " + line.length() + " characters; at most " + MAX_LINE_CHARS + " are accepted");
    }
    String text = stripTerminators(line);
    if (text.isBlank()) {
      return reject(Kind.EMPTY_LINE, Rejection.WHOLE_LINE, "the line is empty");
    }
    int replacement = text.indexOf('\uFFFD');
    if (replacement >= 0) {
      // Readers that decode leniently (Spark's text source) turn invalid bytes into U+FFFD.
      return reject(Kind.NOT_UTF8, Rejection.WHOLE_LINE,
          "the line holds bytes that are not valid UTF-8 (at character " + (replacement + 1) + ")");
    }
    List<String> fields = split(text);
    if (fields == null) {
      return reject(Kind.UNBALANCED_QUOTES, Rejection.WHOLE_LINE,
          "a quoted field is not closed, or a closing quote is not followed by a comma");
    }
    if (fields.get(0).equals(Column.DEVICE_ID.columnName())) {
      return reject(Kind.HEADER, Rejection.WHOLE_LINE, "this is the header line, not data");
    }
    if (fields.size() != Column.count()) {
      return reject(Kind.FIELD_COUNT, Rejection.WHOLE_LINE,
          "expected " + Column.count() + " fields (" + Column.HEADER + "), found " + fields.size());
    }
    return new RecordFields(fields).parse();
  }

  /** The CSV line of a record; {@code decode(encode(r))} gives back {@code r}. */
  public static String encode(WebLogRecord record) {
    return record.toCsvLine();
  }

  /** The device id of a line without validating the rest, for use as a Kafka key; null if there is none. */
  public static String deviceIdOf(String line) {
    if (line == null) {
      return null;
    }
    String text = stripTerminators(line);
    int comma = text.indexOf(',');
    String first = (comma < 0 ? text : text.substring(0, comma)).strip();
    if (first.length() >= 2 && first.startsWith("\"") && first.endsWith("\"")) {
      first = first.substring(1, first.length() - 1);
    }
    return first.isEmpty() || first.length() > MAX_ID_CHARS ? null : first;
  }

  /**
   * Why a (stripped, non-empty) label is refused, or empty when it is a label: at most {@value #MAX_LABEL_CHARS}
   * characters, none of them a control, format or separator character.
   */
  public static Optional<String> labelProblem(String label) {
    int length = label.codePointCount(0, label.length());
    if (length > MAX_LABEL_CHARS) {
      return Optional.of(show(label) + " has " + length + " characters; a label has at most " + MAX_LABEL_CHARS);
    }
    for (int k = 0, position = 1; k < label.length(); position++) {
      int cp = label.codePointAt(k);
      if (!printable(cp)) {
        String name = Character.getName(cp);
        String codePoint = String.format(java.util.Locale.ROOT, "U+%04X", cp) + (name == null ? "" : " " + name);
        return Optional.of(show(label) + " holds " + codePoint + " at character " + position
            + "; a label must be printable text");
      }
      k += Character.charCount(cp);
    }
    return Optional.empty();
  }

  private static boolean printable(int codePoint) {
    return switch (Character.getType(codePoint)) {
      case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.LINE_SEPARATOR,
          Character.PARAGRAPH_SEPARATOR -> false;
      default -> true;
    };
  }

  private static String stripTerminators(String line) {
    int start = !line.isEmpty() && line.charAt(0) == '\uFEFF' ? 1 : 0;
    int end = line.length();
    while (end > start && (line.charAt(end - 1) == '\r' || line.charAt(end - 1) == '\n')) {
      end--;
    }
    return line.substring(start, end);
  }

  /** RFC-4180 split of one line; null when quotes are unbalanced. Blanks around fields are dropped. */
  static List<String> split(String text) {
    List<String> fields = new ArrayList<>(Column.count());
    int i = 0;
    int n = text.length();
    while (true) {
      while (i < n && text.charAt(i) == ' ') {
        i++;
      }
      if (i < n && text.charAt(i) == '"') {
        StringBuilder value = new StringBuilder();
        i++;
        boolean closed = false;
        while (i < n) {
          char c = text.charAt(i++);
          if (c == '"') {
            if (i < n && text.charAt(i) == '"') {
              value.append('"');
              i++;
            } else {
              closed = true;
              break;
            }
          } else {
            value.append(c);
          }
        }
        if (!closed) {
          return null;
        }
        while (i < n && text.charAt(i) == ' ') {
          i++;
        }
        if (i < n && text.charAt(i) != ',') {
          return null;
        }
        fields.add(value.toString());
      } else {
        int comma = text.indexOf(',', i);
        int end = comma < 0 ? n : comma;
        fields.add(text.substring(i, end).strip());
        i = end;
      }
      if (i >= n) {
        return fields;
      }
      i++; // the comma
      if (i == n) {
        fields.add("");
        return fields;
      }
    }
  }

  static String show(String value) {
    StringBuilder sb = new StringBuilder("'");
    int limit = Math.min(value.length(), SHOWN_VALUE_CHARS);
    for (int k = 0; k < limit; k++) {
      char c = value.charAt(k);
      sb.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
    }
    if (value.length() > limit) {
      sb.append("...(").append(value.length()).append(" chars)");
    }
    return sb.append('\'').toString();
  }

  private static ParseResult reject(Kind kind, String field, String reason) {
    return new ParseResult.Rejected(new Rejection(kind, field, reason));
  }
}
