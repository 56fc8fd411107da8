package dev.weblog.common.monitor;

import dev.weblog.common.Column;
import dev.weblog.common.Target;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The monitoring row of one micro-batch and one target: how the model did on the labelled lines, what it
 * predicted against training's classes, and how far each feature moved from training. {@link BatchMonitor} makes
 * it; {@link DriftWindow} judges a run of them.
 *
 * @param accuracy correct over labelled lines; null when no line was labelled
 * @param predictedShares the share of lines per predicted label
 * @param classShift the total variation distance of the predicted shares from training's class shares
 *     ({@link Psi#classShift}); NaN without lines
 * @param features one entry per feature of the model, in its order
 */
public record BatchReport(long batchId, Target target, long lines, long labelled, long correct, Double accuracy,
    Map<String, Double> predictedShares, double classShift, List<FeatureDrift> features) {

  /**
   * One feature's drift in the batch.
   *
   * @param psi the PSI of the batch's bins against training's; NaN without lines
   * @param unseenShare the share of lines whose value training did not see or kept only in its capped rest
   * @param topBin the bin that moved the most (the largest PSI term): a value, a range, or the other-or-unseen bin
   * @param topUnseen the most frequent unseen value in the batch; null when every value was seen
   */
  public record FeatureDrift(Column column, double psi, double unseenShare, String topBin, String topUnseen) {}

  public BatchReport {
    predictedShares = Map.copyOf(predictedShares);
    features = List.copyOf(features);
  }

  /** The feature with the largest PSI; empty when no feature has one (no lines). */
  public Optional<FeatureDrift> worst() {
    return features.stream().filter(f -> !Double.isNaN(f.psi())).max(Comparator.comparingDouble(FeatureDrift::psi));
  }

  /** The largest PSI of any feature; NaN without lines. */
  public double worstPsi() {
    return worst().map(FeatureDrift::psi).orElse(Double.NaN);
  }
}
