package dev.weblog.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.LocalDateTime;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LogTimestampTest {

  @Test
  void readsTheLogsShape() {
    assertEquals(LocalDateTime.of(2019, 4, 1, 0, 0, 1), LogTimestamp.parse("2019-04-01 00:00:01"));
    assertEquals(LocalDateTime.of(2024, 2, 29, 23, 59, 59), LogTimestamp.parse("2024-02-29 23:59:59"));
  }

  @Test
  void refusesWhatTheStrictFormatterRefuses() {
    for (String bad : new String[] {"2019-02-30 10:00:00", "2023-02-29 10:00:00", "2019-13-01 10:00:00",
        "2019-04-01 24:00:00", "2019-04-01 10:60:00", "2019-04-01 10:00:60", "2019-04-01T00:00:01",
        "2019-04-01 00:00:0１", "2019-4-01 00:00:01", "", "2019-04-01 00:00:01 "}) {
      assertNull(LogTimestamp.parse(bad), bad);
      assertNull(LogTimestamp.formatter(bad), bad);
    }
  }

  /** Random texts of the pattern's shape, valid or not, and near misses: the fast path decides as the formatter. */
  @Test
  void agreesWithTheFormatterOnEveryTextTried() {
    Random random = new Random(7);
    String alphabet = "0123456789-: T+x٣";
    int valid = 0;
    for (int i = 0; i < 200_000; i++) {
      char[] text = String.format("%04d-%02d-%02d %02d:%02d:%02d", random.nextInt(10_000), random.nextInt(14),
          random.nextInt(33), random.nextInt(26), random.nextInt(62), random.nextInt(62)).toCharArray();
      if (i % 4 == 0) {
        text[random.nextInt(text.length)] = alphabet.charAt(random.nextInt(alphabet.length()));
      }
      String s = new String(text);
      LocalDateTime expected = LogTimestamp.formatter(s);
      assertEquals(expected, LogTimestamp.parse(s), s);
      valid += expected == null ? 0 : 1;
    }
    // Both sides of the comparison occur often, so it can fail either way.
    assertEquals(true, valid > 50_000 && valid < 150_000, valid + " valid of 200,000");
  }
}
