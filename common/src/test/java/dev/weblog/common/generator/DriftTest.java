package dev.weblog.common.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weblog.common.JobContract;
import dev.weblog.common.Target;
import dev.weblog.common.WebLogCsvCodec;
import dev.weblog.common.WebLogRecord;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DriftTest {

  private static final GeneratorConfig SMALL = GeneratorConfig.defaults().withHistoryRows(20_000).withLiveRows(4_000);
  private static final Set<Drift.Kind> ALL = EnumSet.allOf(Drift.Kind.class);

  @TempDir
  Path tmp;

  @Test
  void rowsBeforeTheDriftAreTheRowsWrittenWithoutIt() throws Exception {
    GeneratorConfig drifting = SMALL.withDrift(new Drift(1_501, ALL));
    new WebLogGenerator(SMALL).writeLive(tmp.resolve("plain.csv"));
    new WebLogGenerator(drifting).writeLive(tmp.resolve("a.csv"));
    new WebLogGenerator(drifting).writeLive(tmp.resolve("b.csv"));
    new WebLogGenerator(SMALL).writeHistory(tmp.resolve("plain-history.csv"));
    new WebLogGenerator(drifting).writeHistory(tmp.resolve("drifting-history.csv"));
    List<String> plain = Files.readAllLines(tmp.resolve("plain.csv"));
    List<String> shifted = Files.readAllLines(tmp.resolve("a.csv"));
    assertEquals(plain.subList(0, 1_501), shifted.subList(0, 1_501), "header and live rows 1 to 1500");
    assertNotEquals(plain.subList(1_501, plain.size()), shifted.subList(1_501, shifted.size()));
    assertEquals(shifted, Files.readAllLines(tmp.resolve("b.csv")), "the same seed drifts the same way");
    assertEquals(Files.readAllLines(tmp.resolve("plain-history.csv")),
        Files.readAllLines(tmp.resolve("drifting-history.csv")));
    GroundTruth before = new WebLogGenerator(SMALL).groundTruth();
    GroundTruth after = new WebLogGenerator(drifting).groundTruth();
    assertEquals(before.bayesOptimalGender(), after.bayesOptimalGender());
    assertEquals(before.bayesOptimalAgeGroup(), after.bayesOptimalAgeGroup());
  }

  @Test
  void groundTruthHoldsTheDriftOnlyWhenThereIsOne() throws Exception {
    new WebLogGenerator(SMALL).groundTruth().write(tmp.resolve("plain.json"));
    String plain = Files.readString(tmp.resolve("plain.json"));
    assertFalse(plain.contains("drift"), plain);
    assertNull(GroundTruth.read(tmp.resolve("plain.json")).drift());
    GroundTruth drifting = new WebLogGenerator(SMALL.withDrift(new Drift(2_001,
        EnumSet.of(Drift.Kind.CATEGORIES, Drift.Kind.PREFERENCES)))).groundTruth();
    drifting.write(tmp.resolve("drift.json"));
    GroundTruth read = GroundTruth.read(tmp.resolve("drift.json"));
    assertEquals(drifting, read);
    assertEquals(2_001, read.drift().atLine());
    assertEquals(List.of("preferences", "categories"), read.drift().kinds());
    assertEquals(2, read.drift().changes().size(), read.drift().changes().toString());
  }

  @Test
  void preferencesDriftSwapsTheGendersTastesInSomeAgeGroups() {
    GeneratorConfig config = GeneratorConfig.defaults().withHistoryRows(100_000).withLiveRows(200_000)
        .withDrift(new Drift(100_001, EnumSet.of(Drift.Kind.PREFERENCES)));
    WebLogGenerator generator = new WebLogGenerator(config);
    Sample before = new Sample();
    Sample after = new Sample();
    split(generator, before, after);
    boolean[] swapped = DriftedWorld.swappedAges(config.ageBuckets().size(), config.seed());
    for (String gender : config.genderLabels()) {
      for (int a = 0; a < swapped.length; a++) {
        String age = config.ageBuckets().get(a);
        double moved = before.categoryDistance(after, gender, age);
        assertTrue(swapped[a] ? moved > 0.3 : moved < 0.1, gender + "/" + age + " swapped " + swapped[a]
            + ": category shares moved by " + moved);
      }
    }
    GroundTruth truth = generator.groundTruth();
    assertTrue(truth.drift().bayesOptimalGender() < truth.bayesOptimalGender() - 0.05,
        "a category no longer says the same gender in every age group: " + truth);
    assertTrue(truth.drift().preDriftDecisionGender() < truth.drift().bayesOptimalGender(),
        "the model of before is worse than one of after: " + truth);
  }

  @Test
  void labelsDriftChangesTheLabelMixOfTheVisits() {
    GeneratorConfig config = GeneratorConfig.defaults().withHistoryRows(100_000).withLiveRows(100_000)
        .withDrift(new Drift(50_001, EnumSet.of(Drift.Kind.LABELS)));
    Sample before = new Sample();
    Sample after = new Sample();
    split(new WebLogGenerator(config), before, after);
    assertTrue(before.shareDistance(after, Target.GENDER) > 0.1, before.labels + " then " + after.labels);
    assertTrue(before.shareDistance(after, Target.AGE_GROUP) > 0.15, before.labels + " then " + after.labels);
    assertEquals(before.categories.keySet(), after.categories.keySet(), "no new categories");
  }

  @Test
  void newCategoriesAppearOnlyAfterTheDrift() {
    GeneratorConfig config = GeneratorConfig.defaults().withHistoryRows(50_000).withLiveRows(40_000)
        .withDrift(new Drift(20_001, EnumSet.of(Drift.Kind.CATEGORIES)));
    WebLogGenerator generator = new WebLogGenerator(config);
    Sample history = new Sample();
    generator.history().forEachRemaining(history::add);
    Sample before = new Sample();
    Sample after = new Sample();
    split(generator, before, after);
    int known = BehaviourModel.CATEGORIES;
    int added = DriftedWorld.newCategories(known);
    assertEquals(known, history.categories.keySet().stream().mapToInt(Integer::intValue).max().orElseThrow());
    assertEquals(known, before.categories.keySet().stream().mapToInt(Integer::intValue).max().orElseThrow());
    assertEquals(known + added, after.categories.size(), "every new category shows up: " + after.categories);
    long fresh = after.categories.entrySet().stream().filter(e -> e.getKey() > known)
        .mapToLong(Map.Entry::getValue).sum();
    assertEquals(DriftedWorld.NEW_CATEGORY_SHARE, fresh / 20_000.0, 0.02);
    assertTrue(generator.groundTruth().drift().changes().get(0).contains((known + 1) + " to " + (known + added)));
  }

  /** The written bounds are what the Bayes decisions of after and of before really score on shifted rows. */
  @Test
  void decisionsOnShiftedRowsReachTheWrittenBounds() {
    for (Set<Drift.Kind> kinds : List.of(ALL, EnumSet.of(Drift.Kind.PREFERENCES, Drift.Kind.LABELS))) {
      GeneratorConfig config = GeneratorConfig.defaults().withLiveRows(300_000).withDrift(new Drift(1, kinds));
      WebLogGenerator generator = new WebLogGenerator(config);
      GroundTruth.AfterDrift truth = generator.groundTruth().drift();
      for (Target target : Target.values()) {
        double[] rates = hitRates(generator.live(), target, generator::bayesOptimalLabelAfterDrift,
            generator::bayesOptimalLabel);
        assertEquals(truth.bayesOptimal(target), rates[0], 0.006, kinds + " " + target);
        if (!kinds.contains(Drift.Kind.CATEGORIES)) {
          assertEquals(truth.preDriftDecision(target), rates[1], 0.006, kinds + " " + target);
        }
      }
    }
  }

  @Test
  void otherVocabulariesDriftToo() {
    for (List<String> buckets : List.of(List.of("young", "mid", "old"), List.of("a", "b"),
        List.of("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"))) {
      GeneratorConfig config = SMALL.withAgeBuckets(buckets).withGenderLabels(List.of("F", "M"))
          .withDrift(new Drift(2_001, ALL));
      WebLogGenerator generator = new WebLogGenerator(config);
      Sample before = new Sample();
      Sample after = new Sample();
      split(generator, before, after);
      assertTrue(Set.copyOf(buckets).containsAll(after.labels.get(Target.AGE_GROUP).keySet()), buckets.toString());
      assertEquals(Set.of("F", "M"), after.labels.get(Target.GENDER).keySet());
      assertTrue(after.categories.keySet().stream().anyMatch(c -> c > BehaviourModel.CATEGORIES));
      boolean[] swapped = DriftedWorld.swappedAges(buckets.size(), config.seed());
      int count = 0;
      for (boolean s : swapped) {
        count += s ? 1 : 0;
      }
      assertEquals(Math.max(1, buckets.size() / 2), count, buckets.toString());
      GroundTruth truth = generator.groundTruth();
      assertTrue(truth.drift().bayesOptimalGender() < truth.bayesOptimalGender(), buckets + ": " + truth);
      assertTrue(truth.drift().bayesOptimalAgeGroup() > 1.0 / buckets.size(), buckets + ": " + truth);
      assertTrue(truth.drift().changes().get(0).contains("genders F and M"), truth.drift().changes().toString());
    }
  }

  @Test
  void driftSettingsAreChecked() {
    assertThrows(IllegalArgumentException.class, () -> new Drift(0, ALL));
    assertThrows(IllegalArgumentException.class, () -> new Drift(5, Set.of()));
    IllegalArgumentException beyond = assertThrows(IllegalArgumentException.class,
        () -> SMALL.withDrift(new Drift(4_001, ALL)));
    assertTrue(beyond.getMessage().contains("4001"), beyond.getMessage());
    assertThrows(IllegalArgumentException.class, () -> SMALL.withDrift(new Drift(4_000, ALL)).withLiveRows(3_999));
    assertEquals(ALL, Drift.kinds(List.of("labels", "all")));
    assertEquals(EnumSet.of(Drift.Kind.LABELS), Drift.kinds(List.of("labels")));
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
        () -> Drift.kinds(List.of("weather")));
    assertTrue(unknown.getMessage().contains("weather") && unknown.getMessage().contains("preferences"));
  }

  @Test
  void commandNamesTheOptionOfAWrongDrift() throws Exception {
    Path out = tmp.resolve("out");
    assertUsageError("--drift-at", "--rows", "2000", "--live-rows", "500", "--drift-at", "501", "--out",
        out.toString());
    assertUsageError("--drift-at", "--rows", "2000", "--live-rows", "500", "--drift-at", "0", "--out", out.toString());
    assertUsageError("--drift-kind", "--rows", "2000", "--live-rows", "500", "--drift-at", "10", "--drift-kind",
        "weather", "--out", out.toString());
    assertUsageError("--drift-at", "--rows", "2000", "--live-rows", "500", "--drift-kind", "labels", "--out",
        out.toString());
    assertFalse(Files.exists(out), "nothing is written before the options are right");
    int code = new CommandLine(new GenerateCommand()).execute("--rows", "2000", "--live-rows", "500", "--drift-at",
        "201", "--drift-kind", "labels,categories", "--out", out.toString());
    assertEquals(0, code);
    GroundTruth.AfterDrift drift = GroundTruth.read(out.resolve(GroundTruth.FILE_NAME)).drift();
    assertEquals(201, drift.atLine());
    assertEquals(List.of("labels", "categories"), drift.kinds());
  }

  /** Live rows up to the drift into one sample, the rest into the other; every row must be a valid line. */
  private static void split(WebLogGenerator generator, Sample before, Sample after) {
    long shifted = generator.config().drift().firstShiftedRow();
    Iterator<WebLogRecord> rows = generator.live();
    for (long n = 0; rows.hasNext(); n++) {
      WebLogRecord r = rows.next();
      assertTrue(WebLogCsvCodec.decode(r.toCsvLine()).isValid(), r.toCsvLine());
      (n < shifted ? before : after).add(r);
    }
  }

  /** A label decision from (product_category_id, device_type, connect_type); null when it has none. */
  private interface Decision {
    String label(Target target, int productCategoryId, int deviceType, int connectType);
  }

  /** Per decision, the share of the labeled rows whose label it gives. */
  private static double[] hitRates(Iterator<WebLogRecord> rows, Target target, Decision... decisions) {
    long[] hits = new long[decisions.length];
    long labeled = 0;
    while (rows.hasNext()) {
      WebLogRecord r = rows.next();
      String label = r.label(target);
      if (label != null) {
        labeled++;
        for (int i = 0; i < decisions.length; i++) {
          hits[i] += label.equals(decisions[i].label(target, r.productCategoryId(), r.deviceType(),
              r.connectType())) ? 1 : 0;
        }
      }
    }
    double[] rates = new double[decisions.length];
    for (int i = 0; i < rates.length; i++) {
      rates[i] = hits[i] / (double) labeled;
    }
    return rates;
  }

  private static void assertUsageError(String option, String... args) {
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new GenerateCommand());
    cli.setErr(new PrintWriter(err));
    assertEquals(JobContract.EXIT_USAGE, cli.execute(args), err.toString());
    assertTrue(err.toString().contains(option), err.toString());
  }

  /** Labeled rows' label shares and categories, and category counts per group. */
  private static final class Sample {
    final Map<Target, Map<String, Long>> labels = new HashMap<>();
    final Map<Integer, Long> categories = new HashMap<>();
    final Map<String, Map<Integer, Long>> byGroup = new HashMap<>();

    Sample() {
      for (Target target : Target.values()) {
        labels.put(target, new HashMap<>());
      }
    }

    void add(WebLogRecord r) {
      categories.merge(r.productCategoryId(), 1L, Long::sum);
      if (r.gender() == null) {
        return;
      }
      for (Target target : Target.values()) {
        labels.get(target).merge(r.label(target), 1L, Long::sum);
      }
      byGroup.computeIfAbsent(r.gender() + "/" + r.ageGroup(), k -> new HashMap<>())
          .merge(r.productCategoryId(), 1L, Long::sum);
    }

    /** Total variation distance between the groups' category shares here and there. */
    double categoryDistance(Sample other, String gender, String age) {
      return distance(byGroup.get(gender + "/" + age), other.byGroup.get(gender + "/" + age));
    }

    double shareDistance(Sample other, Target target) {
      return distance(labels.get(target), other.labels.get(target));
    }

    private static <K> double distance(Map<K, Long> a, Map<K, Long> b) {
      double totalA = a.values().stream().mapToLong(Long::longValue).sum();
      double totalB = b.values().stream().mapToLong(Long::longValue).sum();
      Set<K> keys = new HashSet<>(a.keySet());
      keys.addAll(b.keySet());
      double sum = 0;
      for (K k : keys) {
        sum += Math.abs(a.getOrDefault(k, 0L) / totalA - b.getOrDefault(k, 0L) / totalB);
      }
      return sum / 2;
    }
  }
}
