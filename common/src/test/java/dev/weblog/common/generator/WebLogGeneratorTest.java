package dev.weblog.common.generator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weblog.common.Column;
import dev.weblog.common.Target;
import dev.weblog.common.WebLogCsvCodec;
import dev.weblog.common.WebLogRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebLogGeneratorTest {

  @TempDir
  Path tmp;

  @Test
  void sameSeedAndSizeGiveIdenticalBytes() throws Exception {
    GeneratorConfig config = GeneratorConfig.defaults().withHistoryRows(20_000).withLiveRows(2_000).withSeed(3);
    new WebLogGenerator(config).writeHistory(tmp.resolve("a.csv"));
    new WebLogGenerator(config).writeHistory(tmp.resolve("b.csv"));
    new WebLogGenerator(config.withSeed(4)).writeHistory(tmp.resolve("c.csv"));
    assertArrayEquals(sha256(tmp.resolve("a.csv")), sha256(tmp.resolve("b.csv")));
    assertFalse(MessageDigest.isEqual(sha256(tmp.resolve("a.csv")), sha256(tmp.resolve("c.csv"))));
  }

  /** Seeds written before label vocabularies were options: the defaults must still give these very bytes. */
  @Test
  void defaultVocabulariesGiveTheBytesTheyAlwaysGave() throws Exception {
    GeneratorConfig config = GeneratorConfig.defaults().withHistoryRows(20_000).withLiveRows(2_000);
    WebLogGenerator generator = new WebLogGenerator(config);
    generator.writeHistory(tmp.resolve("h.csv"));
    generator.writeLive(tmp.resolve("l.csv"));
    assertEquals("e8d0ce500726074f457f73ab13bdcdf1aaf9c8750964f46eca541926a43580f3", hex(sha256(tmp.resolve("h.csv"))));
    assertEquals("b9bf605bba48d22ad34bc1496af12f8817ff1dabb3b778a0373eaccafd542dc6", hex(sha256(tmp.resolve("l.csv"))));
    assertEquals(0.9298168967510377, generator.bayesOptimalAccuracy(Target.GENDER));
    assertEquals(0.4912187870166888, generator.bayesOptimalAccuracy(Target.AGE_GROUP));
  }

  @Test
  void otherVocabulariesRenameTheLabelsAndSpreadTheAgesOverTheirBuckets() {
    List<String> buckets = List.of("<20", "20-29", "30-44", "45+");
    GeneratorConfig config = GeneratorConfig.defaults().withHistoryRows(100_000).withAgeBuckets(buckets)
        .withGenderLabels(List.of("F", "M"));
    WebLogGenerator generator = new WebLogGenerator(config);
    Map<String, Long> ages = new HashMap<>();
    Set<String> genders = new HashSet<>();
    Iterator<WebLogRecord> rows = generator.history();
    while (rows.hasNext()) {
      WebLogRecord r = rows.next();
      assertTrue(WebLogCsvCodec.decode(r.toCsvLine()).isValid(), r.toCsvLine());
      if (r.ageGroup() != null) {
        ages.merge(r.ageGroup(), 1L, Long::sum);
        genders.add(r.gender());
      }
    }
    assertEquals(Set.copyOf(buckets), ages.keySet());
    assertEquals(Set.of("F", "M"), genders);
    assertTrue(ages.get("30-44") > ages.get("<20"), "the middle buckets are the common ones: " + ages);
    assertEquals(buckets, generator.labels(Target.AGE_GROUP));
    double age = generator.bayesOptimalAccuracy(Target.AGE_GROUP);
    assertTrue(age > 0.35 && age < 0.7, "four buckets are easier than five, still hard: " + age);
    assertEquals(0.93, generator.bayesOptimalAccuracy(Target.GENDER), 0.01);
    assertTrue(buckets.contains(generator.bayesOptimalLabel(Target.AGE_GROUP, 7, 1, 1)));
  }

  @Test
  void vocabulariesAreCheckedLikeTheCodecChecksLabels() {
    GeneratorConfig d = GeneratorConfig.defaults();
    assertThrows(IllegalArgumentException.class, () -> d.withAgeBuckets(List.of("all")));
    assertThrows(IllegalArgumentException.class, () -> d.withAgeBuckets(List.of("a", "a")));
    assertThrows(IllegalArgumentException.class, () -> d.withGenderLabels(List.of("F", "M", "X")));
    IllegalArgumentException bell = assertThrows(IllegalArgumentException.class,
        () -> d.withGenderLabels(List.of("F", "M\u0007")));
    assertTrue(bell.getMessage().contains("U+0007"), bell.getMessage());
  }

  @Test
  void moreLiveRowsLeaveTheHistoryUnchanged() throws Exception {
    GeneratorConfig config = GeneratorConfig.defaults().withHistoryRows(5_000).withLiveRows(100);
    new WebLogGenerator(config).writeHistory(tmp.resolve("a.csv"));
    new WebLogGenerator(config.withLiveRows(9_000)).writeHistory(tmp.resolve("b.csv"));
    assertArrayEquals(sha256(tmp.resolve("a.csv")), sha256(tmp.resolve("b.csv")));
  }

  @Test
  void filesStartWithTheOriginalHeaderAndHoldTheRequestedRows() throws Exception {
    GeneratorConfig config = GeneratorConfig.defaults().withHistoryRows(1_234).withLiveRows(321);
    WebLogGenerator generator = new WebLogGenerator(config);
    assertEquals(1_234, generator.writeHistory(tmp.resolve("h.csv")));
    assertEquals(321, generator.writeLive(tmp.resolve("l.csv")));
    List<String> history = Files.readAllLines(tmp.resolve("h.csv"));
    assertEquals(Column.HEADER, history.get(0));
    assertEquals(1_235, history.size());
    assertEquals(322, Files.readAllLines(tmp.resolve("l.csv")).size());
  }

  @Test
  void valuesAreValidRealisticAndInTimeOrder() {
    GeneratorConfig config = GeneratorConfig.defaults().withHistoryRows(50_000);
    Iterator<WebLogRecord> rows = new WebLogGenerator(config).history();
    LocalDateTime previous = LocalDateTime.MIN;
    LocalDateTime start = config.historyStart().atStartOfDay();
    LocalDateTime end = start.plusDays(config.historyDays());
    Set<String> devices = new HashSet<>();
    int[] hours = new int[24];
    while (rows.hasNext()) {
      WebLogRecord r = rows.next();
      assertTrue(WebLogCsvCodec.decode(r.toCsvLine()).isValid(), r.toCsvLine());
      assertFalse(r.timestamp().isBefore(previous), "rows go back in time at " + r);
      assertFalse(r.timestamp().isBefore(start) || !r.timestamp().isBefore(end), r.toString());
      previous = r.timestamp();
      assertTrue(r.lat() > 21.5 && r.lat() < 25.6 && r.lon() > 119.8 && r.lon() < 122.2, "not in Taiwan: " + r);
      assertTrue(r.productCategoryId() >= 1 && r.productCategoryId() <= 40);
      assertTrue(r.deviceType() >= 1 && r.deviceType() <= 4);
      assertTrue(r.connectType() >= 1 && r.connectType() <= 4);
      assertEquals(r.ageGroup() == null, r.gender() == null);
      assertEquals(r.ageGroup() == null, r.memberId() == null);
      devices.add(r.deviceId());
      hours[r.timestamp().getHour()]++;
    }
    assertTrue(devices.size() > 1_000 && devices.size() <= config.deviceCount(), "devices " + devices.size());
    assertTrue(hours[21] > 3 * hours[4], "evenings should be busier than nights");
  }

  @Test
  void labelSharesFollowThePopulationModel() {
    GeneratorConfig config = GeneratorConfig.defaults().withHistoryRows(200_000);
    Iterator<WebLogRecord> rows = new WebLogGenerator(config).history();
    long total = 0;
    long unlabeled = 0;
    Map<String, Long> ages = new HashMap<>();
    long female = 0;
    while (rows.hasNext()) {
      WebLogRecord r = rows.next();
      total++;
      if (r.gender() == null) {
        unlabeled++;
        continue;
      }
      ages.merge(r.ageGroup(), 1L, Long::sum);
      female += r.gender().equals("1") ? 1 : 0;
    }
    long labeled = total - unlabeled;
    assertEquals(config.unlabeledShare(), unlabeled / (double) total, 0.03);
    assertEquals(BehaviourModel.GENDER_PRIOR[1], female / (double) labeled, 0.03);
    List<String> labels = config.ageBuckets();
    double[] prior = new BehaviourModel(labels.size()).agePrior;
    for (int a = 0; a < labels.size(); a++) {
      assertEquals(prior[a], ages.getOrDefault(labels.get(a), 0L) / (double) labeled, 0.03, labels.get(a));
    }
  }

  @Test
  void bayesOptimalAccuracyIsTunedLikeTheOriginal() {
    WebLogGenerator generator = new WebLogGenerator(GeneratorConfig.defaults().withHistoryRows(1_000_000));
    double gender = generator.bayesOptimalAccuracy(Target.GENDER);
    double age = generator.bayesOptimalAccuracy(Target.AGE_GROUP);
    assertEquals(0.93, gender, 0.01);
    assertTrue(age < gender - 0.2, "age group should be clearly harder: " + age);
    assertTrue(age > 0.35, "age group should beat the largest class share: " + age);
  }

  @Test
  void majorityVotePerFeatureCombinationReachesTheBayesOptimalAccuracy() {
    WebLogGenerator generator = new WebLogGenerator(GeneratorConfig.defaults().withHistoryRows(1_000_000));
    for (Target target : Target.values()) {
      Map<Long, Map<String, Long>> counts = new HashMap<>();
      long labeled = 0;
      long bayesHits = 0;
      Iterator<WebLogRecord> rows = generator.history();
      while (rows.hasNext()) {
        WebLogRecord r = rows.next();
        String label = r.label(target);
        if (label == null) {
          continue;
        }
        labeled++;
        long key = r.productCategoryId() * 100L + r.deviceType() * 10L + r.connectType();
        counts.computeIfAbsent(key, k -> new HashMap<>()).merge(label, 1L, Long::sum);
        if (label.equals(generator.bayesOptimalLabel(target, r.productCategoryId(), r.deviceType(),
            r.connectType()))) {
          bayesHits++;
        }
      }
      long majorityHits = counts.values().stream()
          .mapToLong(byLabel -> byLabel.values().stream().mapToLong(Long::longValue).max().orElse(0)).sum();
      double expected = generator.bayesOptimalAccuracy(target);
      assertEquals(expected, majorityHits / (double) labeled, 0.005, target + " majority vote");
      assertEquals(expected, bayesHits / (double) labeled, 0.005, target + " Bayes decision");
    }
  }

  private static String hex(byte[] bytes) {
    return java.util.HexFormat.of().formatHex(bytes);
  }

  private static byte[] sha256(Path file) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
  }
}
