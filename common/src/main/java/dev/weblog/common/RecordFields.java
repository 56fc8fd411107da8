package dev.weblog.common;

import dev.weblog.common.Rejection.Kind;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;

/**
 * The fields of one split CSV line to a {@link WebLogRecord}: parsed in {@link Column} order, stopping at the first
 * bad one with a {@link Rejection} naming it. The checks of the whole line (length, encoding, quoting, field
 * count) are {@link WebLogCsvCodec}'s; it calls this class only with {@link Column#count()} fields.
 */
final class RecordFields {

  private final List<String> fields;
  private Rejection rejection;

  RecordFields(List<String> fields) {
    this.fields = fields;
  }

  ParseResult parse() {
    String deviceId = identifier(Column.DEVICE_ID, false);
    LocalDateTime timestamp = timestamp();
    int category = integer(Column.PRODUCT_CATEGORY_ID, WebLogCsvCodec.MAX_CATEGORY_ID);
    String ip = ipv4();
    float lat = coordinate(Column.LAT, 90);
    float lon = coordinate(Column.LON, 180);
    int deviceType = integer(Column.DEVICE_TYPE, WebLogCsvCodec.MAX_TYPE_CODE);
    int connectType = integer(Column.CONNECT_TYPE, WebLogCsvCodec.MAX_TYPE_CODE);
    String ageGroup = label(Target.AGE_GROUP);
    String gender = label(Target.GENDER);
    String memberId = hex(Column.MEMBER_ID);
    if (rejection != null) {
      return new ParseResult.Rejected(rejection);
    }
    return new ParseResult.Valid(new WebLogRecord(deviceId, timestamp, category, ip, lat, lon, deviceType,
        connectType, ageGroup, gender, memberId));
  }

  private String value(Column column) {
    return fields.get(column.ordinal());
  }

  private boolean failed(Kind kind, Column column, String reason) {
    if (rejection == null) {
      rejection = new Rejection(kind, column.columnName(), reason);
    }
    return false;
  }

  private boolean present(Column column) {
    if (rejection != null) {
      return false;
    }
    if (value(column).isEmpty()) {
      return failed(Kind.MISSING_VALUE, column, "the value is empty; it is required");
    }
    return true;
  }

  private String identifier(Column column, boolean optional) {
    String v = value(column);
    if (optional && v.isEmpty()) {
      return null;
    }
    if (!present(column)) {
      return null;
    }
    if (v.length() > WebLogCsvCodec.MAX_ID_CHARS) {
      failed(Kind.BAD_IDENTIFIER, column,
          WebLogCsvCodec.show(v) + " is longer than " + WebLogCsvCodec.MAX_ID_CHARS + " characters");
      return null;
    }
    for (int k = 0; k < v.length(); k++) {
      char c = v.charAt(k);
      if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
          || c == '.' || c == ':')) {
        failed(Kind.BAD_IDENTIFIER, column,
            WebLogCsvCodec.show(v) + " holds " + WebLogCsvCodec.show(String.valueOf(c))
                + "; only letters, digits and - _ . : are allowed");
        return null;
      }
    }
    return v;
  }

  private String hex(Column column) {
    String v = value(column);
    if (rejection != null || v.isEmpty()) {
      return null;
    }
    if (v.length() > WebLogCsvCodec.MAX_ID_CHARS) {
      failed(Kind.BAD_IDENTIFIER, column,
          WebLogCsvCodec.show(v) + " is longer than " + WebLogCsvCodec.MAX_ID_CHARS + " characters");
      return null;
    }
    for (int k = 0; k < v.length(); k++) {
      if (Character.digit(v.charAt(k), 16) < 0 || v.charAt(k) > 'f') {
        failed(Kind.BAD_IDENTIFIER, column, WebLogCsvCodec.show(v) + " is not a hexadecimal hash");
        return null;
      }
    }
    return v;
  }

  private LocalDateTime timestamp() {
    Column column = Column.TIMESTAMP;
    if (!present(column)) {
      return null;
    }
    String v = value(column);
    LocalDateTime timestamp = LogTimestamp.parse(v);
    if (timestamp == null) {
      failed(Kind.BAD_TIMESTAMP, column, WebLogCsvCodec.show(v) + " is not a valid yyyy-MM-dd HH:mm:ss time");
    }
    return timestamp;
  }

  private int integer(Column column, int max) {
    if (!present(column)) {
      return 0;
    }
    String v = value(column);
    if (v.length() > 10 || !allDigits(v, v.startsWith("-") ? 1 : 0)) {
      failed(Kind.BAD_NUMBER, column, WebLogCsvCodec.show(v) + " is not a whole number");
      return 0;
    }
    long parsed = Long.parseLong(v);
    if (parsed < 0 || parsed > max) {
      failed(Kind.OUT_OF_RANGE, column, parsed + " is outside 0.." + max);
      return 0;
    }
    return (int) parsed;
  }

  private float coordinate(Column column, int bound) {
    if (!present(column)) {
      return 0f;
    }
    String v = value(column);
    if (v.length() > 32 || !isDecimal(v)) {
      failed(Kind.BAD_NUMBER, column, WebLogCsvCodec.show(v) + " is not a decimal number");
      return 0f;
    }
    float parsed = Float.parseFloat(v);
    if (!Float.isFinite(parsed) || parsed < -bound || parsed > bound) {
      failed(Kind.OUT_OF_RANGE, column, v + " is outside -" + bound + ".." + bound + " degrees");
      return 0f;
    }
    return parsed;
  }

  private String ipv4() {
    Column column = Column.IP;
    if (!present(column)) {
      return null;
    }
    String v = value(column);
    String[] parts = v.split("\\.", -1);
    boolean ok = parts.length == 4;
    for (int k = 0; ok && k < 4; k++) {
      String p = parts[k];
      ok = !p.isEmpty() && p.length() <= 3 && allDigits(p, 0) && (p.length() == 1 || p.charAt(0) != '0')
          && Integer.parseInt(p) <= 255;
    }
    if (!ok) {
      failed(Kind.BAD_IP, column,
          WebLogCsvCodec.show(v) + " is not an IPv4 address (four numbers 0-255 joined by dots)");
      return null;
    }
    return v;
  }

  /** Blanks inside quotes are dropped too, so {@code " 18-25"} and {@code 18-25} are one class. */
  private String label(Target target) {
    String v = value(target.column()).strip();
    if (rejection != null || v.isEmpty()) {
      return null;
    }
    Optional<String> problem = WebLogCsvCodec.labelProblem(v);
    if (problem.isPresent()) {
      failed(Kind.BAD_LABEL, target.column(), problem.get());
      return null;
    }
    return v;
  }

  private static boolean allDigits(String v, int from) {
    if (v.length() <= from) {
      return false;
    }
    for (int k = from; k < v.length(); k++) {
      char c = v.charAt(k);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /** Plain decimal notation only: Float.parseFloat alone would also take NaN, Infinity, hex and "1f". */
  private static boolean isDecimal(String v) {
    int k = v.startsWith("-") || v.startsWith("+") ? 1 : 0;
    int digits = 0;
    while (k < v.length() && Character.isDigit(v.charAt(k)) && v.charAt(k) < 128) {
      k++;
      digits++;
    }
    if (k < v.length() && v.charAt(k) == '.') {
      k++;
      while (k < v.length() && v.charAt(k) >= '0' && v.charAt(k) <= '9') {
        k++;
        digits++;
      }
    }
    if (digits == 0) {
      return false;
    }
    if (k < v.length() && (v.charAt(k) == 'e' || v.charAt(k) == 'E')) {
      k++;
      if (k < v.length() && (v.charAt(k) == '-' || v.charAt(k) == '+')) {
        k++;
      }
      int exp = 0;
      while (k < v.length() && v.charAt(k) >= '0' && v.charAt(k) <= '9') {
        k++;
        exp++;
      }
      if (exp == 0) {
        return false;
      }
    }
    return k == v.length();
  }
}
