package dev.weblog.spark.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weblog.common.Target;
import dev.weblog.spark.MetricsScrape;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainMetricsTest {

  private static final Candidate TREE = new Candidate(Algorithm.DECISION_TREE, 8, 100, null);
  private static final Candidate FOREST = new Candidate(Algorithm.RANDOM_FOREST, 10, 1, 10);

  @Test
  void showsWhichCandidateIsFittingAndKeepsTheBestValidationAccuracy() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    TrainMetrics metrics = new TrainMetrics(registry, Target.GENDER, () -> 9_000);
    metrics.rows(800, 160, 200);
    metrics.candidates(List.of(TREE, FOREST));
    metrics.fitting(TREE);
    metrics.fitting(FOREST);
    MetricsScrape fitting = MetricsScrape.parse(registry.scrape());
    assertEquals(2, fitting.sum("weblog_train_candidates", "target", "gender"));
    assertEquals(2, fitting.sum("weblog_train_candidate_fitting", "target", "gender"), "both at once");
    assertEquals(1, fitting.sum("weblog_train_candidate_fitting", "algorithm", "random_forest", "candidate",
        FOREST.name()));
    assertEquals(160, fitting.sum("weblog_train_rows", "target", "gender", "split", "validation"));
    assertTrue(Double.isNaN(fitting.sum("weblog_train_best_validation_accuracy")), "nothing scored yet");

    metrics.fitted(FOREST, 0.91);
    metrics.fitted(TREE, 0.88);
    metrics.tested(0.905);
    MetricsScrape done = MetricsScrape.parse(registry.scrape());
    assertEquals(2, done.sum("weblog_train_candidates_done_total", "target", "gender"));
    assertEquals(0, done.sum("weblog_train_candidate_fitting"));
    assertEquals(0.91, done.sum("weblog_train_best_validation_accuracy", "target", "gender"));
    assertEquals(0.905, done.sum("weblog_train_test_accuracy", "target", "gender"));
    assertEquals(9, done.sum("weblog_train_last_progress_timestamp_seconds"));
  }

  @Test
  void aFailedFitStopsShowingAsFitting() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    TrainMetrics metrics = new TrainMetrics(registry, Target.AGE_GROUP, () -> 0);
    metrics.candidates(List.of(TREE));
    metrics.fitting(TREE);
    metrics.stopped(TREE);
    MetricsScrape scrape = MetricsScrape.parse(registry.scrape());
    assertEquals(0, scrape.sum("weblog_train_candidate_fitting"));
    assertEquals(0, scrape.sum("weblog_train_candidates_done_total"));
  }
}
