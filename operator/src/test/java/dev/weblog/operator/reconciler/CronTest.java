package dev.weblog.operator.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;
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

  // What follows is what cron-utils' Unix definition lacks or reads otherwise; Cron makes up for it.

  @ParameterizedTest(name = "{0} after {1}")
  @CsvSource({
      "@yearly,    2026-01-05T10:00:00Z, 2027-01-01T00:00:00Z",
      "@annually,  2026-01-05T10:00:00Z, 2027-01-01T00:00:00Z",
      "@monthly,   2026-01-05T10:00:00Z, 2026-02-01T00:00:00Z",
      "@daily,     2026-01-05T10:00:00Z, 2026-01-06T00:00:00Z",
      "@Daily,     2026-01-05T10:00:00Z, 2026-01-06T00:00:00Z",
      "' @daily ', 2026-01-05T10:00:00Z, 2026-01-06T00:00:00Z"})
  void macrosInAnyCase(String expression, String after, String expected) {
    assertEquals(Instant.parse(expected), Cron.parse(expression).next(Instant.parse(after)));
  }

  /** cron-utils reads SUN as 7 in a range and turns 7 into 0 before stepping (SUN-SAT refused, 7/2 every other day). */
  @ParameterizedTest(name = "{0} after {1}")
  @CsvSource({
      "0 0 * * SUN-SAT,  2026-01-05T00:00:00Z, 2026-01-06T00:00:00Z",
      "0 0 * * 7/2,      2026-01-05T00:00:00Z, 2026-01-11T00:00:00Z",
      "0 0 * * 0-7/7,    2026-01-05T00:00:00Z, 2026-01-11T00:00:00Z",
      "0 0 * * SUN-7/3,  2026-01-05T00:00:00Z, 2026-01-07T00:00:00Z"})
  void sundayByNameOrAsSevenInWeekdayRangesAndSteps(String expression, String after, String expected) {
    assertEquals(Instant.parse(expected), Cron.parse(expression).next(Instant.parse(after)));
  }

  /** SUN is 0, so a range cannot end on it (as Kubernetes reads it); cron-utils takes these for ranges up to 7. */
  @ParameterizedTest
  @ValueSource(strings = {"0 0 * * MON-SUN", "0 0 * * FRI-SUN"})
  void weekdayRangesEndingOnSundayByNameAreRefused(String expression) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cron.parse(expression));
    assertTrue(e.getMessage().contains("day of week field"), e.getMessage());
  }

  @Test
  void questionMarkIsAStar() {
    // '*' day of month: Fridays only, not the Vixie either-day rule.
    assertEquals(Instant.parse("2026-01-09T00:00:00Z"), Cron.parse("0 0 ? * 5").next(Instant.parse(
        "2026-01-05T00:00:00Z")));
  }

  @Test
  void trailingCommasAreIgnoredAsKubernetesDoes() {
    assertEquals(Instant.parse("2026-01-05T03:00:00Z"), Cron.parse("0 3, * * *").next(Instant.parse(
        "2026-01-05T02:00:00Z")));
  }

  /** cron-utils would take it for two schedules (0 3 * * * and 30 3 * * *). */
  @Test
  void aPipeIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cron.parse("0|30 3 * * *"));
    assertTrue(e.getMessage().contains("'|'"), e.getMessage());
  }

  /** As Kubernetes and Vixie cron read it: a star with step 1 is a star, so the other day field alone decides. */
  @ParameterizedTest(name = "{0} after {1}")
  @CsvSource({
      "0 0 13 * */1,  2026-01-05T00:00:00Z, 2026-01-13T00:00:00Z",
      "0 0 */1 * 5,   2026-01-05T00:00:00Z, 2026-01-09T00:00:00Z"})
  void aDayFieldOfStarStepOneIsUnrestricted(String expression, String after, String expected) {
    assertEquals(Instant.parse(expected), Cron.parse(expression).next(Instant.parse(after)));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource({
      "61 * * * *,      minute field '61'",
      "* * 0 * *,       day of month field '0'",
      "* * * * 8,       day of week field '8'",
      "0 0 * * MON-SUN, day of week field 'MON-SUN'"})
  void refusalsNameTheField(String expression, String named) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cron.parse(expression));
    assertTrue(e.getMessage().contains(named), e.getMessage());
  }

  @Test
  void latestDueCountsASlotAtNowAndSkipsAnyNumberOfMissedOnes() {
    assertEquals(Instant.parse("2026-01-07T03:00:00Z"), Cron.parse("0 3 * * *")
        .latestDue(Instant.parse("2026-01-06T03:00:00Z"), Instant.parse("2026-01-07T03:00:00Z")));
    assertEquals(Instant.parse("2026-01-07T05:00:00Z"), Cron.parse("* * * * *")
        .latestDue(Instant.parse("2016-01-01T00:00:00Z"), Instant.parse("2026-01-07T05:00:30Z")));
  }
}
