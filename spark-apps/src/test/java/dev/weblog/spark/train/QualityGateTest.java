package dev.weblog.spark.train;

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
  void settingsOutsideZeroToOneAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new QualityGate(1.5, 0.01));
    assertThrows(IllegalArgumentException.class, () -> new QualityGate(0.5, -0.01));
    assertThrows(IllegalArgumentException.class, () -> new QualityGate(Double.NaN, 0.01));
  }
}
