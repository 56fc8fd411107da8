package dev.weblog.operator.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weblog.operator.api.RetrySpec;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The training result parser and the backoff. */
class SmallPartsTest {

  @Test
  void parsesTheTrainJobsTerminationMessage() {
    TrainingResult r = TrainingResult.parse(Harness.GENDER_OK + "\n").orElseThrow();
    assertEquals(new TrainingResult("gender", 1, 0.9291, true, 1, "accuracy 0.9291 >= 0.2"), r);
    assertEquals("gender v1 (accuracy 0.9291)", r.describe());
    TrainingResult refused = TrainingResult.parse("{\"target\":\"age_group\",\"version\":4,\"accuracy\":0.3,"
        + "\"promoted\":false,\"current\":3}").orElseThrow();
    assertFalse(refused.promoted());
    assertEquals(3, refused.current());
  }

  @Test
  void aRetrainOnRecentDataCarriesBothRecentScoresIntoTheEventText() {
    TrainingResult r = TrainingResult.parse("{\"target\":\"gender\",\"version\":3,\"accuracy\":0.91,"
        + "\"promoted\":false,\"current\":2,\"reason\":\"worse on the 2,000 most recent labelled lines\","
        + "\"recent_lines\":2000,\"recent_accuracy\":0.812,\"serving_version\":2,"
        + "\"serving_recent_accuracy\":0.845}").orElseThrow();
    assertEquals(new TrainingResult.Recent(2000, 0.812, 2, 0.845), r.recent());
    assertEquals("gender v3 (accuracy 0.91; recent 0.8120 on 2,000 lines vs serving v2 0.8450)", r.describe());
    TrainingResult first = TrainingResult.parse("{\"target\":\"gender\",\"version\":1,\"accuracy\":0.91,"
        + "\"promoted\":true,\"current\":1,\"recent_lines\":300,\"recent_accuracy\":0.8}").orElseThrow();
    assertEquals("gender v1 (accuracy 0.91; recent 0.8000 on 300 lines)", first.describe());
  }

  @Test
  void anErrorLineOrBrokenJsonIsNoResult() {
    assertEquals(Optional.empty(), TrainingResult.parse("java.lang.IllegalStateException: no data under /x"));
    assertEquals(Optional.empty(), TrainingResult.parse("{\"target\":\"gender\""));
    assertEquals(Optional.empty(), TrainingResult.parse("{\"target\":\"gender\",\"version\":\"x\"}"));
    assertEquals(Optional.empty(), TrainingResult.parse(null));
  }

  @Test
  void backoffDoublesUpToTheMaximum() {
    RetrySpec r = new RetrySpec();
    r.setInitialBackoffSeconds(10);
    r.setMaxBackoffSeconds(60);
    assertEquals(Duration.ofSeconds(10), Backoff.after(1, r));
    assertEquals(Duration.ofSeconds(20), Backoff.after(2, r));
    assertEquals(Duration.ofSeconds(40), Backoff.after(3, r));
    assertEquals(Duration.ofSeconds(60), Backoff.after(4, r));
    assertEquals(Duration.ofSeconds(60), Backoff.after(100, r));
    assertTrue(Backoff.after(0, r).toSeconds() >= 10);
  }
}
