package dev.weblog.common.monitor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PsiTest {

  private static final double EXACT = 1e-9;

  @Test
  void fiftyFiftyAgainstEightyTwenty() {
    // (0.8-0.5)ln(0.8/0.5) + (0.2-0.5)ln(0.2/0.5) = 0.3*0.470004 + 0.3*0.916291 = 0.141001 + 0.274887 = 0.415888
    assertArrayEquals(new double[] {0.14100108877, 0.27488721956}, Psi.terms(new long[] {50, 50}, new long[] {8, 2}),
        1e-10);
    assertEquals(0.41588830834, Psi.of(new long[] {50, 50}, new long[] {8, 2}), 1e-10);
  }

  @Test
  void sharesNotCountsAreCompared() {
    assertEquals(0, Psi.of(new long[] {1000, 3000, 6000}, new long[] {1, 3, 6}), EXACT);
    assertEquals(Psi.of(new long[] {5, 5}, new long[] {80, 20}), Psi.of(new long[] {50000, 50000}, new long[] {8, 2}),
        EXACT);
  }

  @Test
  void itIsSymmetric() {
    long[] a = {10, 30, 60};
    long[] b = {25, 25, 50};
    assertEquals(Psi.of(a, b), Psi.of(b, a), EXACT);
  }

  @Test
  void aBinEmptyInTrainingGivesALargeFiniteTerm() {
    // Reference 100/0 is (1, 1e-4) after the floor; observed 90/10:
    // (0.9-1)ln(0.9/1) + (0.1-0.0001)ln(0.1/0.0001) = 0.010536 + 0.0999*6.907755 = 0.010536 + 0.690085 = 0.700621
    assertEquals(0.7006208039, Psi.of(new long[] {100, 0}, new long[] {90, 10}), 1e-9);
    // A whole batch in such a bin: (1-0.0001)ln(1/0.0001) + (0.0001-1)ln(0.0001/1) = 2 * 0.9999 * 9.21034
    double worst = Psi.of(new long[] {100, 0}, new long[] {0, 10});
    assertEquals(2 * 0.9999 * Math.log(1e4), worst, 1e-9);
    assertTrue(Double.isFinite(worst));
  }

  @Test
  void aBinEmptyOnBothSidesAddsNothing() {
    assertEquals(Psi.of(new long[] {50, 50}, new long[] {80, 20}), Psi.of(new long[] {50, 50, 0}, new long[] {80, 20,
        0}), EXACT);
  }

  @Test
  void noObservedLinesIsNoFigure() {
    assertTrue(Double.isNaN(Psi.of(new long[] {50, 50}, new long[] {0, 0})));
  }

  @Test
  void binsMustMatch() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Psi.of(new long[] {1, 2}, new long[] {1, 2, 3}));
    assertEquals("PSI compares the same bins: the reference has 2, the observation 3", e.getMessage());
  }

  @Test
  void classShiftIsTheShareOfPredictionsInAnotherClass() {
    // Training F 50%, M 50%; predicted F 80%, M 20%: (|0.5-0.8| + |0.5-0.2|) / 2 = 0.3
    assertEquals(0.3, Psi.classShift(Map.of("F", 50L, "M", 50L), Map.of("F", 8L, "M", 2L)), EXACT);
    // A class never predicted: (|0.9-1| + |0.1-0|) / 2 = 0.1, where PSI would give 0.70
    assertEquals(0.1, Psi.classShift(Map.of("adult", 90L, "senior", 10L), Map.of("adult", 7L)), EXACT);
    assertEquals(1, Psi.classShift(Map.of("a", 1L), Map.of("b", 1L)), EXACT);
    assertTrue(Double.isNaN(Psi.classShift(Map.of("a", 1L), Map.of())));
  }
}
