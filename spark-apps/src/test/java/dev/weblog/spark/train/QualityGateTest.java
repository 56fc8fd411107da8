package dev.weblog.spark.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class QualityGateTest {

  private final QualityGate gate = new QualityGate(0.60, 0.01);

  @Test
  void firstVersionIsPromotedWhenItReachesTheMinimum() {
    QualityGate.Decision d = gate.decide(0.61, Optional.empty());
    assertTrue(d.promote(), d.reason());
  }

  @Test
  void belowTheMinimumIsRefusedEvenWithoutACurrentVersion() {
    QualityGate.Decision d = gate.decide(0.59, Optional.empty());
    assertFalse(d.promote());
    assertTrue(d.reason().contains("below the minimum"), d.reason());
  }

  @Test
  void worseThanCurrentByMoreThanTheToleranceIsRefused() {
    QualityGate.Decision d = gate.decide(0.80, Optional.of(new QualityGate.Baseline(3, Optional.of(0.82))));
    assertFalse(d.promote());
    assertTrue(d.reason().contains("v3"), d.reason());
  }

  @Test
  void worseThanCurrentWithinTheToleranceIsPromoted() {
    assertTrue(gate.decide(0.815, Optional.of(new QualityGate.Baseline(3, Optional.of(0.82)))).promote());
    assertTrue(gate.decide(0.81, Optional.of(new QualityGate.Baseline(3, Optional.of(0.82)))).promote(),
        "exactly at the tolerance is allowed");
  }

  @Test
  void betterThanCurrentIsPromoted() {
    assertTrue(gate.decide(0.90, Optional.of(new QualityGate.Baseline(1, Optional.of(0.82)))).promote());
  }

  @Test
  void currentWithoutReadableMetricsOnlyChecksTheMinimum() {
    assertTrue(gate.decide(0.70, Optional.of(new QualityGate.Baseline(2, Optional.empty()))).promote());
    assertFalse(gate.decide(0.50, Optional.of(new QualityGate.Baseline(2, Optional.empty()))).promote());
  }

  @Test
  void aCandidateBetterOnHistoryButWorseOnRecentLinesIsRefused() {
    QualityGate.Decision d = gate.decide(0.90, Optional.of(new QualityGate.Baseline(2, Optional.of(0.85))),
        Optional.of(new QualityGate.RecentScores(1234, 0.812, 2, 0.845, false)));
    assertFalse(d.promote(), d.reason());
    assertTrue(d.reason().startsWith("worse on the 1,234 most recent labelled lines: 0.8120 vs serving v2 0.8450"),
        d.reason());
    assertTrue(d.reason().contains("history accuracy 0.9000"), d.reason());
  }

  @Test
  void aDriftRetrainEqualOnRecentLinesIsNotBetter() {
    QualityGate.Decision d = gate.decide(0.90, Optional.of(new QualityGate.Baseline(2, Optional.of(0.85))),
        Optional.of(new QualityGate.RecentScores(500, 0.845, 2, 0.845, true)));
    assertFalse(d.promote(), d.reason());
    assertTrue(d.reason().startsWith("no better on"), d.reason());
  }

  @Test
  void anyOtherRetrainMayBeWorseOnRecentLinesOnlyWithinTheTolerance() {
    Optional<QualityGate.Baseline> current = Optional.of(new QualityGate.Baseline(2, Optional.of(0.85)));
    QualityGate.Decision within = gate.decide(0.90, current,
        Optional.of(new QualityGate.RecentScores(500, 0.840, 2, 0.845, false)));
    assertTrue(within.promote(), within.reason());
    assertTrue(within.reason().startsWith("within 0.0100 of the serving version on the 500 most recent"),
        within.reason());
    QualityGate.Decision beyond = gate.decide(0.90, current,
        Optional.of(new QualityGate.RecentScores(500, 0.830, 2, 0.845, false)));
    assertFalse(beyond.promote(), beyond.reason());
    assertTrue(beyond.reason().contains("by more than the tolerance 0.0100"), beyond.reason());
    QualityGate.Decision drift = gate.decide(0.90, current,
        Optional.of(new QualityGate.RecentScores(500, 0.840, 2, 0.845, true)));
    assertFalse(drift.promote(), "a drift retrain gets no tolerance: " + drift.reason());
  }

  @Test
  void aCandidateBetterOnRecentLinesIsPromotedThoughWorseOnHistoryThanTheTolerance() {
    QualityGate.Decision d = gate.decide(0.70, Optional.of(new QualityGate.Baseline(2, Optional.of(0.85))),
        Optional.of(new QualityGate.RecentScores(2000, 0.84, 2, 0.79, true)));
    assertTrue(d.promote(), d.reason());
    assertTrue(d.reason().contains("better on the 2,000 most recent labelled lines: 0.8400 vs serving v2 0.7900"),
        d.reason());
    assertTrue(d.reason().contains("a drop beyond the tolerance 0.0100 that recent lines overrule"), d.reason());
  }

  @Test
  void theFloorHoldsEvenForACandidateBetterOnRecentLines() {
    QualityGate.Decision d = gate.decide(0.55, Optional.of(new QualityGate.Baseline(2, Optional.of(0.85))),
        Optional.of(new QualityGate.RecentScores(2000, 0.84, 2, 0.79, true)));
    assertFalse(d.promote(), d.reason());
    assertTrue(d.reason().contains("below the minimum"), d.reason());
  }

  @Test
  void tooFewRecentLinesLeaveTheHistoryToJudge() {
    Optional<QualityGate.Baseline> current = Optional.of(new QualityGate.Baseline(2, Optional.of(0.85)));
    long few = QualityGate.MIN_RECENT_LINES - 1;
    QualityGate.Decision d =
        gate.decide(0.90, current, Optional.of(new QualityGate.RecentScores(few, 0.5, 2, 0.9, true)));
    assertEquals(gate.decide(0.90, current), d);
    assertTrue(d.promote(), d.reason());
  }

  @Test
  void settingsOutsideZeroToOneAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new QualityGate(1.5, 0.01));
    assertThrows(IllegalArgumentException.class, () -> new QualityGate(0.5, -0.01));
    assertThrows(IllegalArgumentException.class, () -> new QualityGate(Double.NaN, 0.01));
  }
}
