package dev.weblog.common.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weblog.common.Column;
import dev.weblog.common.Target;
import dev.weblog.common.WebLogRecord;
import dev.weblog.common.generator.Drift;
import dev.weblog.common.generator.GeneratorConfig;
import dev.weblog.common.generator.WebLogGenerator;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The drift rule's defaults on generated streams, without Spark: a profile and a simple model (the most frequent
 * label per product category) from the history, then live lines in batches of 1,000 through {@link BatchCounts},
 * {@link BatchMonitor} and a {@link DriftWindow} per target. A stationary stream must flag nothing; each kind of
 * generated drift must be detected within three windows (nine batches) of the shift. Two label vocabularies and
 * seeds, so nothing is tuned to the defaults.
 */
class DriftDetectionTest {

  private static final int BATCH = 1000;
  private static final List<Column> FEATURES = Column.DEFAULT_FEATURES;
  private static final long HISTORY = 60_000;

  static List<GeneratorConfig> worlds() {
    return List.of(GeneratorConfig.defaults().withHistoryRows(HISTORY),
        GeneratorConfig.defaults().withHistoryRows(HISTORY).withSeed(7)
            .withAgeBuckets(List.of("young", "middle", "old")).withGenderLabels(List.of("F", "M")));
  }

  /** The most frequent label per product category in the history, and the profile of the history. */
  private record Model(Map<Target, TrainingProfile> profiles, Map<Target, Map<Integer, String>> majority,
      Map<Target, Double> testAccuracy) {

    static Model fit(GeneratorConfig config) {
      List<WebLogRecord> history = new ArrayList<>();
      new WebLogGenerator(config).history().forEachRemaining(history::add);
      List<WebLogRecord> train = history.subList(0, history.size() * 4 / 5);
      List<WebLogRecord> test = history.subList(history.size() * 4 / 5, history.size());
      Map<Target, TrainingProfile> profiles = new EnumMap<>(Target.class);
      Map<Target, Map<Integer, String>> majority = new EnumMap<>(Target.class);
      Map<Target, Double> accuracy = new EnumMap<>(Target.class);
      for (Target target : Target.values()) {
        ProfileBuilder builder = new ProfileBuilder(target, FEATURES, Map.of());
        Map<Integer, Map<String, Long>> counts = new HashMap<>();
        for (WebLogRecord r : train) {
          builder.add(features(r), r.label(target));
          if (r.label(target) != null) {
            counts.computeIfAbsent(r.productCategoryId(), k -> new HashMap<>()).merge(r.label(target), 1L, Long::sum);
          }
        }
        profiles.put(target, builder.build());
        Map<Integer, String> best = new HashMap<>();
        counts.forEach((category, labels) -> best.put(category,
            labels.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey()));
        majority.put(target, best);
        long labelled = test.stream().filter(r -> r.label(target) != null).count();
        long right = test.stream().filter(r -> r.label(target) != null && r.label(target).equals(predict(best, r)))
            .count();
        accuracy.put(target, (double) right / labelled);
      }
      return new Model(profiles, majority, accuracy);
    }

    static String predict(Map<Integer, String> best, WebLogRecord r) {
      return best.getOrDefault(r.productCategoryId(), best.values().iterator().next());
    }
  }

  private static Map<Column, String> features(WebLogRecord r) {
    return Map.of(Column.PRODUCT_CATEGORY_ID, String.valueOf(r.productCategoryId()), Column.DEVICE_TYPE,
        String.valueOf(r.deviceType()), Column.CONNECT_TYPE, String.valueOf(r.connectType()));
  }

  /** What a run of live lines showed each target: bad batches, the first detection, the largest PSI. */
  private record Run(Map<Target, Integer> badBatches, Map<Target, Integer> detectedAt, Map<Target, Double> maxPsi,
      Map<Target, String> firstReason) {}

  private static Run run(Model model, GeneratorConfig config) {
    Map<Target, DriftWindow> windows = new EnumMap<>(Target.class);
    Map<Target, Integer> bad = new EnumMap<>(Target.class);
    Map<Target, Integer> detected = new EnumMap<>(Target.class);
    Map<Target, Double> maxPsi = new EnumMap<>(Target.class);
    Map<Target, String> reason = new EnumMap<>(Target.class);
    for (Target t : Target.values()) {
      windows.put(t, DriftWindow.start(DriftRule.DEFAULTS, model.testAccuracy().get(t)));
      bad.put(t, 0);
      maxPsi.put(t, 0.0);
    }
    Iterator<WebLogRecord> live = new WebLogGenerator(config).live();
    int batch = 0;
    while (live.hasNext()) {
      Map<Target, BatchCounts> counts = new EnumMap<>(Target.class);
      model.profiles().forEach((t, p) -> counts.put(t, new BatchCounts(p)));
      for (int i = 0; i < BATCH && live.hasNext(); i++) {
        WebLogRecord r = live.next();
        Map<Column, String> row = features(r);
        for (Target t : Target.values()) {
          counts.get(t).add(row, Model.predict(model.majority().get(t), r), r.label(t));
        }
      }
      for (Target t : Target.values()) {
        BatchReport report = BatchMonitor.report(batch, counts.get(t));
        DriftWindow next = windows.get(t).next(report);
        if (next.streak() > 0) {
          bad.merge(t, 1, Integer::sum);
        }
        if (next.detected() && !detected.containsKey(t)) {
          detected.put(t, batch);
          reason.put(t, next.reason());
        }
        maxPsi.merge(t, report.worstPsi(), Math::max);
        windows.put(t, next);
      }
      batch++;
    }
    return new Run(bad, detected, maxPsi, reason);
  }

  @ParameterizedTest
  @MethodSource("worlds")
  void aStationaryStreamFlagsNothing(GeneratorConfig world) {
    Model model = Model.fit(world);
    Run run = run(model, world.withLiveRows(200_000));
    System.out.printf("stationary %s: max PSI %s, bad batches %s, test accuracy %s%n", world.ageBuckets(),
        run.maxPsi(), run.badBatches(), model.testAccuracy());
    for (Target t : Target.values()) {
      assertEquals(0, run.badBatches().get(t), t.id() + ": " + run);
      assertTrue(!run.detectedAt().containsKey(t), t.id());
    }
  }

  static List<Object[]> drifts() {
    List<Object[]> cases = new ArrayList<>();
    for (GeneratorConfig world : worlds()) {
      for (Drift.Kind kind : Drift.Kind.values()) {
        cases.add(new Object[] {world, kind});
      }
    }
    return cases;
  }

  @ParameterizedTest
  @MethodSource("drifts")
  void eachKindOfDriftIsDetectedWithinThreeWindowsOfTheShift(GeneratorConfig world, Drift.Kind kind) {
    int shiftBatch = 10;
    Model model = Model.fit(world);
    Run run = run(model, world.withLiveRows(30_000).withDrift(new Drift((long) shiftBatch * BATCH + 1,
        Set.of(kind))));
    System.out.printf("drift %s %s: detected at batch %s (shift at %d), max PSI %s, first reason %s%n",
        kind.id(), world.ageBuckets(), run.detectedAt(), shiftBatch, run.maxPsi(), run.firstReason());
    int first = run.detectedAt().values().stream().mapToInt(Integer::intValue).min().orElse(Integer.MAX_VALUE);
    assertTrue(first >= shiftBatch, "nothing before the shift: " + run);
    assertTrue(first < shiftBatch + 3 * DriftRule.DEFAULTS.batches(), kind + " within 9 batches: " + run);
  }
}
