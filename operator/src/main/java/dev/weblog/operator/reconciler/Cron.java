package dev.weblog.operator.reconciler;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.Map;

/**
 * A five-field cron schedule (minute hour day-of-month month day-of-week, in UTC) as Kubernetes CronJobs read it:
 * numbers, {@code *}, ranges, steps, lists, month and weekday names, and the @ macros. When both day fields are
 * restricted a day matches either, as in Vixie cron.
 */
public final class Cron {

  private static final Map<String, String> MACROS = Map.of("@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *",
      "@monthly", "0 0 1 * *", "@weekly", "0 0 * * 0", "@daily", "0 0 * * *", "@hourly", "0 * * * *");
  private static final String[] MONTHS = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT",
      "NOV", "DEC"};
  private static final String[] DAYS = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};
  /** Far enough for any valid schedule (Feb 29 on a given weekday recurs within 28 years). */
  private static final int MAX_YEARS = 30;
  /** Any fixed start will do: a schedule that fires at all fires within MAX_YEARS of any instant. */
  private static final Instant SATISFIABILITY_PROBE = Instant.parse("2000-01-01T00:00:00Z");

  private final String expression;
  private final BitSet minutes;
  private final BitSet hours;
  private final BitSet days;
  private final BitSet months;
  private final BitSet weekdays;
  private final boolean anyDay;
  private final boolean anyWeekday;

  private Cron(String expression, String[] f) {
    this.expression = expression;
    minutes = field(f[0], 0, 59, null, "minute");
    hours = field(f[1], 0, 23, null, "hour");
    days = field(f[2], 1, 31, null, "day of month");
    months = field(f[3], 1, 12, MONTHS, "month");
    weekdays = field(f[4], 0, 7, DAYS, "day of week");
    // 7 is Sunday too.
    if (weekdays.get(7)) {
      weekdays.set(0);
    }
    anyDay = f[2].equals("*") || f[2].equals("?");
    anyWeekday = f[4].equals("*") || f[4].equals("?");
  }

  /**
   * Throws IllegalArgumentException naming the bad field, or saying the schedule never fires (a day that no
   * allowed month has, such as {@code 0 0 30 2 *}): such a schedule is refused with the spec, not found out later.
   */
  public static Cron parse(String expression) {
    String e = expression == null ? "" : expression.trim();
    String[] fields = MACROS.getOrDefault(e.toLowerCase(java.util.Locale.ROOT), e).split("\\s+");
    if (fields.length != 5) {
      throw new IllegalArgumentException("cron schedule '" + expression + "' must have five fields (minute hour "
          + "day-of-month month day-of-week) or be one of " + MACROS.keySet());
    }
    Cron cron = new Cron(expression, fields);
    cron.next(SATISFIABILITY_PROBE);
    return cron;
  }

  /** The first slot strictly after {@code after}. */
  public Instant next(Instant after) {
    ZonedDateTime t = after.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
    ZonedDateTime limit = t.plusYears(MAX_YEARS);
    while (t.isBefore(limit)) {
      if (!months.get(t.getMonthValue())) {
        t = t.withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS).plusMonths(1);
      } else if (!dayMatches(t)) {
        t = t.truncatedTo(ChronoUnit.DAYS).plusDays(1);
      } else if (!hours.get(t.getHour())) {
        t = t.truncatedTo(ChronoUnit.HOURS).plusHours(1);
      } else if (!minutes.get(t.getMinute())) {
        t = t.plusMinutes(1);
      } else {
        return t.toInstant();
      }
    }
    throw new IllegalArgumentException("cron schedule '" + expression + "' never fires (no allowed month has the "
        + "day it names)");
  }

  /** The latest slot at or before {@code now} that comes after {@code after}; null when none. */
  public Instant latestDue(Instant after, Instant now) {
    Instant due = null;
    for (Instant t = next(after); !t.isAfter(now); t = next(t)) {
      due = t;
    }
    return due;
  }

  private boolean dayMatches(ZonedDateTime t) {
    boolean day = days.get(t.getDayOfMonth());
    boolean weekday = weekdays.get(t.getDayOfWeek().getValue() % 7);
    if (anyDay || anyWeekday) {
      return day && weekday;
    }
    return day || weekday;
  }

  private static BitSet field(String text, int min, int max, String[] names, String what) {
    BitSet bits = new BitSet(max + 1);
    for (String part : text.split(",")) {
      String[] stepParts = part.split("/", -1);
      if (stepParts.length > 2) {
        throw bad(text, what, min, max);
      }
      int step = stepParts.length == 2 ? number(stepParts[1], 1, max, null, text, what) : 1;
      String range = stepParts[0];
      int from;
      int to;
      if (range.equals("*") || range.equals("?")) {
        from = min;
        to = max;
      } else if (range.contains("-")) {
        String[] ends = range.split("-", -1);
        if (ends.length != 2) {
          throw bad(text, what, min, max);
        }
        from = number(ends[0], min, max, names, text, what);
        to = number(ends[1], min, max, names, text, what);
      } else {
        from = number(range, min, max, names, text, what);
        to = stepParts.length == 2 ? max : from;
      }
      if (from > to) {
        throw bad(text, what, min, max);
      }
      for (int v = from; v <= to; v += step) {
        bits.set(v);
      }
    }
    return bits;
  }

  private static int number(String s, int min, int max, String[] names, String text, String what) {
    if (names != null) {
      for (int i = 0; i < names.length; i++) {
        if (names[i].equalsIgnoreCase(s)) {
          return i + min;
        }
      }
    }
    try {
      int v = Integer.parseInt(s);
      if (v >= min && v <= max) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below with the field's range
    }
    throw bad(text, what, min, max);
  }

  private static IllegalArgumentException bad(String text, String what, int min, int max) {
    return new IllegalArgumentException("cron " + what + " field '" + text + "' is not a value, range, list or "
        + "step within " + min + "-" + max);
  }

  @Override
  public String toString() {
    return expression;
  }
}
