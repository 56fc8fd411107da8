package dev.weblog.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weblog.common.Rejection.Kind;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The committed samples hold exactly the malformed lines test-data/README.md promises. */
class SampleDataTest {

  static final Path TEST_DATA = Path.of("..", "test-data");

  @Test
  void historySampleHoldsThreeThousandValidRowsAndTwelveMalformedLines() throws Exception {
    Map<Kind, Integer> kinds = rejections(TEST_DATA.resolve("history-sample.csv"));
    assertEquals(3000, kinds.getOrDefault(null, 0));
    assertEquals(Map.of(Kind.EMPTY_LINE, 1, Kind.FIELD_COUNT, 2, Kind.BAD_TIMESTAMP, 1, Kind.BAD_NUMBER, 1,
        Kind.BAD_IP, 1, Kind.OUT_OF_RANGE, 1, Kind.BAD_LABEL, 2, Kind.UNBALANCED_QUOTES, 1, Kind.NOT_UTF8, 1,
        Kind.LINE_TOO_LONG, 1), withoutValid(kinds));
  }

  @Test
  void liveSampleHoldsTwoThousandValidRowsAndTenMalformedLines() throws Exception {
    Map<Kind, Integer> kinds = rejections(TEST_DATA.resolve("live-sample.csv"));
    assertEquals(2000, kinds.getOrDefault(null, 0));
    assertEquals(Map.of(Kind.HEADER, 1, Kind.FIELD_COUNT, 1, Kind.BAD_TIMESTAMP, 1, Kind.BAD_NUMBER, 1,
        Kind.OUT_OF_RANGE, 1, Kind.BAD_IP, 1, Kind.MISSING_VALUE, 1, Kind.BAD_IDENTIFIER, 1, Kind.NOT_UTF8, 1,
        Kind.BAD_LABEL, 1), withoutValid(kinds));
  }

  /** Counts per rejection kind (valid lines under the null key), skipping the first line, the header. */
  static Map<Kind, Integer> rejections(Path file) throws Exception {
    Map<Kind, Integer> counts = new java.util.HashMap<>();
    List<byte[]> lines = lines(Files.readAllBytes(file));
    assertEquals(Column.HEADER, new String(lines.get(0)));
    for (byte[] line : lines.subList(1, lines.size())) {
      ParseResult result = WebLogCsvCodec.decode(line);
      Kind kind = result instanceof ParseResult.Rejected r ? r.rejection().kind() : null;
      counts.merge(kind, 1, Integer::sum);
    }
    return counts;
  }

  private static Map<Kind, Integer> withoutValid(Map<Kind, Integer> counts) {
    Map<Kind, Integer> copy = new EnumMap<>(Kind.class);
    counts.forEach((k, v) -> {
      if (k != null) {
        copy.put(k, v);
      }
    });
    return copy;
  }

  private static List<byte[]> lines(byte[] bytes) {
    List<byte[]> lines = new ArrayList<>();
    ByteArrayOutputStream current = new ByteArrayOutputStream();
    for (byte b : bytes) {
      if (b == '\n') {
        lines.add(current.toByteArray());
        current.reset();
      } else {
        current.write(b);
      }
    }
    if (current.size() > 0) {
      lines.add(current.toByteArray());
    }
    return lines;
  }
}
