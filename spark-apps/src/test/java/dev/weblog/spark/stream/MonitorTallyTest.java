package dev.weblog.spark.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weblog.common.Column;
import dev.weblog.common.Target;
import dev.weblog.common.monitor.BatchCounts;
import dev.weblog.common.monitor.BatchMonitor;
import dev.weblog.common.monitor.ProfileBuilder;
import dev.weblog.common.monitor.TrainingProfile;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MonitorTallyTest {

  private static final List<Column> FEATURES = List.of(Column.PRODUCT_CATEGORY_ID, Column.IP, Column.LAT);
  private static final String[] AGES = {"18-25", "26-35", "36-50"};

  /** Training saw categories 0..9, ips a..e and latitudes 40..50; the cap keeps 8 categories, 8+ share a bin. */
  private static TrainingProfile profile(Target target) {
    ProfileBuilder builder = new ProfileBuilder(target, FEATURES, Map.of(Column.LAT, new double[] {42, 45, 48}), 8);
    Random random = new Random(1);
    for (int i = 0; i < 2000; i++) {
      builder.add(Map.of(Column.PRODUCT_CATEGORY_ID, String.valueOf(random.nextInt(10)), Column.IP,
          "ip-" + (char) ('a' + random.nextInt(5)), Column.LAT, String.valueOf(40 + 10 * random.nextDouble())),
          target == Target.AGE_GROUP ? AGES[random.nextInt(3)] : random.nextBoolean() ? "M" : "F");
    }
    return builder.build();
  }

  /** Live lines with unseen categories (10..14), ips (f, g) and latitudes (below 40, above 50), some unlabelled. */
  private static List<Object[]> lines(int count, long seed) {
    Random random = new Random(seed);
    List<Object[]> lines = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Object[] values = new Object[StreamBatchTask.ROW.size()];
      values[Column.PRODUCT_CATEGORY_ID.ordinal()] = random.nextInt(15);
      values[Column.IP.ordinal()] = "ip-" + (char) ('a' + random.nextInt(7));
      values[Column.LAT.ordinal()] = 38 + 14 * random.nextDouble();
      values[Column.AGE_GROUP.ordinal()] = random.nextInt(4) == 0 ? null : AGES[random.nextInt(3)];
      values[Column.GENDER.ordinal()] = random.nextInt(3) == 0 ? null : random.nextBoolean() ? "M" : "F";
      values[StreamBatchTask.PREDICTED_AT + Target.AGE_GROUP.ordinal()] = AGES[random.nextInt(3)];
      values[StreamBatchTask.PREDICTED_AT + Target.GENDER.ordinal()] = random.nextBoolean() ? "M" : "F";
      lines.add(values);
    }
    return lines;
  }

  /** What the slow per-line path makes of the same lines: each value as its text, as training counted it. */
  private static BatchCounts slow(TrainingProfile profile, List<Object[]> lines) {
    BatchCounts counts = new BatchCounts(profile);
    Target target = profile.target();
    for (Object[] values : lines) {
      Map<Column, String> row = new EnumMap<>(Column.class);
      for (Column c : FEATURES) {
        row.put(c, String.valueOf(values[c.ordinal()]));
      }
      counts.add(row, (String) values[StreamBatchTask.PREDICTED_AT + target.ordinal()],
          (String) values[target.column().ordinal()]);
    }
    return counts;
  }

  private static void assertSame(BatchCounts expected, BatchCounts actual) {
    assertEquals(expected.lines(), actual.lines());
    assertEquals(expected.labelled(), actual.labelled());
    assertEquals(expected.correct(), actual.correct());
    assertEquals(expected.predicted(), actual.predicted());
    for (Column c : FEATURES) {
      assertArrayEquals(expected.bins(c), actual.bins(c), c.columnName());
      assertEquals(expected.unseen(c), actual.unseen(c), c.columnName());
      assertEquals(expected.unseenValues(c), actual.unseenValues(c), c.columnName());
    }
    assertEquals(BatchMonitor.report(7, expected), BatchMonitor.report(7, actual));
  }

  @Test
  void countsTypedValuesExactlyAsBatchCountsCountsTheirText() {
    Map<Target, TrainingProfile> profiles = Map.of(Target.AGE_GROUP, profile(Target.AGE_GROUP), Target.GENDER,
        profile(Target.GENDER));
    MonitorTally.Plan plan = new MonitorTally.Plan(profiles);
    List<Object[]> lines = lines(3000, 2);
    MonitorTally tally = new MonitorTally(plan);
    lines.forEach(v -> tally.valid(v, StreamBatchTask.PREDICTED_AT));
    for (Target target : Target.values()) {
      BatchCounts counts = tally.counts(target);
      assertSame(slow(profiles.get(target), lines), counts);
      assertEquals(true, counts.unseen(Column.PRODUCT_CATEGORY_ID) > 0, "categories 10..14 are unseen");
      assertEquals(true, counts.unseen(Column.LAT) > 0, "latitudes outside 40..50 are unseen");
    }
  }

  @Test
  void tasksTalliesMergeIntoTheTallyOfAllTheirLines() {
    MonitorTally.Plan plan = new MonitorTally.Plan(Map.of(Target.GENDER, profile(Target.GENDER)));
    List<Object[]> first = lines(1200, 3);
    List<Object[]> second = lines(800, 4);
    MonitorTally a = new MonitorTally(plan);
    MonitorTally b = new MonitorTally(plan);
    first.forEach(v -> a.valid(v, StreamBatchTask.PREDICTED_AT));
    second.forEach(v -> b.valid(v, StreamBatchTask.PREDICTED_AT));
    a.add(b);
    List<Object[]> all = new ArrayList<>(first);
    all.addAll(second);
    assertSame(slow(plan.profile(Target.GENDER), all), a.counts(Target.GENDER));
    assertThrows(IllegalArgumentException.class, () -> a.counts(Target.AGE_GROUP), "age_group is not monitored");
  }
}
