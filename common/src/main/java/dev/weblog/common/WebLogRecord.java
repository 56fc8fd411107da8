package dev.weblog.common;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * One web-log line, validated. {@code ageGroup}, {@code gender} and {@code memberId} are null when the CSV
 * field is empty (unlabeled traffic, visitors without membership).
 */
public record WebLogRecord(
    String deviceId,
    LocalDateTime timestamp,
    int productCategoryId,
    String ip,
    float lat,
    float lon,
    int deviceType,
    int connectType,
    String ageGroup,
    String gender,
    String memberId) {

  public static final DateTimeFormatter TIMESTAMP_FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  public WebLogRecord {
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(ip, "ip");
  }

  /** The label value for a target as written in the CSV, or null when unknown. */
  public String label(Target target) {
    return switch (target) {
      case AGE_GROUP -> ageGroup;
      case GENDER -> gender;
    };
  }

  /** The CSV line; only a label can hold a comma or a quote, and is then quoted. */
  public String toCsvLine() {
    StringBuilder sb = new StringBuilder(128);
    sb.append(deviceId).append(',')
        .append(TIMESTAMP_FORMAT.format(timestamp)).append(',')
        .append(productCategoryId).append(',')
        .append(ip).append(',')
        .append(lat).append(',')
        .append(lon).append(',')
        .append(deviceType).append(',')
        .append(connectType).append(',')
        .append(csvText(ageGroup)).append(',')
        .append(csvText(gender)).append(',')
        .append(memberId == null ? "" : memberId);
    return sb.toString();
  }

  /** RFC-4180 quoting where the text needs it; null (unknown) is the empty field. */
  private static String csvText(String value) {
    if (value == null) {
      return "";
    }
    return value.indexOf(',') < 0 && value.indexOf('"') < 0 ? value : '"' + value.replace("\"", "\"\"") + '"';
  }
}
