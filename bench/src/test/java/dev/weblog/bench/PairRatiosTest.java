package dev.weblog.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PairRatiosTest {

  @Test
  void throughputIsProjectOverBaselinePairByPair() {
    assertEquals(List.of(2.0, 0.5), PairRatios.of(Figure.ROWS_PER_S, List.of(200.0, 50.0), List.of(100.0, 100.0)));
  }

  @Test
  void secondsAreBaselineOverProjectSoAboveOneStillMeansTheProjectWasBetter() {
    assertEquals(List.of(3.0), PairRatios.of(Figure.SECONDS, List.of(2.0), List.of(6.0)));
  }

  @Test
  void unequalPairCountsAreRefusedNamingTheFigure() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PairRatios.of(Figure.SECONDS, List.of(1.0, 2.0), List.of(1.0)));
    assertTrue(e.getMessage().contains("seconds"), e.getMessage());
  }

  @Test
  void aZeroValueIsRefusedNamingThePair() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PairRatios.of(Figure.ROWS_PER_S, List.of(1.0, 0.0), List.of(1.0, 1.0)));
    assertTrue(e.getMessage().contains("pair 2"), e.getMessage());
  }
}
