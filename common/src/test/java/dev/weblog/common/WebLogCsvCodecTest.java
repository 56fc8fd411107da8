package dev.weblog.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weblog.common.Rejection.Kind;
import dev.weblog.common.generator.GeneratorConfig;
import dev.weblog.common.generator.WebLogGenerator;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WebLogCsvCodecTest {

  static final String VALID =
      "83342cce1191af8b,2019-04-01 00:00:01,7,223.136.172.66,24.7696,120.998,1,1,18-25,0,8286e5aa2f4e4947";

  @Test
  void decodesAValidLineIntoTypedFields() {
    WebLogRecord r = valid(VALID);
    assertEquals("83342cce1191af8b", r.deviceId());
    assertEquals(LocalDateTime.of(2019, 4, 1, 0, 0, 1), r.timestamp());
    assertEquals(7, r.productCategoryId());
    assertEquals("223.136.172.66", r.ip());
    assertEquals(24.7696f, r.lat());
    assertEquals(120.998f, r.lon());
    assertEquals(1, r.deviceType());
    assertEquals(1, r.connectType());
    assertEquals("18-25", r.ageGroup());
    assertEquals("0", r.gender());
    assertEquals("8286e5aa2f4e4947", r.memberId());
  }

  @Test
  void emptyLabelsAndMemberIdMeanUnknown() {
    WebLogRecord r = valid("64594be7d7b22411,2019-04-01 00:00:09,7,59.115.7.77,22.9649,120.2731,3,1,,,");
    assertNull(r.ageGroup());
    assertNull(r.gender());
    assertNull(r.memberId());
    assertNull(r.label(Target.GENDER));
  }

  @Test
  void generatedRecordsSurviveARoundTrip() {
    Iterator<WebLogRecord> rows = new WebLogGenerator(GeneratorConfig.defaults().withHistoryRows(5_000)).history();
    int n = 0;
    while (rows.hasNext()) {
      WebLogRecord original = rows.next();
      String line = WebLogCsvCodec.encode(original);
      assertEquals(original, valid(line), line);
      assertEquals(original, valid(new String(line.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)));
      n++;
    }
    assertEquals(5_000, n);
  }

  @Test
  void acceptsQuotedFieldsBlanksCrlfAndABom() {
    WebLogRecord plain = valid(VALID);
    String quoted = "\"83342cce1191af8b\", \"2019-04-01 00:00:01\",7,223.136.172.66,24.7696,120.998,1,1,"
        + "\"18-25\",0,8286e5aa2f4e4947";
    assertEquals(plain, valid(quoted));
    assertEquals(plain, valid("\uFEFF" + VALID + "\r"));
    assertEquals(plain, valid(VALID.replace(",7,", ", 7 ,")));
  }

  static Stream<Arguments> malformedLines() {
    String[] f = VALID.split(",", -1);
    return Stream.of(
        Arguments.of("", Kind.EMPTY_LINE, "line"),
        Arguments.of("   ", Kind.EMPTY_LINE, "line"),
        Arguments.of("x".repeat(WebLogCsvCodec.MAX_LINE_CHARS + 1), Kind.LINE_TOO_LONG, "line"),
        Arguments.of("caf\uFFFD," + VALID.substring(VALID.indexOf(',') + 1), Kind.NOT_UTF8, "line"),
        Arguments.of(Column.HEADER, Kind.HEADER, "line"),
        Arguments.of("\"unterminated," + VALID, Kind.UNBALANCED_QUOTES, "line"),
        Arguments.of("\"a\"b," + VALID, Kind.UNBALANCED_QUOTES, "line"),
        Arguments.of("a,b,c", Kind.FIELD_COUNT, "line"),
        Arguments.of(VALID + ",extra", Kind.FIELD_COUNT, "line"),
        Arguments.of("\"" + VALID + "\"", Kind.FIELD_COUNT, "line"),
        Arguments.of(with(f, 0, ""), Kind.MISSING_VALUE, "device_id"),
        Arguments.of(with(f, 2, ""), Kind.MISSING_VALUE, "product_category_id"),
        Arguments.of(with(f, 0, "dev ice"), Kind.BAD_IDENTIFIER, "device_id"),
        Arguments.of(with(f, 0, "\"dev\"\"ice\""), Kind.BAD_IDENTIFIER, "device_id"),
        Arguments.of(with(f, 10, "xyz"), Kind.BAD_IDENTIFIER, "member_id"),
        Arguments.of(with(f, 1, "2019-02-30 10:00:00"), Kind.BAD_TIMESTAMP, "timestamp"),
        Arguments.of(with(f, 1, "2019-04-01T00:00:01"), Kind.BAD_TIMESTAMP, "timestamp"),
        Arguments.of(with(f, 1, "2019-04-01 24:00:00"), Kind.BAD_TIMESTAMP, "timestamp"),
        Arguments.of(with(f, 2, "7.5"), Kind.BAD_NUMBER, "product_category_id"),
        Arguments.of(with(f, 2, "99999999999"), Kind.BAD_NUMBER, "product_category_id"),
        Arguments.of(with(f, 6, "-1"), Kind.OUT_OF_RANGE, "device_type"),
        Arguments.of(with(f, 7, "1000"), Kind.OUT_OF_RANGE, "connect_type"),
        Arguments.of(with(f, 4, "NaN"), Kind.BAD_NUMBER, "lat"),
        Arguments.of(with(f, 4, "Infinity"), Kind.BAD_NUMBER, "lat"),
        Arguments.of(with(f, 4, "0x1p3"), Kind.BAD_NUMBER, "lat"),
        Arguments.of(with(f, 4, "90.5"), Kind.OUT_OF_RANGE, "lat"),
        Arguments.of(with(f, 5, "-180.01"), Kind.OUT_OF_RANGE, "lon"),
        Arguments.of(with(f, 5, "1e400"), Kind.OUT_OF_RANGE, "lon"),
        Arguments.of(with(f, 3, "256.1.1.1"), Kind.BAD_IP, "ip"),
        Arguments.of(with(f, 3, "10.0.0"), Kind.BAD_IP, "ip"),
        Arguments.of(with(f, 3, "01.2.3.4"), Kind.BAD_IP, "ip"),
        Arguments.of(with(f, 3, "::1"), Kind.BAD_IP, "ip"),
        Arguments.of(with(f, 8, "26\u000735"), Kind.BAD_LABEL, "age_group"),
        Arguments.of(with(f, 8, "x".repeat(WebLogCsvCodec.MAX_LABEL_CHARS + 1)), Kind.BAD_LABEL, "age_group"),
        Arguments.of(with(f, 9, "F\u200BM"), Kind.BAD_LABEL, "gender"),
        Arguments.of(with(f, 9, "\"F\nM\""), Kind.BAD_LABEL, "gender"));
  }

  @ParameterizedTest(name = "{1} {2}: {0}")
  @MethodSource("malformedLines")
  void refusesEachMalformedLineNamingTheFieldAndReason(String line, Kind kind, String field) {
    Rejection rejection = rejected(line);
    assertEquals(kind, rejection.kind(), rejection.describe());
    assertEquals(field, rejection.field(), rejection.describe());
    assertFalse(rejection.reason().isBlank());
  }

  @Test
  void anyShortPrintableTextIsALabel() {
    String[] f = VALID.split(",", -1);
    String longest = "x".repeat(WebLogCsvCodec.MAX_LABEL_CHARS);
    for (String age : List.of("60+", "<20", "45 and over", "二十多歲", longest)) {
      assertEquals(age, valid(with(f, 8, age)).ageGroup());
    }
    for (String gender : List.of("F", "M", "2", "non-binary")) {
      assertEquals(gender, valid(with(f, 9, gender)).gender());
    }
    assertEquals("18-25", valid(with(f, 8, "\" 18-25 \"")).ageGroup(), "blanks around a label are dropped");
    assertNull(valid(with(f, 8, "\"  \"")).ageGroup(), "a blank label is no label");
  }

  @Test
  void labelsWithACommaOrAQuoteSurviveARoundTrip() {
    String[] f = VALID.split(",", -1);
    String line = String.join(",", java.util.Arrays.copyOf(f, 8)) + ",\"18, or older\",\"\"\"F\"\"\"," + f[10];
    WebLogRecord r = valid(line);
    assertEquals("18, or older", r.ageGroup());
    assertEquals("\"F\"", r.gender());
    assertEquals(r, valid(WebLogCsvCodec.encode(r)));
  }

  @Test
  void aBadLabelIsNamedByItsCodePoint() {
    String[] f = VALID.split(",", -1);
    Rejection bell = rejected(with(f, 8, "26\u000735"));
    assertTrue(bell.reason().contains("U+0007") && bell.reason().contains("at character 3"), bell.reason());
    Rejection tooLong = rejected(with(f, 9, "y".repeat(70)));
    assertTrue(tooLong.reason().contains("70 characters") && tooLong.reason().contains("at most 64"),
        tooLong.reason());
  }

  @Test
  void refusesInvalidUtf8Bytes() {
    byte[] bytes = VALID.getBytes(StandardCharsets.UTF_8);
    bytes[3] = (byte) 0xE9;
    ParseResult result = WebLogCsvCodec.decode(bytes);
    assertEquals(Kind.NOT_UTF8, assertInstanceOf(ParseResult.Rejected.class, result).rejection().kind());
    assertTrue(WebLogCsvCodec.decode(VALID.getBytes(StandardCharsets.UTF_8)).isValid());
  }

  @Test
  void neverThrowsOnRandomInput() {
    Random random = new Random(1);
    for (int i = 0; i < 20_000; i++) {
      byte[] bytes = new byte[random.nextInt(200)];
      random.nextBytes(bytes);
      assertNotNull(WebLogCsvCodec.decode(bytes));
      char[] chars = VALID.toCharArray();
      chars[random.nextInt(chars.length)] = (char) random.nextInt(0x3000);
      assertNotNull(WebLogCsvCodec.decode(new String(chars)));
    }
    assertNotNull(WebLogCsvCodec.decode((String) null));
    assertNotNull(WebLogCsvCodec.decode((byte[]) null));
  }

  @Test
  void rejectionMessagesShowAShortenedValue() {
    String longId = "a".repeat(200);
    Rejection r = rejected(with(VALID.split(",", -1), 0, longId));
    assertTrue(r.reason().contains("(200 chars)"), r.reason());
    assertTrue(r.reason().length() < 150, r.reason());
  }

  @Test
  void deviceIdOfTakesTheFirstFieldWithoutValidatingTheRest() {
    assertEquals("83342cce1191af8b", WebLogCsvCodec.deviceIdOf(VALID));
    assertEquals("abc", WebLogCsvCodec.deviceIdOf("\"abc\",garbage"));
    assertNull(WebLogCsvCodec.deviceIdOf(""));
    assertNull(WebLogCsvCodec.deviceIdOf(null));
  }

  private static String with(String[] fields, int index, String value) {
    String[] copy = fields.clone();
    copy[index] = value;
    return String.join(",", copy);
  }

  private static WebLogRecord valid(String line) {
    ParseResult result = WebLogCsvCodec.decode(line);
    if (result instanceof ParseResult.Rejected rejected) {
      throw new AssertionError("expected a valid line, got " + rejected.rejection().describe() + ": " + line);
    }
    return ((ParseResult.Valid) result).record();
  }

  private static Rejection rejected(String line) {
    return assertInstanceOf(ParseResult.Rejected.class, WebLogCsvCodec.decode(line), line).rejection();
  }
}
