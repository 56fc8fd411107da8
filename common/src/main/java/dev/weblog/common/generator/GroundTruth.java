package dev.weblog.common.generator;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.weblog.common.Target;
import java.io.IOException;
import java.nio.file.Path;

/** What the generator knows about the data it wrote, saved beside it as {@value #FILE_NAME}. */
public record GroundTruth(
    @JsonProperty("seed") long seed,
    @JsonProperty("history_rows") long historyRows,
    @JsonProperty("live_rows") long liveRows,
    @JsonProperty("devices") int devices,
    @JsonProperty("unlabeled_share") double unlabeledShare,
    @JsonProperty("bayes_optimal_gender") double bayesOptimalGender,
    @JsonProperty("bayes_optimal_age_group") double bayesOptimalAgeGroup) {

  public static final String FILE_NAME = "ground-truth.json";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

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
