package dev.weblog.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryTest {

  @Test
  void oddCountTakesTheMiddleValueWhateverTheOrder() {
    assertEquals(new Summary(1, 3, 9), Summary.of(List.of(9.0, 1.0, 3.0)));
  }

  @Test
  void evenCountTakesTheMeanOfTheTwoMiddleValues() {
    assertEquals(new Summary(1, 2.5, 10), Summary.of(List.of(10.0, 2.0, 1.0, 3.0)));
  }

  @Test
  void oneValueIsMinMedianAndMax() {
    assertEquals(new Summary(4, 4, 4), Summary.of(List.of(4.0)));
  }

  @Test
  void noValueIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> Summary.of(List.of()));
  }
}
