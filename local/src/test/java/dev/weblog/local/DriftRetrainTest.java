package dev.weblog.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weblog.common.PrometheusText;
import dev.weblog.common.StreamMetricNames;
import dev.weblog.common.Target;
import dev.weblog.local.report.DemoReport;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DriftRetrainTest {

  @Test
  void readsWhichTargetsDriftAndSinceWhenFromTheStreamsSeries() {
    String text = String.join("\n",
        StreamMetricNames.DRIFT_DETECTED + "{target=\"gender\"} 1.0",
        StreamMetricNames.DRIFT_DETECTED + "{target=\"age_group\"} 0.0",
        StreamMetricNames.DRIFT_SINCE + "{target=\"gender\"} 1.7649e9",
        StreamMetricNames.DRIFT_SINCE + "{target=\"age_group\"} 0.0", "");
    assertEquals(Map.of(Target.GENDER, Instant.ofEpochSecond(1_764_900_000L)),
        DriftRetrain.drifting(PrometheusText.parse(text)));
    assertEquals(Map.of(), DriftRetrain.drifting(PrometheusText.parse("")), "no series: nothing monitored");
  }

  @Test
  void countsEachDetectedRunOnceAndOnlyBeforeTheShift() {
    List<DemoReport.MonitorBatch> timeline = List.of(batch(1, false), batch(2, true), batch(3, true),
        batch(4, false), batch(5, true), batch(6, true), batch(7, true));
    assertEquals(2, MonitoringFigures.alarms(timeline, Long.MAX_VALUE));
    assertEquals(1, MonitoringFigures.alarms(timeline, 5));
    assertEquals(0, MonitoringFigures.alarms(timeline, 2));
  }

  private static DemoReport.MonitorBatch batch(long id, boolean detected) {
    return new DemoReport.MonitorBatch(id, id, 1, 1000, 800, 0.9, 0.01, "device_type", detected ? 3 : 0, detected,
        1000L);
  }
}
