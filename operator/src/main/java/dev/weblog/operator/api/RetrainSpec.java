package dev.weblog.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.weblog.common.JobContract;
import dev.weblog.common.RecentWindow;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/**
 * Retraining on recent data: every training run also learns from the archived live lines of a recent window that
 * carry labels, and a drift detection may start one. Changing it retrains nothing now; the next run uses it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RetrainSpec {

  @JsonPropertyDescription("true: when ModelsCurrent turns False with reason Drift, retrain every target on the "
      + "history plus the labelled live lines since the drift began (once per detection). false: the condition, "
      + "the ModelDrift Event and the alert only")
  private boolean onDrift;

  @JsonPropertyDescription("How far back before the newest archived live line the recent lines reach: a whole "
      + "number and a unit s, m, h or d (30m, 24h, 7d)")
  @Pattern(RecentWindow.PATTERN)
  @Default(JobContract.DEFAULT_RECENT_WINDOW)
  private String recentWindow = JobContract.DEFAULT_RECENT_WINDOW;

  @JsonPropertyDescription("Share (0..1) of the training weight the recent labelled lines carry together; the "
      + "history carries the rest")
  @Min(0)
  @Max(1)
  @Default("" + JobContract.DEFAULT_RECENT_SHARE)
  private double recentShare = JobContract.DEFAULT_RECENT_SHARE;

  @JsonPropertyDescription("Share (0..1) of the recent labelled lines, the newest, held back for the quality gate to "
      + "judge the new model against the serving one on recent data")
  @Min(0)
  @Max(1)
  @Default("" + JobContract.DEFAULT_RECENT_HOLDOUT)
  private double recentHoldout = JobContract.DEFAULT_RECENT_HOLDOUT;

  public boolean isOnDrift() {
    return onDrift;
  }

  public void setOnDrift(boolean onDrift) {
    this.onDrift = onDrift;
  }

  public String getRecentWindow() {
    return recentWindow;
  }

  public void setRecentWindow(String recentWindow) {
    this.recentWindow = recentWindow;
  }

  public double getRecentShare() {
    return recentShare;
  }

  public void setRecentShare(double recentShare) {
    this.recentShare = recentShare;
  }

  public double getRecentHoldout() {
    return recentHoldout;
  }

  public void setRecentHoldout(double recentHoldout) {
    this.recentHoldout = recentHoldout;
  }
}
