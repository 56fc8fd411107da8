package dev.weblog.bench;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/** The figures of one run of one variant. */
public record Measurement(Map<Figure, Double> figures) {

  public Measurement {
    figures = Collections.unmodifiableMap(new EnumMap<>(figures));
  }

  public static Measurement of(Figure figure, double value) {
    return new Measurement(Map.of(figure, value));
  }

  public Measurement with(Figure figure, double value) {
    Map<Figure, Double> all = new EnumMap<>(figures);
    all.put(figure, value);
    return new Measurement(all);
  }
}
