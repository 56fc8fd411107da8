package dev.weblog.common.generator;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.weblog.common.Target;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * What the generator knows about the data it wrote, saved beside it as {@value #FILE_NAME}. The Bayes-optimal
 * accuracies are those of the history and of the live lines before a drift; {@code drift} is there only when the
 * live lines drift.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GroundTruth(
    @JsonProperty("seed") long seed,
    @JsonProperty("history_rows") long historyRows,
    @JsonProperty("live_rows") long liveRows,
    @JsonProperty("devices") int devices,
    @JsonProperty("unlabeled_share") double unlabeledShare,
    @JsonProperty("bayes_optimal_gender") double bayesOptimalGender,
    @JsonProperty("bayes_optimal_age_group") double bayesOptimalAgeGroup,
    @JsonProperty("drift") AfterDrift drift) {

  public static final String FILE_NAME = "ground-truth.json";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * The live lines from {@code atLine} on: their Bayes-optimal accuracies, and ({@code pre_drift_decision_*}) the
   * accuracy there of the Bayes decision of before the drift, what a perfect model trained on the history scores.
   */
  public record AfterDrift(
      @JsonProperty("at_line") long atLine,
      @JsonProperty("kinds") List<String> kinds,
      @JsonProperty("changes") List<String> changes,
      @JsonProperty("bayes_optimal_gender") double bayesOptimalGender,
      @JsonProperty("bayes_optimal_age_group") double bayesOptimalAgeGroup,
      @JsonProperty("pre_drift_decision_gender") double preDriftDecisionGender,
      @JsonProperty("pre_drift_decision_age_group") double preDriftDecisionAgeGroup) {

    public double bayesOptimal(Target target) {
      return target == Target.GENDER ? bayesOptimalGender : bayesOptimalAgeGroup;
    }

    public double preDriftDecision(Target target) {
      return target == Target.GENDER ? preDriftDecisionGender : preDriftDecisionAgeGroup;
    }
  }

  public double bayesOptimal(Target target) {
    return target == Target.GENDER ? bayesOptimalGender : bayesOptimalAgeGroup;
  }

  public void write(Path file) throws IOException {
    JSON.writeValue(file.toFile(), this);
  }

  public static GroundTruth read(Path file) throws IOException {
    return JSON.readValue(file.toFile(), GroundTruth.class);
  }
}
