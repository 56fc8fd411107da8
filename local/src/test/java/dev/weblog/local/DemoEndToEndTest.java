package dev.weblog.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weblog.common.Target;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's first command at a small size: real HDFS, Kafka and Spark, every stage, the report. */
class DemoEndToEndTest {

  @TempDir
  Path work;

  @Test
  void smallDemoAccountsForEveryLineAndReportsFiguresNearTheGroundTruth() throws Exception {
    DemoSettings settings = new DemoSettings(work, null, null, 20_000, 2_000, 0.01, 42, "0", "auto", 10,
        3, "1 second", false, false, 0, 0, 0, 0, 0, Duration.ofMinutes(5), true, null, true, 500);
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    new DemoRun(settings, new PrintStream(console, true, StandardCharsets.UTF_8), false).run();
    String printed = console.toString(StandardCharsets.UTF_8);
    assertTrue(printed.contains("[10/10] report"), printed);
    assertTrue(printed.contains("after a warm-up on 500 lines"), "the stream warmed up first: " + printed);

    JsonNode report = new ObjectMapper().readTree(work.resolve("report/report.json").toFile());
    JsonNode ingest = report.get("ingest");
    assertEquals(20_000, ingest.get("input_lines").asLong(), "generated history has no malformed lines");
    assertEquals(ingest.get("input_lines").asLong(),
        ingest.get("valid").asLong() + ingest.get("quarantined").asLong());
    for (Target t : Target.values()) {
      JsonNode m = report.at("/models/" + t.id());
      double accuracy = m.get("accuracy").asDouble();
      double bayes = m.get("bayes_optimal").asDouble();
      assertTrue(Math.abs(accuracy - bayes) < 0.02, t.id() + ": accuracy " + accuracy + ", Bayes-optimal " + bayes);
      assertTrue(m.get("original_method_accuracy").asDouble() > 0);
      assertEquals("v1", m.get("version").asText());
      assertEquals(t == Target.GENDER ? "[\"0\",\"1\"]" : "[\"under 18\",\"18-25\",\"26-35\",\"36-50\",\"over 50\"]",
          m.get("classes").toString(), "the classes the model learned, in their natural order");
    }
    JsonNode stream = report.get("stream");
    long sent = stream.get("lines_sent").asLong();
    assertTrue(sent > 2_000, "live rows plus the malformed ones: " + sent);
    assertTrue(stream.get("quarantined").asLong() > 0, "malformed live lines are quarantined");
    assertEquals(sent, stream.get("predicted").asLong() + stream.get("quarantined").asLong(),
        "every live line is predicted or quarantined");
    assertEquals(0, stream.get("duplicates").asLong());
    for (String p : new String[] {"p50", "p95", "p99"}) {
      assertTrue(stream.at("/latency_ms/" + p).asDouble() > 0, p);
    }
    assertTrue(stream.at("/live_accuracy/gender").asDouble() > 0.85, stream.toString());
    assertEquals(0, stream.at("/unseen_labels/age_group").asLong(), "the live labels are the history's");
    assertTrue(report.at("/environment/cores").asInt() > 0);

    JsonNode batches = stream.get("batches");
    assertTrue(batches.size() > 0, "the run's micro-batches");
    long inBatches = 0;
    long previous = -1;
    for (JsonNode b : batches) {
      inBatches += b.get("records").asLong();
      assertTrue(b.get("batch_id").asLong() > previous, "in batch order");
      previous = b.get("batch_id").asLong();
      assertTrue(b.get("consumer_lag").asLong() >= 0, b.toString());
      if (!b.get("latency_p50_ms").isNull()) {
        assertTrue(b.get("latency_p99_ms").asDouble() >= b.get("latency_p50_ms").asDouble(), b.toString());
        assertTrue(b.get("latency_p50_ms").asDouble() > 0, b.toString());
      }
    }
    assertEquals(sent, inBatches, "every live line in exactly one micro-batch");
    assertTrue(batches.get(batches.size() - 1).get("consumer_lag").asLong() == 0,
        "nothing left in Kafka once the last batch committed");

    // The real-time path beside it, on the same lines: an event for each (at least once), its latency measured.
    for (Target t : Target.values()) {
      JsonNode m = report.at("/monitoring/" + t.id());
      assertTrue(m.get("batches").size() > 0, "every batch is monitored: " + m);
      assertFalse(m.get("drift_detected").asBoolean(), "no drift in a stationary stream: " + m);
      assertEquals(0, m.get("false_alarms").asInt(), m.toString());
    }

    JsonNode realtime = report.get("realtime");
    assertEquals(sent, realtime.get("lines").asLong(), realtime.toString());
    assertEquals(0, realtime.get("lines_without_event").asLong(), realtime.toString());
    assertEquals(stream.get("predicted").asLong(), realtime.get("prediction_events").asLong(), realtime.toString());
    assertEquals(stream.get("quarantined").asLong(), realtime.get("quarantine_events").asLong(),
        realtime.toString());
    assertTrue(realtime.at("/latency_ms/p99").asDouble() >= realtime.at("/latency_ms/p50").asDouble(),
        realtime.toString());
    assertTrue(printed.contains("Real-time  "), printed);

    String html = Files.readString(work.resolve("report/report.html"));
    assertTrue(html.contains("<svg") && html.contains("Confusion matrix") && html.contains("Latency"), "charts");
    assertTrue(html.contains("<h3>Per micro-batch</h3>") && html.contains(String.format(
        "%,d micro-batches", batches.size())), "latency and lag per micro-batch, with this run's batches");
  }
}
