package dev.weblog.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LabelOrderTest {

  @Test
  void ageBucketsGoByTheirNumbersWhateverTheBounds() {
    assertSortsTo(List.of("under 18", "18-25", "26-35", "36-50", "over 50"));
    assertSortsTo(List.of("<20", "20-29", "30-44", "45+"));
    assertSortsTo(List.of("below 5", "5-9", "10-14", "15 and over"));
    assertSortsTo(List.of("Under 21", "21-64", ">64"));
  }

  @Test
  void aBoundSitsJustBeforeOrAfterItsNumber() {
    assertSortsTo(List.of("under 18", "18", "over 18"));
    assertSortsTo(List.of("<20", "18-19", "20-29"), List.of("18-19", "<20", "20-29"));
  }

  @Test
  void numbersCompareAsNumbersNotAsText() {
    assertSortsTo(List.of("0", "1"));
    assertSortsTo(List.of("9-10", "10-19", "100+"));
    assertSortsTo(List.of("2.5", "10"));
  }

  @Test
  void otherLabelsGoAlphabeticallyAfterNumberedOnes() {
    assertSortsTo(List.of("F", "M"));
    assertSortsTo(List.of("adult", "child", "senior"));
    assertSortsTo(List.of("18-25", "over 50", "unknown"));
  }

  private static void assertSortsTo(List<String> expected) {
    assertSortsTo(expected, expected);
  }

  /** Every shuffle of {@code labels} sorts to {@code expected}. */
  private static void assertSortsTo(List<String> labels, List<String> expected) {
    Random random = new Random(labels.hashCode());
    for (int i = 0; i < 20; i++) {
      List<String> shuffled = new ArrayList<>(labels);
      Collections.shuffle(shuffled, random);
      assertEquals(expected, LabelOrder.sorted(shuffled), "from " + shuffled);
    }
  }
}
