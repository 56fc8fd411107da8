package dev.weblog.common.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weblog.common.Column;
import dev.weblog.common.Target;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DriftWindowTest {

  /** Test accuracy 0.70: a batch below 0.65 on 200 labelled lines or more is bad. */
  private static final double TEST_ACCURACY = 0.70;
  private static final double GOOD_PSI = 0.05;
  private static final double BAD_PSI = 0.35;

  private static BatchReport batch(long id, long lines, double psi, double accuracy, long labelled) {
    return new BatchReport(id, Target.AGE_GROUP, lines, labelled, Math.round(accuracy * labelled), accuracy,
        Map.of("18-25", 1.0), 0.1, List.of(
            new BatchReport.FeatureDrift(Column.DEVICE_TYPE, GOOD_PSI / 2, 0, "1", null),
            new BatchReport.FeatureDrift(Column.PRODUCT_CATEGORY_ID, psi, 0.1, "42", null)));
  }

  private static BatchReport good(long id) {
    return batch(id, 5000, GOOD_PSI, TEST_ACCURACY, 500);
  }

  private static BatchReport shifted(long id) {
    return batch(id, 5000, BAD_PSI, TEST_ACCURACY, 500);
  }

  private static DriftWindow run(DriftWindow window, BatchReport... batches) {
    for (BatchReport b : batches) {
      window = window.next(b);
    }
    return window;
  }

  private static DriftWindow start() {
    return DriftWindow.start(DriftRule.DEFAULTS, TEST_ACCURACY);
  }

  @Test
  void smallFluctuationsBelowTheThresholdsNeverAlarm() {
    Random random = new Random(11);
    DriftWindow window = start();
    for (long id = 0; id < 200; id++) {
      // PSI within 0.02..0.19, accuracy within 0.66..0.74
      window = window.next(batch(id, 1000 + random.nextInt(4000), 0.02 + random.nextDouble() * 0.17,
          TEST_ACCURACY + (random.nextDouble() - 0.5) * 0.08, 200 + random.nextInt(300)));
      assertFalse(window.detected(), "batch " + id);
      assertEquals(0, window.streak());
    }
  }

  @Test
  void alarmsAfterExactlyTheSustainedNumberOfBadBatches() {
    DriftWindow window = run(start(), good(1), good(2), shifted(3), shifted(4));
    assertFalse(window.detected());
    assertEquals(2, window.streak());
    window = window.next(shifted(5));
    assertTrue(window.detected());
    assertEquals(OptionalLong.of(3), window.since());
    assertEquals("product_category_id shifted: PSI 0.350 >= 0.200, most in 42", window.reason());
    window = window.next(shifted(6));
    assertTrue(window.detected());
    assertEquals(OptionalLong.of(3), window.since());
  }

  @Test
  void aSingleBadBatchDoesNotAlarmAndAGoodOneClears() {
    DriftWindow window = run(start(), good(1), shifted(2), good(3), shifted(4), shifted(5), good(6));
    assertFalse(window.detected());
    assertEquals(0, window.streak());
    assertEquals(OptionalLong.empty(), window.since());
    window = run(window, shifted(7), shifted(8), shifted(9), good(10));
    assertFalse(window.detected());
    assertTrue(window.findings().isEmpty());
  }

  @Test
  void smallBatchesCountNeitherWay() {
    BatchReport smallShifted = batch(3, 999, 5.0, 0.1, 500);
    BatchReport smallGood = batch(4, 10, GOOD_PSI, TEST_ACCURACY, 10);
    DriftWindow window = run(start(), shifted(1), shifted(2), smallShifted, smallGood);
    assertFalse(window.detected());
    assertEquals(2, window.streak());
    window = window.next(shifted(5));
    assertTrue(window.detected());
    assertEquals(OptionalLong.of(1), window.since());
  }

  @Test
  void anAccuracyDropOfMoreThanFivePointsIsBad() {
    DriftWindow dropped = run(start(), batch(1, 5000, GOOD_PSI, 0.64, 300), batch(2, 5000, GOOD_PSI, 0.60, 300),
        batch(3, 5000, GOOD_PSI, 0.62, 300));
    assertTrue(dropped.detected());
    assertEquals(DriftWindow.Finding.Kind.ACCURACY_DROP, dropped.findings().get(0).kind());
    assertEquals("accuracy 0.620 is below 0.650 (test accuracy less the allowed drop)", dropped.reason());

    BatchReport within = batch(1, 5000, GOOD_PSI, 0.66, 300);
    assertFalse(run(start(), within, within, within).detected());
    // Too few labelled lines to judge accuracy, and no test accuracy to judge it against.
    BatchReport fewLabels = batch(1, 5000, GOOD_PSI, 0.30, 199);
    assertFalse(run(start(), fewLabels, fewLabels, fewLabels).detected());
    BatchReport low = batch(1, 5000, GOOD_PSI, 0.30, 300);
    DriftWindow noBaseline = DriftWindow.start(DriftRule.DEFAULTS, null);
    assertFalse(run(noBaseline, low, low, low).detected());
  }

  @Test
  void theRuleSetsTheThresholdsAndTheWindow() {
    DriftRule strict = new DriftRule(0.1, 0.02, 2, 100, 50);
    BatchReport moderate = batch(1, 100, 0.15, 0.69, 50);
    DriftWindow window = run(DriftWindow.start(strict, TEST_ACCURACY), moderate, moderate);
    assertTrue(window.detected());
    assertFalse(run(start(), moderate, moderate, moderate).detected());
  }

  @Test
  void aNewCategoryInEveryBatchIsDriftNamingTheCategory() {
    TrainingProfile profile = new ProfileBuilder(Target.GENDER, Column.DEFAULT_FEATURES, Map.of())
        .add(Map.of(Column.PRODUCT_CATEGORY_ID, "10", Column.DEVICE_TYPE, "1", Column.CONNECT_TYPE, "1"), "F", 600)
        .add(Map.of(Column.PRODUCT_CATEGORY_ID, "20", Column.DEVICE_TYPE, "2", Column.CONNECT_TYPE, "1"), "M", 400)
        .build();
    DriftWindow window = DriftWindow.start(DriftRule.DEFAULTS, 0.9);
    for (long id = 0; id < 3; id++) {
      BatchCounts counts = new BatchCounts(profile)
          .add(Map.of(Column.PRODUCT_CATEGORY_ID, "10", Column.DEVICE_TYPE, "1", Column.CONNECT_TYPE, "1"), "F",
              null, 550)
          .add(Map.of(Column.PRODUCT_CATEGORY_ID, "20", Column.DEVICE_TYPE, "2", Column.CONNECT_TYPE, "1"), "M",
              null, 350)
          .add(Map.of(Column.PRODUCT_CATEGORY_ID, "77", Column.DEVICE_TYPE, "2", Column.CONNECT_TYPE, "1"), "M",
              null, 100);
      window = window.next(BatchMonitor.report(id, counts));
    }
    assertTrue(window.detected());
    assertEquals(OptionalLong.of(0), window.since());
    DriftWindow.Finding finding = window.findings().get(0);
    assertEquals(Column.PRODUCT_CATEGORY_ID, finding.feature());
    assertEquals("(other or unseen), e.g. '77'", finding.value());
  }
}
