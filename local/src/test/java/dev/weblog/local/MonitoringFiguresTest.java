package dev.weblog.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.weblog.local.report.DemoReport;
import java.util.List;
import org.junit.jupiter.api.Test;

class MonitoringFiguresTest {

  private static DemoReport.MonitorBatch batch(long id, long lines, double psi, Long judged) {
    return new DemoReport.MonitorBatch(id, id, 1, lines, lines, 0.9, psi, "product_category_id", 0, false, judged);
  }

  @Test
  void largestPsiCountsOnlyJudgedBatchesBeforeTheShift() {
    List<DemoReport.MonitorBatch> timeline = List.of(batch(1, 124, 0.74, null), batch(2, 1229, 0.04, 1353L),
        batch(3, 990, 0.05, null), batch(4, 1000, 0.06, 1990L), batch(5, 1000, 2.1, 1000L));
    assertEquals(0.06, MonitoringFigures.maxJudgedPsi(timeline, 5),
        "the pooled first batch and the shifted one left out");
    assertEquals(2.1, MonitoringFigures.maxJudgedPsi(timeline, Long.MAX_VALUE));
    assertNull(MonitoringFigures.maxJudgedPsi(List.of(batch(1, 124, 0.74, null)), Long.MAX_VALUE));
  }
}
