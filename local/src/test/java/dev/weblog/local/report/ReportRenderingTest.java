package dev.weblog.local.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportRenderingTest {

  @TempDir
  Path tmp;

  static DemoReport sample() {
    Map<String, DemoReport.Model> models = new LinkedHashMap<>();
    models.put("gender", new DemoReport.Model("gender", "v2", "naive_bayes", 0.925, 0.93, 0.85, 7000, 3000, 0.92, 1.5,
        List.of("0", "1"), new long[][] {{1300, 100}, {125, 1475}}, Map.of("0", 0.91, "1", 0.94),
        Map.of("0", 0.93, "1", 0.92)));
    models.put("age_group", new DemoReport.Model("age_group", "v1", "decision_tree(max_depth=6)", 0.46, null, 0.42,
        7000, 3000, 0.44, 2.0,
        List.of("<18", "18-25"), new long[][] {{10, 5}, {7, 20}}, Map.of("<18", 0.5), Map.of("18-25", 0.6)));
    DemoReport.Stream stream = new DemoReport.Stream(2010, 2000, 10, 0, 850.0,
        new DemoReport.Latency(900, 1400, 1900, List.of(500.0, 1000.0, 1500.0, 2000.0), List.of(10L, 900L, 80L, 10L)),
        Map.of("gender", 0.92), Map.of("gender", Map.of("0", 800L, "1", 1000L)),
        Map.of("gender", Map.of("0", 820L, "1", 980L)), Map.of("gender", 0L, "age_group", 37L),
        Map.of("HEADER", 1L, "BAD_IP", 9L),
        List.of(new DemoReport.Batch(4, 1.5, 1000, 120, 640.0, 980.0), new DemoReport.Batch(5, 2.7, 1000, 0, 700.0,
            1900.0), new DemoReport.Batch(6, 3.9, 10, 0, null, null)));
    DemoReport.Realtime realtime = new DemoReport.Realtime(2010, 2000, 10, 3, 0, new DemoReport.Latency(40, 61, 88,
        List.of(50.0, 100.0), List.of(1500L, 500L)), "Spark local[5]: 2 + 3");
    DemoReport.Monitoring gender = new DemoReport.Monitoring(true, 40L, 43L, 51.5, 0, 0.031,
        new DemoReport.Retrain(62.0, 118.5, true, "v2", 0.83, 0.78, "promoted"), 97L, 0.931, 0.792, 0.835, 41_200,
        0.930, 0.839, 0.795,
        List.of(new DemoReport.MonitorBatch(42, 50.2, 1, 1000, 800, 0.78, 0.41, "product_category_id",
            2, false, 1000L),
            new DemoReport.MonitorBatch(43, 51.5, 1, 1000, 790, 0.77, 0.44, "product_category_id", 3, true, 1000L)));
    return new DemoReport(new DemoReport.Ingest(3012, 3000, 12, 4.2, Map.of("FIELD_COUNT", 2L)), models, stream,
        realtime, Map.of("gender", gender), new DemoReport.Environment(2, 4096, "4.1.0", "2026-11-23", 95.0),
        Map.of("report", "/tmp/r"));
  }

  @Test
  void jsonKeepsTheKeysOtherToolsRead() throws Exception {
    ReportJson.write(sample(), tmp.resolve("report.json"));
    JsonNode json = new ObjectMapper().readTree(tmp.resolve("report.json").toFile());
    assertEquals(3012, json.at("/ingest/input_lines").asLong());
    assertEquals(88.0, json.at("/realtime/latency_ms/p99").asDouble());
    assertEquals(0, json.at("/realtime/lines_without_event").asLong());
    assertEquals(3, json.at("/realtime/duplicates").asLong());
    assertTrue(json.at("/monitoring/gender/drift_detected").asBoolean());
    assertEquals(43, json.at("/monitoring/gender/detected_at_batch").asLong());
    assertEquals(0.835, json.at("/monitoring/gender/live_accuracy_after_promotion").asDouble());
    assertEquals(0.839, json.at("/monitoring/gender/bayes_optimal_after").asDouble());
    assertEquals(2, json.at("/monitoring/gender/batches").size());
    assertTrue(ReportTable.render(sample()).contains("gender: detected at batch 43 (shift at batch 40), retrain "
        + "promoted v2 serving from batch 97"), ReportTable.render(sample()));
    assertEquals(2000, json.at("/realtime/prediction_events").asLong());
    assertEquals(12, json.at("/ingest/quarantined").asLong());
    assertEquals(0.93, json.at("/models/gender/bayes_optimal").asDouble());
    assertTrue(json.at("/models/age_group/bayes_optimal").isNull());
    assertEquals("v2", json.at("/models/gender/version").asText());
    assertEquals(0.85, json.at("/models/gender/original_method_accuracy").asDouble());
    assertEquals(7000, json.at("/models/gender/train_rows").asLong());
    assertEquals(2000, json.at("/stream/predicted").asLong());
    assertEquals(1900.0, json.at("/stream/latency_ms/p99").asDouble());
    assertEquals(0.92, json.at("/stream/live_accuracy/gender").asDouble());
    assertEquals(37, json.at("/stream/unseen_labels/age_group").asLong());
    assertEquals("<18", json.at("/models/age_group/classes/0").asText());
    assertEquals("naive_bayes", json.at("/models/gender/method").asText());
    assertEquals(2, json.at("/environment/cores").asInt());
    for (String key : List.of("lines_sent", "quarantined", "duplicates", "throughput_per_s")) {
      assertFalse(json.at("/stream/" + key).isMissingNode(), key);
    }
  }

  @Test
  void htmlHoldsEveryChartInlineAndNothingRemote() {
    String html = ReportHtml.render(sample());
    assertEquals(2 * 2 + 1 + 1 + 2 + 1 + 2, count(html, "<svg"),
        "2 charts per model, a latency histogram, 1 live chart, latency and lag per micro-batch, the real-time "
            + "latency histogram, live accuracy and worst PSI of the monitored target");
    assertTrue(html.contains(">1475<"), "confusion counts are written in the cells");
    assertTrue(html.contains("&lt;18"), "labels are escaped");
    assertTrue(html.contains("age_group: 37 live rows carried a label the model never saw"),
        "unseen labels are counted");
    assertTrue(html.contains("&lt;18, 18-25"), "the classes are listed");
    assertFalse(html.contains("<18"), "no raw label in markup");
    assertFalse(html.contains("http://") && !html.contains("http://www.w3.org/2000/svg"));
    assertFalse(html.contains("https://"));
    assertFalse(html.contains("<script"));
  }

  @Test
  void htmlDrawsLatencyAndConsumerLagPerMicroBatch() {
    String html = ReportHtml.render(sample());
    assertTrue(html.contains("<h3>Per micro-batch</h3>"), "the section");
    assertTrue(html.contains("3 micro-batches; highest consumer lag at a commit 120 records."), html);
    assertTrue(html.contains("<title>batch 5 at 2.7 s (1,000 records), p99: 1900 ms</title>"), "p99 per batch");
    assertTrue(html.contains("<title>batch 4 at 1.5 s (1,000 records), p50: 640 ms</title>"), "p50 per batch");
    assertTrue(html.contains("<title>batch 4 at 1.5 s (1,000 records), lag: 120 records</title>"), "lag per batch");
    assertFalse(html.contains("batch 6 at 3.9 s (10 records), p50"), "a batch that predicted nothing has no latency");
    assertTrue(html.contains("batch 6 at 3.9 s (10 records), lag: 0 records"));
  }

  @Test
  void jsonListsEveryMicroBatch() throws Exception {
    ReportJson.write(sample(), tmp.resolve("batches.json"));
    JsonNode batches = new ObjectMapper().readTree(tmp.resolve("batches.json").toFile()).at("/stream/batches");
    assertEquals(3, batches.size());
    assertEquals(4, batches.get(0).get("batch_id").asLong());
    assertEquals(120, batches.get(0).get("consumer_lag").asLong());
    assertEquals(1900.0, batches.get(1).get("latency_p99_ms").asDouble());
    assertTrue(batches.get(2).get("latency_p50_ms").isNull());
  }

  @Test
  void terminalTableShowsTheHeadlineFigures() {
    String table = ReportTable.render(sample());
    assertTrue(table.contains("3,012 lines: 3,000 valid, 12 quarantined"), table);
    assertTrue(table.contains("0.9250"), table);
    assertTrue(table.contains("p99 1900 ms"), table);
    assertTrue(table.contains("naive_bayes; 0, 1"), table);
    assertTrue(table.contains("Real-time  2,010 lines: 2,000 prediction + 10 quarantine events, 3 repeats, 0 lines "
        + "without one; latency p50 40 ms, p99 88 ms (line to event in Kafka; to HDFS: p50 900 ms, p99 1900 ms)"),
        table);
    String html = ReportHtml.render(sample());
    assertTrue(html.contains("p50 40 ms / p99 88 ms as an event in Kafka, p50 900 ms / p99 1900 ms committed to "
        + "HDFS"), html);
  }

  @Test
  void aReportWithoutStreamRendersWithoutIt() throws Exception {
    DemoReport s = sample();
    DemoReport noStream = new DemoReport(s.ingest(), s.models(), null, null, Map.of(), s.environment(),
        s.outputs());
    assertFalse(ReportHtml.render(noStream).contains("Streaming"));
    assertNull(ReportJson.toMap(noStream).get("stream"));
    assertNull(ReportJson.toMap(noStream).get("realtime"));
    assertFalse(ReportTable.render(noStream).contains("Real-time"));
    assertNull(ReportJson.toMap(noStream).get("monitoring"));
    assertFalse(ReportHtml.render(noStream).contains("Drift monitoring"));
  }

  private static int count(String haystack, String needle) {
    int n = 0;
    for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }
}
