package dev.weblog.spark.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weblog.common.Column;
import dev.weblog.common.HdfsLayout;
import dev.weblog.common.JobContract;
import dev.weblog.common.Target;
import dev.weblog.spark.SharedCluster;
import dev.weblog.spark.ingest.IngestJob;
import dev.weblog.spark.model.ModelRegistry;
import org.junit.jupiter.api.Test;

class TrainJobErrorsTest {

  private static final String UNLABELED =
      "d1,2019-04-01 10:00:00,12,10.0.0.1,25.03,121.56,1,2,,,\n"
          + "d2,2019-04-01 11:00:00,13,10.0.0.2,25.03,121.56,2,1,,,\n";
  private static final String LABELED =
      "d3,2019-04-01 10:00:00,12,10.0.0.3,25.03,121.56,1,2,36-50,1,ab\n";

  @Test
  void unknownTargetIsAUsageErrorListingTheTargets() {
    SharedCluster.Outcome outcome = train(SharedCluster.freshBase("train-unknown"), "--target", "income");
    assertEquals(JobContract.EXIT_USAGE, outcome.exitCode());
    assertTrue(outcome.stderr().contains("income") && outcome.stderr().contains("age_group, gender"),
        outcome.stderr());
  }

  @Test
  void gradientBoostingIsRefusedWhenTheTrainingRowsHoldMoreThanTwoClasses() {
    HdfsLayout layout = ingested("train-gbt", labeled(40, "<20", "20-39", "40+"));
    SharedCluster.Outcome outcome = train(layout.base(), "--target", "age_group", "--algorithm", "gbt");
    assertEquals(JobContract.EXIT_USAGE, outcome.exitCode());
    assertTrue(outcome.stderr().contains("gbt supports two classes only; the training rows of age_group hold 3 "
        + "[<20, 20-39, 40+]"), outcome.stderr());
    assertEquals(0, train(layout.base(), "--target", "gender", "--algorithm", "gbt", "--num-trees", "2").exitCode(),
        "F and M are two classes");
  }

  @Test
  void aSingleClassIsNothingToLearn() {
    HdfsLayout layout = ingested("train-one-class", labeled(20, "adult"));
    SharedCluster.Outcome outcome = train(layout.base(), "--target", "age_group", "--algorithm", "decision_tree");
    assertEquals(JobContract.EXIT_USAGE, outcome.exitCode());
    assertTrue(outcome.stderr().contains("the training rows hold a single age_group [adult]"), outcome.stderr());
  }

  @Test
  void aSearchWithoutValidationRowsSaysToForceAnAlgorithm() {
    HdfsLayout layout = ingested("train-no-validation", labeled(3, "adult", "child"));
    SharedCluster.Outcome outcome = train(layout.base(), "--target", "age_group", "--validation-fraction", "0.01");
    assertEquals(JobContract.EXIT_USAGE, outcome.exitCode());
    assertTrue(outcome.stderr().contains("too few labeled rows to choose a model on a validation split")
        && outcome.stderr().contains("force one with --algorithm"), outcome.stderr());
  }

  @Test
  void missingInputNamesTheDataFolder() {
    String base = SharedCluster.freshBase("train-missing");
    SharedCluster.Outcome outcome = train(base, "--target", "gender");
    assertEquals(JobContract.EXIT_USAGE, outcome.exitCode());
    assertTrue(outcome.stderr().contains("input path not found: " + SharedCluster.uri() + base + "/data"),
        outcome.stderr());
  }

  @Test
  void noLabeledRowsIsOneLineAndLeavesNoModel() {
    HdfsLayout layout = ingested("train-unlabeled", UNLABELED);
    SharedCluster.Outcome outcome = train(layout.base(), "--target", "gender");
    assertEquals(JobContract.EXIT_USAGE, outcome.exitCode());
    assertTrue(outcome.stderr().contains("no labeled rows: none of the 2 rows in " + SharedCluster.uri()
        + layout.data() + " has a gender"), outcome.stderr());
    assertTrue(new ModelRegistry(SharedCluster.fs(), layout).versions(Target.GENDER).isEmpty());
    assertFalse(SharedCluster.exists(layout.current(Target.GENDER)));
  }

  @Test
  void unwritableModelFolderFailsBeforeTraining() {
    HdfsLayout layout = ingested("train-unwritable", UNLABELED + LABELED);
    SharedCluster.write(layout.models(), "a file where the models folder should be");
    SharedCluster.Outcome outcome = train(layout.base(), "--target", "gender");
    assertEquals(JobContract.EXIT_USAGE, outcome.exitCode());
    assertTrue(outcome.stderr().contains("cannot write models under " + SharedCluster.uri()
        + layout.models(Target.GENDER)), outcome.stderr());
    assertFalse(outcome.stderr().contains("\tat "), "no stack trace: " + outcome.stderr());
  }

  /** {@code n} labeled rows cycling through the age groups, genders F and M, categories by row. */
  private static String labeled(int n, String... ages) {
    StringBuilder rows = new StringBuilder();
    for (int i = 0; i < n; i++) {
      rows.append("d").append(i).append(",2019-04-01 10:00:").append(String.format("%02d", i % 60)).append(",")
          .append(1 + i % 7).append(",10.0.0.1,25.03,121.56,1,2,").append(ages[i % ages.length]).append(",")
          .append(i % 2 == 0 ? "F" : "M").append(",ab\n");
    }
    return rows.toString();
  }

  private static HdfsLayout ingested(String name, String rows) {
    HdfsLayout layout = new HdfsLayout(SharedCluster.freshBase(name));
    SharedCluster.write(layout.raw() + "/part.csv", Column.HEADER + "\n" + rows);
    assertEquals(0, IngestJob.execute(SharedCluster.args(layout.base()), SharedCluster::spark));
    return layout;
  }

  private static SharedCluster.Outcome train(String base, String... args) {
    return SharedCluster.capture(() -> TrainJob.execute(SharedCluster.args(base, args), SharedCluster::spark));
  }
}
