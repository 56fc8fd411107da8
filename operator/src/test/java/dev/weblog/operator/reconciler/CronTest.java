package dev.weblog.operator.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CronTest {

  @ParameterizedTest(name = "{0} after {1}")
  @CsvSource({
      "0 3 * * *,        2026-01-05T02:00:00Z, 2026-01-05T03:00:00Z",
      "0 3 * * *,        2026-01-05T03:00:00Z, 2026-01-06T03:00:00Z",
      "*/15 * * * *,     2026-01-05T10:07:30Z, 2026-01-05T10:15:00Z",
      "@hourly,          2026-01-05T10:07:00Z, 2026-01-05T11:00:00Z",
      "@weekly,          2026-01-05T10:00:00Z, 2026-01-11T00:00:00Z",
      "30 2 1 * *,       2026-01-05T00:00:00Z, 2026-02-01T02:30:00Z",
      "0 0 * * MON-FRI,  2026-01-09T12:00:00Z, 2026-01-12T00:00:00Z",
      "0 0 * * 7,        2026-01-05T00:00:00Z, 2026-01-11T00:00:00Z",
      "0 0 13 * 5,       2026-01-05T00:00:00Z, 2026-01-09T00:00:00Z",
      "0 12 29 2 *,      2026-03-01T00:00:00Z, 2028-02-29T12:00:00Z",
      "5 4 * JAN *,      2026-02-01T00:00:00Z, 2027-01-01T04:05:00Z"})
  void nextSlot(String expression, String after, String expected) {
    assertEquals(Instant.parse(expected), Cron.parse(expression).next(Instant.parse(after)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"61 * * * *", "* 24 * * *", "* * 0 * *", "* * * 13 *", "* * * * 8", "5-1 * * * *",
      "* * * *", "a b c d e", "*/0 * * * *"})
  void badSchedulesNameTheField(String expression) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cron.parse(expression));
    assertTrue(e.getMessage().contains("cron"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"0 0 30 2 *", "0 0 31 4,6,9,11 *", "0 0 31 FEB-APR/2 *"})
  void schedulesThatParseButNeverFireAreRefusedAtParse(String expression) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cron.parse(expression));
    assertTrue(e.getMessage().contains("never fires"), e.getMessage());
  }

  @org.junit.jupiter.api.Test
  void latestDueCollapsesMissedSlots() {
    Cron daily = Cron.parse("0 3 * * *");
    assertEquals(Instant.parse("2026-01-07T03:00:00Z"),
        daily.latestDue(Instant.parse("2026-01-04T03:00:00Z"), Instant.parse("2026-01-07T05:00:00Z")));
    assertNull(daily.latestDue(Instant.parse("2026-01-07T03:00:00Z"), Instant.parse("2026-01-07T05:00:00Z")));
  }
}
