package dev.weblog.spark.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weblog.spark.MetricsScrape;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class IngestMetricsTest {

  @Test
  void aFileIsDoneWithItsLastSplitAndRowsCountAsSplitsArrive() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    AtomicLong now = new AtomicLong(5_000);
    IngestMetrics metrics = new IngestMetrics(registry, now::get);
    Map<String, Integer> plan = new LinkedHashMap<>();
    plan.put("hdfs://nn/raw/big.csv", 2);
    plan.put("hdfs://nn/raw/small.csv", 1);
    metrics.planned(plan);

    now.set(7_000);
    metrics.splitDone(outcome("hdfs://nn/raw/big.csv", 100, Map.of("BAD_IP", 2L)));
    MetricsScrape half = MetricsScrape.parse(registry.scrape());
    assertEquals(2, half.sum("weblog_ingest_files"));
    assertEquals(3, half.sum("weblog_ingest_splits"));
    assertEquals(0, half.sum("weblog_ingest_files_done_total"), "one of big.csv's two splits is not a file");
    assertEquals(1, half.sum("weblog_ingest_splits_done_total"));
    assertEquals(100, half.sum("weblog_ingest_rows_written_total"));
    assertEquals(7, half.sum("weblog_ingest_last_progress_timestamp_seconds"));

    metrics.splitDone(outcome("hdfs://nn/raw/small.csv", 10, Map.of()));
    metrics.splitDone(outcome("hdfs://nn/raw/big.csv", 90, Map.of("BAD_IP", 1L, "FIELD_COUNT", 4L)));
    MetricsScrape all = MetricsScrape.parse(registry.scrape());
    assertEquals(2, all.sum("weblog_ingest_files_done_total"));
    assertEquals(3, all.sum("weblog_ingest_splits_done_total"));
    assertEquals(200, all.sum("weblog_ingest_rows_written_total"));
    assertEquals(3, all.sum("weblog_ingest_rows_quarantined_total", "reason", "bad_ip"));
    assertEquals(4, all.sum("weblog_ingest_rows_quarantined_total", "reason", "field_count"));
  }

  private static SplitOutcome outcome(String file, long valid, Map<String, Long> rejected) {
    long lines = valid + rejected.values().stream().mapToLong(Long::longValue).sum();
    return new SplitOutcome(file, 0, lines, valid, 0, rejected, "/attempt", List.of(), !rejected.isEmpty());
  }
}
