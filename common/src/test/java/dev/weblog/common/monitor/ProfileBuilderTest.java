package dev.weblog.common.monitor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weblog.common.Column;
import dev.weblog.common.Target;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ProfileBuilderTest {

  private static final List<Column> CODES = List.of(Column.DEVICE_TYPE, Column.CONNECT_TYPE);

  @Test
  void countsEachValueRowAndClass() {
    TrainingProfile p = new ProfileBuilder(Target.GENDER, CODES, Map.of())
        .add(Map.of(Column.DEVICE_TYPE, "1", Column.CONNECT_TYPE, "4"), "F")
        .add(Map.of(Column.DEVICE_TYPE, "2", Column.CONNECT_TYPE, "4"), "M", 3)
        .add(Map.of(Column.DEVICE_TYPE, "1", Column.CONNECT_TYPE, "5"), null)
        .build();
    assertEquals(5, p.rows());
    assertEquals(Map.of("F", 1L, "M", 3L), p.classes());
    assertEquals(CODES, p.columns());
    FeatureReference.Categorical device = (FeatureReference.Categorical) p.feature(Column.DEVICE_TYPE);
    assertEquals(List.of("1", "2"), device.values());
    assertArrayEquals(new long[] {2, 3, 0}, device.counts());
    assertArrayEquals(new long[] {4, 1, 0}, p.feature(Column.CONNECT_TYPE).counts());
  }

  @Test
  void theCapKeepsTheMostFrequentValuesAndSumsTheRest() {
    ProfileBuilder b = new ProfileBuilder(Target.GENDER, List.of(Column.PRODUCT_CATEGORY_ID), Map.of(), 2);
    Map.of("7", 5L, "12", 3L, "3", 3L, "40", 1L)
        .forEach((v, n) -> b.add(Map.of(Column.PRODUCT_CATEGORY_ID, v), "F", n));
    FeatureReference.Categorical c = (FeatureReference.Categorical) b.build().feature(Column.PRODUCT_CATEGORY_ID);
    // 12 and 3 tie at 3 rows: the tie goes by LabelOrder, numerically, so 3 stays and 12 joins the rest.
    assertEquals(List.of("3", "7"), c.values());
    assertEquals(4, c.other());
    assertEquals(2, c.cap());
    assertEquals(2, c.binOf("12"));
    assertEquals(FeatureReference.Categorical.OTHER_BIN, c.binName(2));
  }

  @Test
  void numericFeaturesAreBinnedByTrainingQuantiles() {
    double[] values = new double[100];
    for (int k = 0; k < 100; k++) {
      values[k] = k + 1;
    }
    // Nearest rank: the 0.25 quantile of 1..100 is the 25th value.
    double[] edges = QuantileBins.fromValues(values, 4);
    assertArrayEquals(new double[] {25, 50, 75}, edges);
    ProfileBuilder b = new ProfileBuilder(Target.AGE_GROUP, List.of(Column.LAT), Map.of(Column.LAT, edges));
    for (double v : values) {
      b.add(Map.of(Column.LAT, String.valueOf((float) v)), "18-25");
    }
    FeatureReference.Numeric lat = (FeatureReference.Numeric) b.build().feature(Column.LAT);
    assertArrayEquals(new long[] {24, 25, 25, 26}, lat.counts());
    assertEquals(1, lat.min());
    assertEquals(100, lat.max());
    assertEquals("< 25.0", lat.binName(0));
    assertEquals("[25.0, 50.0)", lat.binName(1));
    assertEquals(">= 75.0", lat.binName(3));
  }

  @Test
  void repeatedQuantilesMakeOneEdge() {
    assertArrayEquals(new double[] {0.25, 0.5, 0.75}, QuantileBins.probabilities(4));
    assertArrayEquals(new double[] {1}, QuantileBins.fromValues(new double[] {1, 1, 1, 1, 2}, 4));
    assertArrayEquals(new double[] {1, 3}, QuantileBins.edges(new double[] {3, 1, 3, 1}));
  }

  @Test
  void buildingInPiecesEqualsBuildingInOneGo() throws Exception {
    List<Column> features = List.of(Column.PRODUCT_CATEGORY_ID, Column.LAT, Column.CONNECT_TYPE);
    List<String> labels = List.of("child", "adult", "senior");
    Random random = new Random(7);
    List<Object[]> rows = new ArrayList<>();
    for (int k = 0; k < 3000; k++) {
      Map<Column, String> row = Map.of(
          Column.PRODUCT_CATEGORY_ID, String.valueOf((int) Math.abs(random.nextGaussian() * 20)),
          Column.LAT, String.valueOf((float) (35 + random.nextGaussian() * 5)),
          Column.CONNECT_TYPE, String.valueOf(random.nextInt(4)));
      String label = random.nextInt(10) == 0 ? null : labels.get(random.nextInt(labels.size()));
      rows.add(new Object[] {row, label, 1L + random.nextInt(3)});
    }
    Map<Column, double[]> edges = Map.of(Column.LAT, new double[] {30, 33, 35, 37, 40});
    // A small cap, so which values it keeps depends on all the partitions' counts together.
    ProfileBuilder whole = new ProfileBuilder(Target.AGE_GROUP, features, edges, 15);
    rows.forEach(r -> add(whole, r));

    Collections.shuffle(rows, random);
    List<ProfileBuilder> partitions = new ArrayList<>();
    for (int p = 0; p < 3; p++) {
      ProfileBuilder partition = new ProfileBuilder(Target.AGE_GROUP, features, edges, 15);
      rows.subList(p * 1000, (p + 1) * 1000).forEach(r -> add(partition, r));
      partitions.add(serializedAndBack(partition));
    }
    ProfileBuilder merged = partitions.get(2).merge(partitions.get(0)).merge(partitions.get(1));

    TrainingProfile expected = whole.build();
    assertEquals(expected, merged.build());
    assertEquals(15, ((FeatureReference.Categorical) expected.feature(Column.PRODUCT_CATEGORY_ID)).values().size());
    assertEquals(List.of("adult", "child", "senior"), List.copyOf(expected.classes().keySet()));
  }

  @Test
  void mistakesAreNamed() {
    ProfileBuilder b = new ProfileBuilder(Target.GENDER, List.of(Column.DEVICE_TYPE, Column.LON),
        Map.of(Column.LON, new double[] {0}));
    assertEquals("the row has no value for feature lon", assertThrows(IllegalArgumentException.class,
        () -> b.add(Map.of(Column.DEVICE_TYPE, "1"), "F")).getMessage());
    assertEquals("lon: 'east' is not a finite number", assertThrows(IllegalArgumentException.class,
        () -> b.add(Map.of(Column.DEVICE_TYPE, "1", Column.LON, "east"), "F")).getMessage());
    assertEquals("lat is numeric: its bin edges are needed", assertThrows(IllegalArgumentException.class,
        () -> new ProfileBuilder(Target.GENDER, List.of(Column.LAT), Map.of())).getMessage());
    assertEquals("no training rows were added to the gender profile",
        assertThrows(IllegalStateException.class, b::build).getMessage());
    ProfileBuilder other = new ProfileBuilder(Target.GENDER, CODES, Map.of());
    assertEquals("cannot merge the profile of gender [device_type, connect_type] (cap 1000) into gender "
        + "[device_type, lon] (cap 1000): target, features, edges and cap must be the same",
        assertThrows(IllegalArgumentException.class, () -> b.merge(other)).getMessage());
  }

  @SuppressWarnings("unchecked")
  private static void add(ProfileBuilder b, Object[] row) {
    b.add((Map<Column, String>) row[0], (String) row[1], (Long) row[2]);
  }

  /** What a Spark task receives of {@code value}: a Java-serialized copy. */
  @SuppressWarnings("unchecked")
  static <T> T serializedAndBack(T value) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (T) in.readObject();
    }
  }
}
