package dev.weblog.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weblog.common.ParseResult;
import dev.weblog.common.Rejection;
import dev.weblog.common.WebLogCsvCodec;
import dev.weblog.common.generator.Drift;
import dev.weblog.common.generator.Malformer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Generated live lines, with every Nth broken in each of the ways the codec refuses. */
class GeneratorLineSourceTest {

  @Test
  void everyNthLineIsMalformedCyclingThroughEveryKind() {
    int every = 7;
    int rows = every * Malformer.KINDS.size();
    List<Integer> rejectedAt = new ArrayList<>();
    Set<Rejection.Kind> kinds = new HashSet<>();
    try (GeneratorLineSource source = new GeneratorLineSource(rows, 3, every, null)) {
      for (int i = 1; i <= rows; i++) {
        ParseResult parsed = WebLogCsvCodec.decode(source.next());
        if (parsed instanceof ParseResult.Rejected rejected) {
          rejectedAt.add(i);
          kinds.add(rejected.rejection().kind());
        }
      }
      assertEquals(null, source.next(), "more lines than asked for");
    }
    List<Integer> expected = new ArrayList<>();
    for (int i = every; i <= rows; i += every) {
      expected.add(i);
    }
    assertEquals(expected, rejectedAt);
    assertEquals(Set.copyOf(Malformer.KINDS), kinds);
  }

  @Test
  void withoutTheOptionEveryLineIsValid() {
    try (GeneratorLineSource source = new GeneratorLineSource(500, 3)) {
      for (byte[] line = source.next(); line != null; line = source.next()) {
        assertTrue(WebLogCsvCodec.decode(line).isValid(), new String(line, StandardCharsets.UTF_8));
      }
    }
  }

  @Test
  void aDriftShiftsTheLinesFromItsRowOnAndLeavesTheOnesBefore() {
    List<String> plain = lines(new GeneratorLineSource(3_000, 3));
    List<String> drifted = lines(new GeneratorLineSource(3_000, 3, 0, new Drift(1_001, Drift.kinds(List.of(
        Drift.ALL)))));
    assertEquals(plain.subList(0, 1_000), drifted.subList(0, 1_000), "the rows before the shift are unchanged");
    long changed = 0;
    for (int i = 1_000; i < 3_000; i++) {
      changed += plain.get(i).equals(drifted.get(i)) ? 0 : 1;
    }
    assertTrue(changed > 1_000, "most rows after the shift differ: " + changed);
  }

  @Test
  void refusesADriftPastItsRows() {
    ReplayException e = assertThrows(ReplayException.class, () -> new GeneratorLineSource(10, 3, 0,
        new Drift(11, Drift.kinds(List.of(Drift.ALL)))));
    assertTrue(e.getMessage().startsWith("--drift-at"), e.getMessage());
  }

  private static List<String> lines(GeneratorLineSource source) {
    List<String> lines = new ArrayList<>();
    try (source) {
      for (byte[] line = source.next(); line != null; line = source.next()) {
        lines.add(new String(line, StandardCharsets.UTF_8));
      }
    }
    return lines;
  }

  @Test
  void refusesANegativeInterval() {
    assertThrows(ReplayException.class, () -> new GeneratorLineSource(10, 3, -1, null));
  }
}
