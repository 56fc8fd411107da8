package dev.weblog.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PromotionEventsTest {

  @Test
  void countsEachTargetsVersionAndFindsTheOnesToldTwice() {
    Map<String, Integer> counts = PromotionEvents.count(List.of(
        "promoted gender v1 (accuracy 0.93) for pipeline weblog/p",
        "promoted age_group v1 (accuracy 0.47) for pipeline weblog/p",
        "promoted age_group v1 (accuracy 0.47) for pipeline weblog/p",
        "promoted gender v12 (accuracy 0.94; recent 0.9100 on 1,000 lines vs serving v1 0.9000) for pipeline weblog/p"));
    assertEquals(Map.of("age_group v1", 2, "gender v1", 1, "gender v12", 1), counts);
    assertEquals(Map.of("age_group v1", 2), PromotionEvents.repeated(counts));
  }

  @Test
  void aMessageOfAnotherShapeIsKeptAsItIsNotDropped() {
    Map<String, Integer> counts = PromotionEvents.count(List.of("something else"));
    assertEquals(Map.of("something else", 1), counts);
    assertTrue(PromotionEvents.repeated(counts).isEmpty());
    assertTrue(PromotionEvents.promotion("promoted gender (accuracy 1)").isEmpty());
  }
}
