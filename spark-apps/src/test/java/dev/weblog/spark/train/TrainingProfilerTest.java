package dev.weblog.spark.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weblog.common.Column;
import dev.weblog.common.Target;
import dev.weblog.common.monitor.FeatureReference;
import dev.weblog.common.monitor.ProfileBuilder;
import dev.weblog.common.monitor.TrainingProfile;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

class TrainingProfilerTest {

  private static final List<Column> FEATURES = List.of(Column.DEVICE_TYPE, Column.LAT);

  @Test
  void aggregatedRowsCountTheirWeightAndValuesAsText() {
    // Columns as an aggregated training table holds them: features, label, weight, in the table's own order.
    List<Row> rows = List.of(RowFactory.create("F", 1, 24.5f, 3.0), RowFactory.create("M", 2, 25.0f, 2.0),
        RowFactory.create(null, 1, 25.0f, 1.0));
    TrainingProfile p = TrainingProfiler.count(builder(), rows.iterator(), FEATURES, new int[] {1, 2}, 0, 3).build();
    assertEquals(6, p.rows());
    assertEquals(Map.of("F", 3L, "M", 2L), p.classes(), "a row without a label counts in the rows only");
    FeatureReference.Categorical device = (FeatureReference.Categorical) p.feature(Column.DEVICE_TYPE);
    assertEquals(List.of("1", "2"), device.values(), "an int code as the stream's text of it");
    assertArrayEquals(new long[] {4, 2, 0}, device.counts());
    assertArrayEquals(new long[] {3, 3}, p.feature(Column.LAT).counts());
    assertEquals(1, p.feature(Column.LAT).binOf(String.valueOf(25.0f)));
  }

  @Test
  void rawRowsCountOneEach() {
    List<Row> rows = List.of(RowFactory.create(2, 24.5f, "M"), RowFactory.create(2, 25.5f, "M"));
    TrainingProfile p = TrainingProfiler.count(builder(), rows.iterator(), FEATURES, new int[] {0, 1}, 2, -1).build();
    assertEquals(2, p.rows());
    assertEquals(Map.of("M", 2L), p.classes());
  }

  private static ProfileBuilder builder() {
    return new ProfileBuilder(Target.GENDER, FEATURES, Map.of(Column.LAT, new double[] {25.0}));
  }
}
