package dev.weblog.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** When a newly trained model may replace the promoted one. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class QualityGate {

  /** Chance level of the five age groups: by default any model that learned something passes. */
  public static final double DEFAULT_MIN_ACCURACY = 0.2;
  public static final double DEFAULT_MAX_REGRESSION = 0.02;

  @JsonPropertyDescription("Lowest test accuracy a model must reach to be promoted")
  @Min(0)
  @Max(1)
  @Default("" + DEFAULT_MIN_ACCURACY)
  private double minAccuracy = DEFAULT_MIN_ACCURACY;

  @JsonPropertyDescription("How much lower than the promoted model's accuracy a new model may be and still replace it")
  @Min(0)
  @Max(1)
  @Default("" + DEFAULT_MAX_REGRESSION)
  private double maxRegression = DEFAULT_MAX_REGRESSION;

  public double getMinAccuracy() {
    return minAccuracy;
  }

  public void setMinAccuracy(double minAccuracy) {
    this.minAccuracy = minAccuracy;
  }

  public double getMaxRegression() {
    return maxRegression;
  }

  public void setMaxRegression(double maxRegression) {
    this.maxRegression = maxRegression;
  }
}
