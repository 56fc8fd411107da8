package dev.weblog.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A stage's measured variants (the project's first) and its reference figures; pair ratios are taken on the primary
 * figure and on those in {@code alsoCompared}.
 */
public record StageResult(String stage, Figure primary, List<VariantResult> variants, Map<String, Double> references,
    List<Figure> alsoCompared) {

  /** The project against one baseline on one figure, pair by pair. */
  public record Ratio(String baseline, Figure figure, List<Double> pairs) {}

  public StageResult {
    if (variants.isEmpty()) {
      throw new IllegalArgumentException("stage " + stage + " has no measured variant");
    }
    variants = List.copyOf(variants);
    references = Collections.unmodifiableMap(new TreeMap<>(references));
    alsoCompared = List.copyOf(alsoCompared);
  }

  public StageResult(String stage, Figure primary, List<VariantResult> variants, Map<String, Double> references) {
    this(stage, primary, variants, references, List.of());
  }

  public VariantResult project() {
    return variants.get(0);
  }

  /** On the primary figure. */
  public List<Ratio> ratios() {
    return ratios(primary);
  }

  /** On the primary figure, then on each of {@code alsoCompared}. */
  public List<Ratio> allRatios() {
    List<Ratio> all = new ArrayList<>(ratios());
    alsoCompared.forEach(f -> all.addAll(ratios(f)));
    return all;
  }

  private List<Ratio> ratios(Figure figure) {
    List<Double> project = project().values().get(figure);
    return variants.subList(1, variants.size()).stream()
        .map(b -> new Ratio(b.name(), figure, PairRatios.of(figure, project, b.values().get(figure))))
        .toList();
  }
}
