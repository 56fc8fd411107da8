package dev.weblog.spark.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weblog.common.MetricsEndpoint;
import dev.weblog.common.Target;
import dev.weblog.spark.MetricsScrape;
import dev.weblog.spark.StreamColumns;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What tasks tally becomes in the scrape: merged, labelled by target, class and reason, latency per line. */
class StreamMetricsTest {

  private static final long COMMIT_MILLIS = 1_700_000_010_000L;

  @Test
  void tasksTalliesAreMergedIntoCountersByTargetClassAndReason() {
    // Two tasks, each with its own vocabulary: classes are whatever the model predicts.
    BatchTally first = new BatchTally();
    first.valid(line("teen", "teen", "f", "m", COMMIT_MILLIS - 900), StreamBatchTask.PREDICTED_AT);
    first.valid(line("adult", "teen", "m", "m", COMMIT_MILLIS - 900), StreamBatchTask.PREDICTED_AT);
    first.quarantined(rejected("BAD_IP", COMMIT_MILLIS - 100));
    BatchTally second = new BatchTally();
    second.valid(line("36-50", null, "1", "1", COMMIT_MILLIS - 2500), StreamBatchTask.PREDICTED_AT);
    second.quarantined(rejected("FIELD_COUNT", COMMIT_MILLIS - 100));
    second.quarantined(rejected("FIELD_COUNT", COMMIT_MILLIS - 100));

    MetricsScrape scrape = record(List.of(first, second), 6, 3);

    assertEquals(6, scrape.sum("weblog_stream_records_read_total"));
    assertEquals(3, scrape.sum("weblog_stream_records_predicted_total"));
    assertEquals(1, scrape.sum("weblog_stream_records_quarantined_total", "reason", "bad_ip"));
    assertEquals(2, scrape.sum("weblog_stream_records_quarantined_total", "reason", "field_count"));
    assertEquals(1, scrape.sum("weblog_stream_predictions_total", "target", "age_group", "class", "teen"));
    assertEquals(1, scrape.sum("weblog_stream_predictions_total", "target", "age_group", "class", "36-50"));
    assertEquals(1, scrape.sum("weblog_stream_predictions_total", "target", "gender", "class", "m"));
    assertEquals(1, scrape.sum("weblog_stream_predictions_total", "target", "gender", "class", "f"));
    // Labelled: the age group of the third line is unknown, so two labelled lines and one right.
    assertEquals(2, scrape.sum("weblog_stream_labelled_total", "target", "age_group"));
    assertEquals(1, scrape.sum("weblog_stream_labelled_correct_total", "target", "age_group"));
    assertEquals(0.5, scrape.sum("weblog_stream_live_accuracy", "target", "age_group"));
    assertEquals(2.0 / 3, scrape.sum("weblog_stream_live_accuracy", "target", "gender"), 1e-9);
    // Every line's latency, the quarantined ones too: 0.1 s (3), 0.9 s (2), 2.5 s (1).
    assertEquals(6, scrape.sum("weblog_stream_latency_seconds_count"));
    assertEquals(3, scrape.sum("weblog_stream_latency_seconds_bucket", "le", "0.1"));
    assertEquals(5, scrape.sum("weblog_stream_latency_seconds_bucket", "le", "1.0"));
    assertEquals(6, scrape.sum("weblog_stream_latency_seconds_bucket", "le", "2.5"));
    assertEquals(COMMIT_MILLIS / 1000.0, scrape.sum("weblog_stream_last_commit_timestamp_seconds"));
    assertEquals(7, scrape.sum("weblog_stream_model_version", "target", "gender"));
  }

  @Test
  void modelVersionsAreTheLoadedOnesBeforeAnyBatchThenTheBatchesOnes() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (StreamMetrics metrics = new StreamMetrics(registry)) {
      metrics.serving(Map.of(Target.AGE_GROUP, 2, Target.GENDER, 5));
      MetricsScrape started = MetricsScrape.parse(registry.scrape());
      assertEquals(2, started.sum("weblog_stream_model_version", "target", "age_group"));
      assertEquals(5, started.sum("weblog_stream_model_version", "target", "gender"));
      metrics.committed(new StreamMetrics.Batch(COMMIT_MILLIS - 3000, COMMIT_MILLIS, 1, 1, List.of(),
          Map.of(Target.AGE_GROUP, 2, Target.GENDER, 6), false));
      metrics.flush();
      assertEquals(6, MetricsScrape.parse(registry.scrape()).sum("weblog_stream_model_version", "target", "gender"),
          "a swapped model shows once a batch it scored commits");
    }
  }

  @Test
  void theMetricsOwnCostIsCountedFromTimedSamplesOfTheTasksCountingAndTheRecording() {
    BatchTally few = new BatchTally();
    for (int i = 1; i < BatchTally.SAMPLE_EVERY; i++) {
      few.valid(line("teen", "teen", "f", "f", COMMIT_MILLIS - 500), StreamBatchTask.PREDICTED_AT);
    }
    assertEquals(0, few.estimatedNanos(), "no call timed yet");
    BatchTally many = new BatchTally();
    for (int i = 0; i < 20 * BatchTally.SAMPLE_EVERY; i++) {
      many.valid(line("teen", "adult", "f", "m", COMMIT_MILLIS - 500), StreamBatchTask.PREDICTED_AT);
    }
    assertTrue(many.estimatedNanos() > 0, "20 calls timed");

    MetricsScrape scrape = record(List.of(few, many), 21L * BatchTally.SAMPLE_EVERY - 1,
        21L * BatchTally.SAMPLE_EVERY - 1);

    BatchTally merged = new BatchTally();
    merged.add(few);
    merged.add(many);
    assertTrue(merged.estimatedNanos() > many.estimatedNanos(), "the untimed calls are estimated too");
    assertEquals(merged.estimatedNanos() / 1e9, scrape.sum(MetricsEndpoint.CPU_SERIES, "work", "tasks"), 1e-9,
        "the tasks' estimates, merged with the rest of their tallies");
    assertTrue(scrape.sum(MetricsEndpoint.CPU_SERIES, "work", "record") > 0, "the recording thread's CPU");
  }

  @Test
  void liveAccuracyForgetsBatchesOlderThanItsWindow() {
    StreamMetrics.LiveAccuracy live = new StreamMetrics.LiveAccuracy();
    assertTrue(Double.isNaN(live.value()), "no labelled line yet");
    live.add(StreamMetrics.LIVE_ACCURACY_WINDOW, 0);
    live.add(StreamMetrics.LIVE_ACCURACY_WINDOW / 2, StreamMetrics.LIVE_ACCURACY_WINDOW / 2);
    assertEquals(1.0 / 3, live.value(), 1e-9, "the older batch still fills the window");
    live.add(StreamMetrics.LIVE_ACCURACY_WINDOW / 2, StreamMetrics.LIVE_ACCURACY_WINDOW / 2);
    assertEquals(1.0, live.value(), "the all-wrong batch fell out of the last window's lines");
  }

  private static MetricsScrape record(List<BatchTally> tallies, long records, long predicted) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (StreamMetrics metrics = new StreamMetrics(registry)) {
      metrics.committed(new StreamMetrics.Batch(COMMIT_MILLIS - 3000, COMMIT_MILLIS, records, predicted, tallies,
          Map.of(Target.AGE_GROUP, 3, Target.GENDER, 7), false));
      metrics.flush();
      return MetricsScrape.parse(registry.scrape());
    }
  }

  /** A scored line as a task holds it: observed labels (null: unknown), predictions, Kafka timestamp. */
  private static Object[] line(String agePredicted, String ageObserved, String genderPredicted,
      String genderObserved, long kafkaMillis) {
    Object[] values = new Object[StreamBatchTask.ROW.size()];
    values[StreamBatchTask.ROW.fieldIndex(StreamColumns.predicted(Target.AGE_GROUP))] = agePredicted;
    values[StreamBatchTask.ROW.fieldIndex(StreamColumns.predicted(Target.GENDER))] = genderPredicted;
    values[Target.AGE_GROUP.column().ordinal()] = ageObserved;
    values[Target.GENDER.column().ordinal()] = genderObserved;
    values[StreamBatchTask.ROW.fieldIndex(StreamColumns.KAFKA_TIMESTAMP)] = kafkaMillis * 1000;
    return values;
  }

  private static Object[] rejected(String kind, long kafkaMillis) {
    Object[] values = new Object[StreamBatchTask.ROW.size()];
    values[StreamBatchTask.ROW.fieldIndex(StreamColumns.KIND)] = kind;
    values[StreamBatchTask.ROW.fieldIndex(StreamColumns.KAFKA_TIMESTAMP)] = kafkaMillis * 1000;
    return values;
  }
}
