package dev.weblog.common.monitor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The monitoring row of a batch from what the batch showed and what the model was trained on: a pure function,
 * so the stream computes it on the driver from counts its executors made, and tests check it by hand.
 */
public final class BatchMonitor {

  private BatchMonitor() {}

  public static BatchReport report(long batchId, BatchCounts counts) {
    TrainingProfile profile = counts.profile();
    long lines = counts.lines();
    List<BatchReport.FeatureDrift> features = new ArrayList<>();
    for (FeatureReference f : profile.features()) {
      long[] observed = counts.bins(f.column());
      double[] terms = Psi.terms(f.counts(), observed);
      int top = 0;
      double psi = 0;
      for (int k = 0; k < terms.length; k++) {
        psi += terms[k];
        top = terms[k] > terms[top] ? k : top;
      }
      String topUnseen = counts.unseenValues(f.column()).entrySet().stream()
          .max(Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey(
              Comparator.reverseOrder())))
          .map(Map.Entry::getKey).orElse(null);
      features.add(new BatchReport.FeatureDrift(f.column(), psi, share(counts.unseen(f.column()), lines),
          lines == 0 ? null : f.binName(top), topUnseen));
    }
    Map<String, Double> shares = new LinkedHashMap<>();
    counts.predicted().forEach((label, n) -> shares.put(label, share(n, lines)));
    Double accuracy = counts.labelled() == 0 ? null : (double) counts.correct() / counts.labelled();
    return new BatchReport(batchId, profile.target(), lines, counts.labelled(), counts.correct(), accuracy, shares,
        Psi.classShift(profile.classes(), counts.predicted()), features);
  }

  private static double share(long count, long total) {
    return total == 0 ? Double.NaN : (double) count / total;
  }
}
