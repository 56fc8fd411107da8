package dev.weblog.bench;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A stage's measured variants (the project's first) and its reference figures. */
public record StageResult(String stage, Figure primary, List<VariantResult> variants, Map<String, Double> references) {

  /** The project against one baseline on the primary figure, pair by pair. */
  public record Ratio(String baseline, List<Double> pairs) {}

  public StageResult {
    if (variants.isEmpty()) {
      throw new IllegalArgumentException("stage " + stage + " has no measured variant");
    }
    variants = List.copyOf(variants);
    references = Collections.unmodifiableMap(new TreeMap<>(references));
  }

  public VariantResult project() {
    return variants.get(0);
  }

  public List<Ratio> ratios() {
    List<Double> project = project().values().get(primary);
    return variants.subList(1, variants.size()).stream()
        .map(b -> new Ratio(b.name(), PairRatios.of(primary, project, b.values().get(primary))))
        .toList();
  }
}
