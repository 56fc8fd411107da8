package dev.weblog.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.weblog.common.Rejection.Kind;
import dev.weblog.common.generator.GeneratorConfig;
import dev.weblog.common.generator.Malformer;
import dev.weblog.common.generator.WebLogGenerator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property-based tests of the codec with JUnit's own parameterized sources and a seeded generator (no extra
 * dependency, and every failure message carries the seed and the input so it can be replayed): whatever the
 * bytes, {@code decode} returns, never throws, and a refusal always names a real field and a reason.
 */
class HostileCodecTest {

  static final int CASES_PER_SEED = 5_000;
  static final Set<String> FIELDS = Stream.concat(Stream.of(Rejection.WHOLE_LINE),
      Stream.of(Column.values()).map(Column::columnName)).collect(Collectors.toSet());
  /** Kinds that concern the whole line rather than one field. */
  static final Set<Kind> LINE_KINDS = Set.of(Kind.EMPTY_LINE, Kind.LINE_TOO_LONG, Kind.NOT_UTF8, Kind.HEADER,
      Kind.UNBALANCED_QUOTES, Kind.FIELD_COUNT);
  /** Characters that break parsers: separators, quotes, controls, lookalike digits, surrogates, BOM, U+FFFD. */
  static final String NASTY = ",\"' \t\r\n\u0000\u0001\u007f\uFEFF\uFFFD\u00a0\u0660\uff11\ud83d\ude00\ud800-+.eE:_/\\";

  static Stream<Long> seeds() {
    return Stream.of(1L, 2L, 3L, 0x5EEDL);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void randomBytesAreDecodedOrRefusedWithAFieldAndReason(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < CASES_PER_SEED; i++) {
      byte[] bytes = new byte[random.nextInt(10) == 0 ? random.nextInt(20_000) : random.nextInt(200)];
      for (int k = 0; k < bytes.length; k++) {
        bytes[k] = (byte) random.nextInt(256);
      }
      String context = "seed " + seed + " case " + i;
      ParseResult fromBytes = decode(bytes, context);
      check(fromBytes, context);
      check(decode(new String(bytes, StandardCharsets.ISO_8859_1), context), context);
      check(decode(new String(bytes, StandardCharsets.UTF_8), context), context);
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void randomTextOfCsvShapedTokensIsDecodedOrRefusedWithAFieldAndReason(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<String> valid = validLines(50, seed);
    for (int i = 0; i < CASES_PER_SEED; i++) {
      StringBuilder line = new StringBuilder();
      int fields = random.nextInt(14);
      for (int f = 0; f < fields; f++) {
        line.append(f == 0 ? "" : ",").append(junk(random, valid.get(random.nextInt(valid.size()))));
      }
      String context = "seed " + seed + " case " + i + ": " + WebLogCsvCodec.show(line.toString());
      check(decode(line.toString(), context), context);
      check(decode(line.toString().getBytes(StandardCharsets.UTF_8), context), context);
    }
  }

  /** One field of a valid line replaced by junk: if the refusal is about a field, it is that field. */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void mutatingOneFieldOfAValidLineBlamesThatField(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<String> valid = validLines(500, seed);
    int refused = 0;
    for (int i = 0; i < CASES_PER_SEED; i++) {
      String[] fields = valid.get(random.nextInt(valid.size())).split(",", -1);
      Column column = Column.values()[random.nextInt(Column.count())];
      String replacement = junk(random, String.join(",", fields)).replace(",", "").replace("\"", "")
          .replace("\r", "").replace("\n", "").replace("\uFEFF", "");
      fields[column.ordinal()] = replacement;
      String line = String.join(",", fields);
      String context = "seed " + seed + " case " + i + ", " + column.columnName() + " = "
          + WebLogCsvCodec.show(replacement);
      ParseResult result = decode(line, context);
      check(result, context);
      if (result instanceof ParseResult.Rejected r) {
        refused++;
        if (!LINE_KINDS.contains(r.rejection().kind())) {
          assertEquals(column.columnName(), r.rejection().field(), context + " -> " + r.rejection().describe());
        }
      }
    }
    assertTrue(refused > CASES_PER_SEED / 2, "the mutations mostly break the line: " + refused + " refused");
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Kind.class)
  void everyRejectionKindMadeByTheMalformerIsRefusedAsThatKind(Kind kind) {
    SplittableRandom random = new SplittableRandom(kind.ordinal());
    for (String line : validLines(300, kind.ordinal())) {
      byte[] broken = Malformer.malform(line, kind, random);
      String context = kind + " from " + line;
      ParseResult result = decode(broken, context);
      check(result, context);
      assertFalse(result.isValid(), context);
      Rejection rejection = ((ParseResult.Rejected) result).rejection();
      assertEquals(kind, rejection.kind(), context + " -> " + rejection.describe());
      assertEquals(LINE_KINDS.contains(kind), Rejection.WHOLE_LINE.equals(rejection.field()), rejection.describe());
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void everyKindOfRefusalIsReachedByTheRandomMutations(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<String> valid = validLines(200, seed);
    Map<Kind, Integer> seen = new EnumMap<>(Kind.class);
    for (int i = 0; i < CASES_PER_SEED; i++) {
      String line = valid.get(random.nextInt(valid.size()));
      String mutated = mutate(line, random);
      ParseResult result = decode(mutated, "seed " + seed + " case " + i);
      check(result, "seed " + seed + " case " + i);
      if (result instanceof ParseResult.Rejected r) {
        seen.merge(r.rejection().kind(), 1, Integer::sum);
      }
    }
    for (Kind kind : Kind.values()) {
      if (kind != Kind.NOT_UTF8 && kind != Kind.EMPTY_LINE && kind != Kind.HEADER) {
        assertTrue(seen.containsKey(kind), "random mutations reached " + kind + ": " + seen);
      }
    }
  }

  /** Text mutations a corrupted feed produces: drop, duplicate, swap or splice characters and fields. */
  static String mutate(String line, SplittableRandom random) {
    StringBuilder sb = new StringBuilder(line);
    int edits = 1 + random.nextInt(3);
    for (int e = 0; e < edits && sb.length() > 0; e++) {
      int at = random.nextInt(sb.length());
      switch (random.nextInt(7)) {
        case 0 -> sb.deleteCharAt(at);
        case 1 -> sb.insert(at, NASTY.charAt(random.nextInt(NASTY.length())));
        case 2 -> sb.setCharAt(at, (char) ('0' + random.nextInt(10)));
        case 3 -> sb.setCharAt(at, (char) ('a' + random.nextInt(26)));
        case 4 -> sb.insert(at, sb.substring(at, Math.min(sb.length(), at + 1 + random.nextInt(20))));
        case 5 -> sb.replace(at, Math.min(sb.length(), at + 1 + random.nextInt(10)), "");
        default -> sb.append("x".repeat(random.nextInt(10) == 0 ? 5_000 : 3));
      }
    }
    return sb.toString();
  }

  /** A token: a fragment of a valid line, a number, a nasty character run, or something huge. */
  static String junk(SplittableRandom random, String source) {
    return switch (random.nextInt(8)) {
      case 0 -> "";
      case 1 -> Long.toString(random.nextLong());
      case 2 -> Double.toString(random.nextDouble() * 1e6 - 5e5);
      case 3 -> {
        int from = random.nextInt(source.length());
        yield source.substring(from, Math.min(source.length(), from + random.nextInt(30)));
      }
      case 4 -> {
        StringBuilder sb = new StringBuilder();
        for (int k = random.nextInt(12); k > 0; k--) {
          sb.append(NASTY.charAt(random.nextInt(NASTY.length())));
        }
        yield sb.toString();
      }
      case 5 -> "9".repeat(random.nextInt(40));
      case 6 -> "ab".repeat(random.nextInt(3_000));
      default -> List.of("NaN", "-Infinity", "0x1p3", "1e999", "-0", "+1", "1_000", "2019-13-01 00:00:00",
          "255.255.255.256", "device_id", "over 50 ", "36–50", "١٢").get(random.nextInt(13));
    };
  }

  static List<String> validLines(int count, long seed) {
    Iterator<WebLogRecord> rows = new WebLogGenerator(GeneratorConfig.defaults().withSeed(seed)
        .withHistoryRows(count)).history();
    List<String> lines = new ArrayList<>();
    rows.forEachRemaining(r -> lines.add(r.toCsvLine()));
    return lines;
  }

  private static ParseResult decode(String line, String context) {
    try {
      return WebLogCsvCodec.decode(line);
    } catch (RuntimeException e) {
      throw new AssertionError("decode threw on " + context + ": " + e, e);
    }
  }

  private static ParseResult decode(byte[] bytes, String context) {
    try {
      return WebLogCsvCodec.decode(bytes);
    } catch (RuntimeException e) {
      throw new AssertionError("decode threw on " + context + ": " + e, e);
    }
  }

  /** A valid record survives its own encoding; a refusal names a kind, a known field and a reason. */
  private static void check(ParseResult result, String context) {
    assertNotNull(result, context);
    if (result instanceof ParseResult.Valid v) {
      ParseResult again = WebLogCsvCodec.decode(WebLogCsvCodec.encode(v.record()));
      if (!(again instanceof ParseResult.Valid back) || !back.record().equals(v.record())) {
        fail(context + ": accepted " + v.record() + " but its encoding decodes to " + again);
      }
      return;
    }
    Rejection rejection = ((ParseResult.Rejected) result).rejection();
    assertNotNull(rejection.kind(), context);
    assertTrue(FIELDS.contains(rejection.field()), context + ": unknown field " + rejection.field());
    assertNotNull(rejection.reason(), context);
    assertFalse(rejection.reason().isBlank(), context + ": blank reason");
    assertTrue(rejection.reason().length() < 400, context + ": reason too long to read: " + rejection.reason());
  }
}
