package dev.weblog.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PrometheusTextTest {

  private static final String SCRAPE = String.join("\n",
      "# HELP weblog_stream_records_read_total Kafka records",
      "# TYPE weblog_stream_records_read_total counter",
      "weblog_stream_records_read_total 1234.0",
      "weblog_stream_records_quarantined_total{reason=\"bad_ip\",} 3.0",
      "weblog_stream_records_quarantined_total{reason=\"too_long\"} 2.0 1712345678000",
      "weblog_stream_consumer_lag_records{partition=\"0\",topic=\"t\",} 7.0",
      "weblog_stream_consumer_lag_records{partition=\"1\",topic=\"t\",} 5.0",
      "weblog_stream_live_accuracy{target=\"gender\",} NaN",
      "weblog_stream_latency_seconds_bucket{le=\"+Inf\",} 40.0",
      "weblog_odd{label=\"a \\\"quoted\\\" \\\\ value\",} 1",
      "this line is not a sample",
      "weblog_broken{label=\"unterminated} 1",
      "");

  @Test
  void readsValuesLabelsAndSpecialNumbers() {
    PrometheusText text = PrometheusText.parse(SCRAPE);
    assertEquals(1234.0, text.sum("weblog_stream_records_read_total").getAsDouble());
    assertEquals(5.0, text.sum("weblog_stream_records_quarantined_total").getAsDouble(), "timestamp ignored");
    assertEquals(3.0, text.sum("weblog_stream_records_quarantined_total", "reason", "bad_ip").getAsDouble());
    assertEquals(12.0, text.sum("weblog_stream_consumer_lag_records", "topic", "t").getAsDouble());
    assertTrue(Double.isNaN(text.sum("weblog_stream_live_accuracy", "target", "gender").getAsDouble()));
    assertEquals("+Inf", text.named("weblog_stream_latency_seconds_bucket").get(0).label("le"));
    assertEquals("a \"quoted\" \\ value", text.named("weblog_odd").get(0).label("label"));
  }

  @Test
  void absentIsEmptyNotZeroAndOddLinesAreSkipped() {
    PrometheusText text = PrometheusText.parse(SCRAPE);
    assertTrue(text.sum("weblog_missing").isEmpty());
    assertTrue(text.sum("weblog_stream_records_quarantined_total", "reason", "nope").isEmpty());
    assertTrue(text.named("weblog_broken").isEmpty());
    assertTrue(text.named("this").isEmpty());
    assertEquals(8, text.samples().size());
  }
}
