package dev.weblog.common.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weblog.common.Column;
import dev.weblog.common.Target;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchMonitorTest {

  private static final double CLOSE = 1e-9;

  /** Gender model on device type alone, trained on 50 rows of each type and each class. */
  private static TrainingProfile deviceProfile() {
    return new ProfileBuilder(Target.GENDER, List.of(Column.DEVICE_TYPE), Map.of())
        .add(Map.of(Column.DEVICE_TYPE, "1"), "F", 50)
        .add(Map.of(Column.DEVICE_TYPE, "2"), "M", 50)
        .build();
  }

  private static Map<Column, String> device(String value) {
    return Map.of(Column.DEVICE_TYPE, value);
  }

  @Test
  void aShiftOfKnownValues() {
    BatchCounts counts = new BatchCounts(deviceProfile())
        .add(device("1"), "F", null, 80)
        .add(device("2"), "M", null, 20);
    BatchReport report = BatchMonitor.report(7, counts);
    // Bins 1, 2, other: training 0.5, 0.5, 0 and the batch 0.8, 0.2, 0:
    // (0.8-0.5)ln(0.8/0.5) + (0.2-0.5)ln(0.2/0.5) + 0 = 0.141001 + 0.274887 = 0.415888; value 2 moved most.
    BatchReport.FeatureDrift drift = report.features().get(0);
    assertEquals(0.41588830834, drift.psi(), 1e-10);
    assertEquals("2", drift.topBin());
    assertEquals(0, drift.unseenShare());
    assertNull(drift.topUnseen());
    assertEquals(drift, report.worst().orElseThrow());
    assertEquals(drift.psi(), report.worstPsi());
    assertEquals(7, report.batchId());
    assertEquals(Target.GENDER, report.target());
    // Predicted F 80%, M 20% against training's 50/50: (0.3 + 0.3) / 2
    assertEquals(Map.of("F", 0.8, "M", 0.2), report.predictedShares());
    assertEquals(0.3, report.classShift(), CLOSE);
  }

  @Test
  void newCategoriesFallInTheirOwnBinAndAreNamed() {
    BatchCounts counts = new BatchCounts(deviceProfile())
        .add(device("1"), "F", null, 40)
        .add(device("2"), "M", null, 40)
        .add(device("9"), "M", null, 15)
        .add(device("11"), "M", null, 5);
    BatchReport.FeatureDrift drift = BatchMonitor.report(1, counts).features().get(0);
    // Training 0.5, 0.5, 0 (floored to 0.0001); the batch 0.4, 0.4, 0.2:
    // 2 * (0.4-0.5)ln(0.4/0.5) + (0.2-0.0001)ln(0.2/0.0001) = 2 * 0.022314 + 0.1999 * 7.600902 = 0.044629 + 1.519420
    assertEquals(1.5640491119, drift.psi(), 1e-9);
    assertEquals(0.2, drift.unseenShare(), CLOSE);
    assertEquals(FeatureReference.Categorical.OTHER_BIN, drift.topBin());
    assertEquals("9", drift.topUnseen());
  }

  @Test
  void valuesPastTheCapShareTrainingsRestBin() {
    ProfileBuilder b = new ProfileBuilder(Target.GENDER, List.of(Column.DEVICE_TYPE), Map.of(), 2);
    Map.of("1", 60L, "2", 30L, "3", 6L, "4", 4L).forEach((v, n) -> b.add(device(v), "F", n));
    BatchCounts counts = new BatchCounts(b.build())
        .add(device("1"), "F", null, 50)
        .add(device("2"), "F", null, 30)
        .add(device("3"), "F", null, 12)
        .add(device("9"), "F", null, 8);
    BatchReport.FeatureDrift drift = BatchMonitor.report(1, counts).features().get(0);
    // Bins 1, 2, rest: training 0.6, 0.3, 0.1 and the batch 0.5, 0.3, 0.2:
    // (0.5-0.6)ln(0.5/0.6) + 0 + (0.2-0.1)ln(0.2/0.1) = 0.018232 + 0.069315 = 0.087547
    assertEquals(0.0875468737, drift.psi(), 1e-9);
    // 3 was only in training's capped rest, 9 never: both count as unseen.
    assertEquals(0.2, drift.unseenShare(), CLOSE);
    assertEquals("3", drift.topUnseen());
  }

  @Test
  void accuracyIsOverLabelledLinesOnly() {
    BatchCounts counts = new BatchCounts(deviceProfile())
        .add(device("1"), "F", "F", 7)
        .add(device("2"), "M", "F", 3)
        .add(device("2"), "M", null, 5);
    BatchReport report = BatchMonitor.report(3, counts);
    assertEquals(15, report.lines());
    assertEquals(10, report.labelled());
    assertEquals(7, report.correct());
    assertEquals(0.7, report.accuracy(), CLOSE);
    assertNull(BatchMonitor.report(4, new BatchCounts(deviceProfile()).add(device("1"), "F", null)).accuracy());
  }

  @Test
  void anEmptyBatchHasNoFigures() {
    BatchReport report = BatchMonitor.report(5, new BatchCounts(deviceProfile()));
    assertEquals(0, report.lines());
    assertNull(report.accuracy());
    assertTrue(Double.isNaN(report.worstPsi()));
    assertTrue(report.worst().isEmpty());
    assertTrue(Double.isNaN(report.classShift()));
  }

  @Test
  void otherFeaturesAndLabels() {
    ProfileBuilder b = new ProfileBuilder(Target.AGE_GROUP, List.of(Column.CONNECT_TYPE, Column.LAT),
        Map.of(Column.LAT, new double[] {10, 20}));
    b.add(Map.of(Column.CONNECT_TYPE, "0", Column.LAT, "5"), "child", 25);
    b.add(Map.of(Column.CONNECT_TYPE, "0", Column.LAT, "15"), "adult", 50);
    b.add(Map.of(Column.CONNECT_TYPE, "3", Column.LAT, "25"), "senior", 25);
    TrainingProfile profile = b.build();
    BatchCounts counts = new BatchCounts(profile)
        .add(Map.of(Column.CONNECT_TYPE, "0", Column.LAT, "15"), "adult", "adult", 50)
        .add(Map.of(Column.CONNECT_TYPE, "3", Column.LAT, "25"), "senior", "adult", 25)
        .add(Map.of(Column.CONNECT_TYPE, "3", Column.LAT, "60.5"), "senior", null, 25);
    BatchReport report = BatchMonitor.report(9, counts);
    assertEquals(Target.AGE_GROUP, report.target());
    assertEquals(List.of(Column.CONNECT_TYPE, Column.LAT), report.features().stream()
        .map(BatchReport.FeatureDrift::column).toList());
    BatchReport.FeatureDrift lat = report.features().get(1);
    // Bins <10, [10,20), >=20: training 0.25, 0.5, 0.25 (min 5, max 25) and the batch 0, 0.5, 0.5:
    // (0.0001-0.25)ln(0.0001/0.25) + 0 + (0.5-0.25)ln(0.5/0.25) = 0.2499 * 7.824046 + 0.25 * 0.693147
    assertEquals(0.2499 * Math.log(2500) + 0.25 * Math.log(2), lat.psi(), 1e-9);
    assertEquals("< 10.0", lat.topBin());
    // 60.5 is beyond the largest training latitude, 25.
    assertEquals(0.25, lat.unseenShare(), CLOSE);
    assertEquals("60.5", lat.topUnseen());
    // Connect type: training 0.75, 0.25 and the batch 0.5, 0.5
    assertEquals(0.25 * Math.log(0.5 / 0.75) * -1 + 0.25 * Math.log(2), report.features().get(0).psi(), 1e-9);
    assertEquals(lat, report.worst().orElseThrow());
    assertEquals(50.0 / 75, report.accuracy(), CLOSE);
  }

  @Test
  void countingInPiecesEqualsCountingInOneGo() throws Exception {
    TrainingProfile profile = deviceProfile();
    BatchCounts whole = new BatchCounts(profile);
    BatchCounts first = new BatchCounts(profile);
    BatchCounts second = new BatchCounts(profile);
    for (int k = 0; k < 300; k++) {
      String value = String.valueOf(k % 5);
      String actual = k % 3 == 0 ? null : k % 2 == 0 ? "F" : "M";
      whole.add(device(value), k % 4 == 0 ? "F" : "M", actual);
      (k < 100 ? first : second).add(device(value), k % 4 == 0 ? "F" : "M", actual);
    }
    BatchCounts merged =
        ProfileBuilderTest.serializedAndBack(second).merge(ProfileBuilderTest.serializedAndBack(first));
    assertEquals(BatchMonitor.report(2, whole), BatchMonitor.report(2, merged));
  }

  @Test
  void aLineWithoutAFeatureIsNamed() {
    BatchCounts counts = new BatchCounts(deviceProfile());
    assertEquals("the line has no value for feature device_type", assertThrows(IllegalArgumentException.class,
        () -> counts.add(Map.of(Column.CONNECT_TYPE, "1"), "F", null)).getMessage());
    assertEquals("lat is not a feature of this gender model; its features are [device_type]",
        assertThrows(IllegalArgumentException.class, () -> counts.unseen(Column.LAT)).getMessage());
  }
}
