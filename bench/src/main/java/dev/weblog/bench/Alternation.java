package dev.weblog.bench;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a stage's variants in turn, so that a slow spell of a busy machine hits every variant alike, each round
 * starting one variant later (A B, B A, A B …; A B C, B C A …) so that none always runs first or right after
 * another: a machine that speeds up or slows down through a stage would otherwise favour one. The warm-up pairs
 * (JIT, caches, Spark's first jobs) are run and discarded.
 */
public final class Alternation {

  private Alternation() {}

  public static StageResult run(Stage stage, int warmupPairs, int pairs, PrintWriter progress) throws Exception {
    if (pairs < 1 || warmupPairs < 0) {
      throw new IllegalArgumentException("stage " + stage.id() + ": need pairs >= 1 and warm-up pairs >= 0, got "
          + pairs + " and " + warmupPairs);
    }
    List<Variant> variants = stage.variants();
    List<VariantResult.Builder> results = new ArrayList<>();
    for (Variant v : variants) {
      results.add(new VariantResult.Builder(v.name()));
    }
    for (int round = 0; round < warmupPairs + pairs; round++) {
      boolean warmup = round < warmupPairs;
      String label = warmup ? "warm-up " + (round + 1) + "/" + warmupPairs : "pair " + (round - warmupPairs + 1)
          + "/" + pairs;
      for (int turn = 0; turn < variants.size(); turn++) {
        int i = (round + turn) % variants.size();
        Variant v = variants.get(i);
        Measurement m;
        try {
          m = v.run();
        } catch (Exception e) {
          throw new BenchFailure("stage " + stage.id() + ", variant " + v.name() + ", " + label + ": " + e, e);
        }
        if (!m.figures().containsKey(stage.primary())) {
          throw new BenchFailure("stage " + stage.id() + ", variant " + v.name() + " did not report "
              + stage.primary().key());
        }
        progress.printf("  %-16s %-12s %-12s %s%n", stage.id(), v.name(), label, BenchTable.figures(m));
        progress.flush();
        if (!warmup) {
          results.get(i).add(m);
        }
      }
    }
    return new StageResult(stage.id(), stage.primary(), results.stream().map(VariantResult.Builder::build).toList(),
        stage.references(), stage.alsoCompared());
  }
}
