package dev.weblog.operator.reconciler;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A five-field cron schedule (minute hour day-of-month month day-of-week, in UTC) as Kubernetes CronJobs read it:
 * numbers, {@code *}, ranges, steps, lists, month and weekday names, and the @ macros. When both day fields are
 * restricted a day matches either, as in Vixie cron. cron-utils (its Unix definition) parses the fields and finds
 * the slots; this class adds what that definition lacks: the macros, {@code ?}, and the weekday fields it misreads.
 */
public final class Cron {

  private static final Map<String, String> MACROS = Map.of("@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *",
      "@monthly", "0 0 1 * *", "@weekly", "0 0 * * 0", "@daily", "0 0 * * *", "@hourly", "0 * * * *");
  private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
  private static final List<String> FIELDS = List.of("minute", "hour", "day of month", "month", "day of week");
  private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
  /**
   * cron-utils reads SUN as 7 in a range (SUN-SAT is refused, MON-SUN taken) and turns 7 into 0 before stepping
   * (7/2 becomes every other day, 0-7/7 is refused): weekday fields with a name or a 7 are expanded here.
   */
  private static final Pattern NAME_OR_SEVEN = Pattern.compile("[A-Za-z]|7");
  private static final Pattern WEEKDAY_PART =
      Pattern.compile("(\\*|[0-9]{1,2}|[A-Za-z]{3})(?:-([0-9]{1,2}|[A-Za-z]{3}))?(?:/([0-9]{1,2}))?");
  /** Any fixed start will do: cron-utils finds no slot for a schedule that never fires. */
  private static final Instant SATISFIABILITY_PROBE = Instant.parse("2000-01-01T00:00:00Z");

  private final String expression;
  private final ExecutionTime slots;

  private Cron(String expression, ExecutionTime slots) {
    this.expression = expression;
    this.slots = slots;
  }

  /**
   * Throws IllegalArgumentException naming the bad field, or saying the schedule never fires (a day that no
   * allowed month has, such as {@code 0 0 30 2 *}): such a schedule is refused with the spec, not found out later.
   */
  public static Cron parse(String expression) {
    String e = expression == null ? "" : expression.trim();
    String[] written = MACROS.getOrDefault(e.toLowerCase(Locale.ROOT), e).split("\\s+");
    if (written.length != 5) {
      throw new IllegalArgumentException("cron schedule '" + expression + "' must have five fields (minute hour "
          + "day-of-month month day-of-week) or be one of " + MACROS.keySet());
    }
    if (e.contains("|")) {
      // cron-utils would read it as several schedules.
      throw new IllegalArgumentException("cron schedule '" + expression + "' must not contain '|'");
    }
    String[] fields = new String[5];
    for (int i = 0; i < 5; i++) {
      // The Unix definition has no '?' (Kubernetes reads '*') and refuses trailing commas (Kubernetes ignores them).
      fields[i] = written[i].replace('?', '*').replaceFirst(",+$", "");
    }
    fields[4] = weekdays(fields[4], () -> bad(expression, 4, written[4], "not a value, range, list or step "
        + "within 0-7 (SUN-SAT)"));
    Cron cron = new Cron(expression, ExecutionTime.forCron(parsed(expression, written, fields)));
    cron.next(SATISFIABILITY_PROBE);
    return cron;
  }

  /** The first slot strictly after {@code after}. */
  public Instant next(Instant after) {
    return slots.nextExecution(after.atZone(ZoneOffset.UTC)).map(ZonedDateTime::toInstant).orElseThrow(
        () -> new IllegalArgumentException("cron schedule '" + expression + "' never fires (no allowed month has "
            + "the day it names)"));
  }

  /** The latest slot at or before {@code now} that comes after {@code after}; null when none. */
  public Instant latestDue(Instant after, Instant now) {
    // Slots fall on whole minutes and lastExecution looks strictly before its argument.
    ZonedDateTime end = now.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
    return slots.lastExecution(end).map(ZonedDateTime::toInstant).filter(t -> t.isAfter(after)).orElse(null);
  }

  private static com.cronutils.model.Cron parsed(String expression, String[] written, String[] fields) {
    try {
      return PARSER.parse(String.join(" ", fields)).validate();
    } catch (IllegalArgumentException e) {
      // cron-utils does not say which field it refused: try each alone.
      for (int i = 0; i < fields.length; i++) {
        String[] alone = {"*", "*", "*", "*", "*"};
        alone[i] = fields[i];
        try {
          PARSER.parse(String.join(" ", alone));
        } catch (IllegalArgumentException refused) {
          throw bad(expression, i, written[i], refused.getMessage().replace("Failed to parse cron expression. ", ""));
        }
      }
      throw new IllegalArgumentException("cron schedule '" + expression + "': " + e.getMessage(), e);
    }
  }

  /** The weekday field as cron-utils reads it right: unchanged, or the days it names as a list of 0-6. */
  private static String weekdays(String field, Supplier<IllegalArgumentException> bad) {
    if (!NAME_OR_SEVEN.matcher(field).find()) {
      return field;
    }
    BitSet days = new BitSet(7);
    for (String part : field.split(",", -1)) {
      Matcher m = WEEKDAY_PART.matcher(part);
      if (!m.matches() || m.group(1).equals("*") && m.group(2) != null) {
        throw bad.get();
      }
      int from = m.group(1).equals("*") ? 0 : weekday(m.group(1));
      int to = m.group(2) != null ? weekday(m.group(2)) : m.group(1).equals("*") || m.group(3) != null ? 7 : from;
      int step = m.group(3) == null ? 1 : Integer.parseInt(m.group(3));
      if (from < 0 || to > 7 || from > to || step < 1 || step > 7) {
        throw bad.get();
      }
      for (int d = from; d <= to; d += step) {
        days.set(d % 7);
      }
    }
    return days.stream().mapToObj(Integer::toString).collect(Collectors.joining(","));
  }

  /** A day's number, 8 or more for numbers out of range, -1 for a word that names no day. */
  private static int weekday(String s) {
    return Character.isDigit(s.charAt(0)) ? Integer.parseInt(s) : DAYS.indexOf(s.toUpperCase(Locale.ROOT));
  }

  private static IllegalArgumentException bad(String expression, int field, String text, String why) {
    return new IllegalArgumentException("cron schedule '" + expression + "': " + FIELDS.get(field) + " field '"
        + text + "': " + why);
  }

  @Override
  public String toString() {
    return expression;
  }
}
