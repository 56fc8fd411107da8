package dev.weblog.local.report;

import java.util.List;
import java.util.Map;

/**
 * Everything the demo measured, in one value: rendered as a terminal table, {@code report.json} and
 * {@code report.html}. Plain data; the renderers decide the presentation.
 */
public record DemoReport(
    Ingest ingest,
    Map<String, Model> models,
    Stream stream,
    /** The real-time path beside the stream on the same lines; null when it did not run. */
    Realtime realtime,
    /** Drift monitoring per target, from the stream's monitoring table; empty when nothing was monitored. */
    Map<String, Monitoring> monitoring,
    Environment environment,
    Map<String, String> outputs) {

  /** History ingest: every input line is valid or quarantined. */
  public record Ingest(long inputLines, long valid, long quarantined, double seconds,
      Map<String, Long> quarantinedByKind) {}

  /** One target's promoted model, evaluated on held-out history rows. */
  public record Model(
      String target,
      String version,
      String method,
      double accuracy,
      Double bayesOptimal,
      Double originalMethodAccuracy,
      long trainRows,
      long testRows,
      double weightedF1,
      double trainSeconds,
      /** The classes the model learned from its training rows, in their natural order. */
      List<String> labels,
      long[][] confusion,
      Map<String, Double> precision,
      Map<String, Double> recall) {}

  /** The live part: what was sent, what came out, how fast. */
  public record Stream(
      long linesSent,
      long predicted,
      long quarantined,
      long duplicates,
      double throughputPerS,
      Latency latency,
      Map<String, Double> liveAccuracy,
      Map<String, Map<String, Long>> predictedDistribution,
      Map<String, Map<String, Long>> trueDistribution,
      /** Per target: labeled live rows whose label the scoring model never saw (each a miss in live accuracy). */
      Map<String, Long> unseenLabels,
      Map<String, Long> quarantinedByKind,
      /** This run's micro-batches in order. */
      List<Batch> batches) {}

  /**
   * One micro-batch of the run: when it committed (seconds after the run's first batch started), the run's records it
   * committed, the consumer lag when it committed (records in Kafka with a timestamp up to its commit that no batch
   * had committed yet), and the latency percentiles of the lines it predicted (null when it predicted none).
   */
  public record Batch(long batchId, double atSeconds, long records, long consumerLag, Double latencyP50Ms,
      Double latencyP99Ms) {}

  /**
   * The real-time path on this run's lines: its events by source (at least once, so repeats are counted, not
   * dropped), the lines that got none, and the latency from a line's Kafka timestamp to its prediction event's
   * append to the predictions topic; {@code slots} says how Spark's task slots were shared with the stream.
   */
  public record Realtime(long lines, long predictionEvents, long quarantineEvents, long duplicates,
      long linesWithoutEvent, Latency latency, String slots) {}

  /** Kafka timestamp to the micro-batch being committed, in milliseconds. */
  public record Latency(double p50, double p95, double p99, List<Double> bucketUpperMs, List<Long> bucketCounts) {}

  /**
   * What drift monitoring saw of one target over this run, and what came of it. Accuracies are over the run's
   * labelled live lines, from the predictions table; bounds come from the generator's ground truth (null for a
   * user's data).
   *
   * @param shiftBatch the first micro-batch holding a line of the shifted world; null without a generated drift
   * @param detectedAtBatch the first micro-batch at which drift was detected; null when it was not
   * @param falseAlarms detections before the shift (or in a run without one)
   * @param maxPsiBeforeShift the largest worst-feature PSI of a judged batch before the shift (all of them without
   *     one): how close a stationary stream came to the threshold
   * @param retrain the retrain the detection started; null when none ran
   * @param promotedAtBatch the first micro-batch scored by the retrained version
   * @param accuracyBeforeShift live accuracy on the lines before the shift (all lines without one)
   * @param accuracyAfterShift live accuracy of the serving model on the shifted lines before any promotion
   * @param accuracyAfterPromotion live accuracy of the retrained version on the lines it scored
   */
  public record Monitoring(
      boolean driftDetected,
      Long shiftBatch,
      Long detectedAtBatch,
      Double detectedAtSeconds,
      int falseAlarms,
      Double maxPsiBeforeShift,
      Retrain retrain,
      Long promotedAtBatch,
      Double accuracyBeforeShift,
      Double accuracyAfterShift,
      Double accuracyAfterPromotion,
      long linesAfterPromotion,
      Double bayesOptimalBefore,
      Double bayesOptimalAfter,
      Double preDriftDecisionAfter,
      List<MonitorBatch> timeline) {}

  /** A drift retrain: when it ran (seconds into the stream), and what the gate said with both recent scores. */
  public record Retrain(double startedAtSeconds, double finishedAtSeconds, boolean promoted, String version,
      Double recentAccuracy, Double servingRecentAccuracy, String outcome) {}

  /**
   * A micro-batch's monitor row for one target; {@code judgedLines} is null when its lines were pooled for a later
   * batch (fewer than the rule's minimum), and its PSI then counts for nothing.
   */
  public record MonitorBatch(long batchId, double atSeconds, int modelVersion, long lines, long labelled,
      Double accuracy, Double worstPsi, String worstFeature, int streak, boolean detected, Long judgedLines) {}

  public record Environment(int cores, long maxHeapMb, String spark, String date, double wallSeconds) {}
}
