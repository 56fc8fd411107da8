package dev.weblog.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlternationTest {

  @Test
  void eachRoundStartsOneVariantLaterAndKeepsEveryMeasurementWithItsVariant() throws Exception {
    List<String> order = new ArrayList<>();
    Stage stage = new Stage() {
      @Override
      public String id() {
        return "s";
      }

      @Override
      public Figure primary() {
        return Figure.SECONDS;
      }

      @Override
      public List<Variant> variants() {
        return List.of(variant("a", 1.0, order), variant("b", 2.0, order), variant("c", 4.0, order));
      }

      @Override
      public Map<String, Double> references() {
        return Map.of();
      }
    };

    StageResult result = Alternation.run(stage, 1, 2, new PrintWriter(new StringWriter()));

    assertEquals(List.of("a", "b", "c", "b", "c", "a", "c", "a", "b"), order, "warm-up, then two measured rounds");
    assertEquals(List.of(1.0, 1.0), result.project().values().get(Figure.SECONDS));
    assertEquals(List.of(4.0, 4.0), result.variants().get(2).values().get(Figure.SECONDS));
    assertEquals(List.of(4.0, 4.0), result.ratios().get(1).pairs(), "seconds: c / a, pair by pair");
  }

  private static Variant variant(String name, double seconds, List<String> order) {
    return new Variant() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Measurement run() {
        order.add(name);
        return Measurement.of(Figure.SECONDS, seconds);
      }
    };
  }
}
