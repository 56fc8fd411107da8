package dev.weblog.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weblog.common.Column;
import dev.weblog.common.HdfsLayout;
import dev.weblog.common.JobContract;
import dev.weblog.common.Target;
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
  void gradientBoostingOnAMulticlassTargetIsRefusedUpFront() {
    SharedCluster.Outcome outcome = train(SharedCluster.freshBase("train-gbt"), "--target", "age_group",
        "--algorithm", "gbt");
    assertEquals(JobContract.EXIT_USAGE, outcome.exitCode());
    assertTrue(outcome.stderr().contains("gbt supports binary targets only"), outcome.stderr());
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
