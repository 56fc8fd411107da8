package dev.weblog.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.weblog.common.monitor.DriftRule;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/**
 * When the stream driver calls a model drifted (condition ModelsCurrent, alert WebLogModelDrift): the drift rule it
 * judges every micro-batch by ({@link DriftRule}, whose defaults these are). The driver gets it as arguments, so a
 * change restarts the stream from its checkpoint.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DriftSpec {

  @JsonPropertyDescription("A micro-batch is bad when a feature's population stability index (PSI) against the "
      + "model's training profile reaches this; 0.2 is the usual line of a significant shift (0.1 to 0.2 moderate)")
  @Min(0.01)
  @Max(10)
  @Default("" + 0.2)
  private double psiThreshold = DriftRule.DEFAULTS.psiThreshold();

  @JsonPropertyDescription("A micro-batch is also bad when live accuracy is more than this below the model's test "
      + "accuracy (0.05: five points)")
  @Min(0)
  @Max(0.5)
  @Default("" + 0.05)
  private double accuracyDrop = DriftRule.DEFAULTS.accuracyDrop();

  @JsonPropertyDescription("Bad micro-batches in a row that are drift: one odd batch is noise, three in a row a trend")
  @Min(1)
  @Max(1000)
  @Default("3")
  private int batches = DriftRule.DEFAULTS.batches();

  @JsonPropertyDescription("Lines a micro-batch needs to be judged at all: the PSI of small samples scatters (a "
      + "feature with many frequent values needs more)")
  @Min(1)
  @Default("1000")
  private long minLines = DriftRule.DEFAULTS.minLines();

  @JsonPropertyDescription("Labelled lines a micro-batch needs for its live accuracy to be judged (200: a standard "
      + "error of at most 3.5 points)")
  @Min(1)
  @Default("200")
  private long minLabelled = DriftRule.DEFAULTS.minLabelled();

  /** The rule the driver applies; the spec's bounds are within the rule's. */
  public DriftRule rule() {
    return new DriftRule(psiThreshold, accuracyDrop, batches, minLines, minLabelled);
  }

  public double getPsiThreshold() {
    return psiThreshold;
  }

  public void setPsiThreshold(double psiThreshold) {
    this.psiThreshold = psiThreshold;
  }

  public double getAccuracyDrop() {
    return accuracyDrop;
  }

  public void setAccuracyDrop(double accuracyDrop) {
    this.accuracyDrop = accuracyDrop;
  }

  public int getBatches() {
    return batches;
  }

  public void setBatches(int batches) {
    this.batches = batches;
  }

  public long getMinLines() {
    return minLines;
  }

  public void setMinLines(long minLines) {
    this.minLines = minLines;
  }

  public long getMinLabelled() {
    return minLabelled;
  }

  public void setMinLabelled(long minLabelled) {
    this.minLabelled = minLabelled;
  }
}
