package dev.weblog.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** Model training: one Spark application per target, gated before promotion, optionally on a schedule. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TrainingSpec extends SparkApplicationSpec {

  @JsonPropertyDescription("Labels to train a model for: age_group, gender")
  @Size(min = 1, max = 2)
  @ValidationRule(value = Rules.TARGETS_UNIQUE, message = Rules.TARGETS_UNIQUE_MSG)
  private List<TrainingTarget> targets = new ArrayList<>(List.of(TrainingTarget.AGE_GROUP, TrainingTarget.GENDER));

  @JsonPropertyDescription("Classifier: auto (the best of several candidates on a validation split carved from the "
      + "training rows), or forced: decision_tree (the original method) or random_forest")
  @Default("auto")
  private Algorithm algorithm = Algorithm.AUTO;

  @JsonPropertyDescription("Maximum tree depth of a forced decision_tree or random_forest (Spark allows at most 30)")
  @Min(1)
  @Max(30)
  @Default("10")
  private int maxDepth = 10;

  @JsonPropertyDescription("random_forest only: number of trees")
  @Min(1)
  @Max(500)
  @Default("20")
  private int numTrees = 20;

  @JsonPropertyDescription("Seed of the train/test split and of the classifier")
  @Default("42")
  private long seed = 42;

  @JsonPropertyDescription("When a new model may replace the promoted one")
  private QualityGate qualityGate = new QualityGate();

  @JsonPropertyDescription("Cron schedule (five fields or @daily etc.) for retraining; trained once when empty")
  @Pattern(Patterns.CRON)
  private String schedule;

  @JsonPropertyDescription("Retraining on recent labelled live lines, and whether drift starts a retrain")
  private RetrainSpec retrain = new RetrainSpec();

  @JsonPropertyDescription("Finished driver pods kept per Spark stage (for their logs); older ones are deleted")
  @Min(1)
  @Max(50)
  @Default("3")
  private int historyLimit = 3;

  public List<TrainingTarget> getTargets() {
    return targets;
  }

  public void setTargets(List<TrainingTarget> targets) {
    this.targets = targets;
  }

  public Algorithm getAlgorithm() {
    return algorithm;
  }

  public void setAlgorithm(Algorithm algorithm) {
    this.algorithm = algorithm;
  }

  public int getMaxDepth() {
    return maxDepth;
  }

  public void setMaxDepth(int maxDepth) {
    this.maxDepth = maxDepth;
  }

  public int getNumTrees() {
    return numTrees;
  }

  public void setNumTrees(int numTrees) {
    this.numTrees = numTrees;
  }

  public long getSeed() {
    return seed;
  }

  public void setSeed(long seed) {
    this.seed = seed;
  }

  public QualityGate getQualityGate() {
    return qualityGate;
  }

  public void setQualityGate(QualityGate qualityGate) {
    this.qualityGate = qualityGate == null ? new QualityGate() : qualityGate;
  }

  public String getSchedule() {
    return schedule;
  }

  public void setSchedule(String schedule) {
    this.schedule = schedule;
  }

  public RetrainSpec getRetrain() {
    return retrain;
  }

  public void setRetrain(RetrainSpec retrain) {
    this.retrain = retrain == null ? new RetrainSpec() : retrain;
  }

  public int getHistoryLimit() {
    return historyLimit;
  }

  public void setHistoryLimit(int historyLimit) {
    this.historyLimit = historyLimit;
  }
}
