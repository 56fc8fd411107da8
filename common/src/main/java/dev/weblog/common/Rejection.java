package dev.weblog.common;

/**
 * Why a line was refused: a kind (for counting), the field it concerns ({@code line} when it is the line as a
 * whole) and a sentence a person can act on.
 */
public record Rejection(Kind kind, String field, String reason) {

  public static final String WHOLE_LINE = "line";

  /** Every way a line can be refused. */
  public enum Kind {
    EMPTY_LINE,
    LINE_TOO_LONG,
    NOT_UTF8,
    HEADER,
    UNBALANCED_QUOTES,
    FIELD_COUNT,
    MISSING_VALUE,
    BAD_NUMBER,
    OUT_OF_RANGE,
    BAD_TIMESTAMP,
    BAD_IP,
    /** A label that is too long or holds a character that is not printable (any other text is a label). */
    BAD_LABEL,
    BAD_IDENTIFIER
  }

  /** One line, for quarantine files and logs: {@code KIND field: reason}. */
  public String describe() {
    return kind + " " + field + ": " + reason;
  }
}
