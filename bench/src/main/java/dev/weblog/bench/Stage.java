package dev.weblog.bench;

import java.util.List;
import java.util.Map;

/** A stage of the pipeline and the variants measured against each other. */
public interface Stage {

  String id();

  /** The figure the pair ratios are taken on. */
  Figure primary();

  /** The project's variant first, then its baselines. */
  List<Variant> variants();

  /** Figures besides the primary one that the pair ratios are also taken on; none unless a stage says. */
  default List<Figure> alsoCompared() {
    return List.of();
  }

  /** Fixed figures to show beside the measured ones, e.g. the Bayes-optimal accuracy; may be empty. */
  Map<String, Double> references();
}
