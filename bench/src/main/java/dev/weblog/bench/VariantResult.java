package dev.weblog.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Every measured value of one variant, per figure, in pair order. */
public record VariantResult(String name, Map<Figure, List<Double>> values) {

  public VariantResult {
    Map<Figure, List<Double>> copy = new EnumMap<>(Figure.class);
    values.forEach((f, v) -> copy.put(f, List.copyOf(v)));
    values = Collections.unmodifiableMap(copy);
  }

  /** Collects measurements one at a time, as the pairs run. */
  static final class Builder {
    private final String name;
    private final Map<Figure, List<Double>> values = new EnumMap<>(Figure.class);

    Builder(String name) {
      this.name = name;
    }

    void add(Measurement m) {
      m.figures().forEach((f, v) -> values.computeIfAbsent(f, k -> new ArrayList<>()).add(v));
    }

    VariantResult build() {
      return new VariantResult(name, values);
    }
  }
}
