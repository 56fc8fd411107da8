package dev.weblog.spark.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weblog.common.HdfsLayout;
import dev.weblog.common.Target;
import dev.weblog.spark.JobFailure;
import dev.weblog.spark.SharedCluster;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;

class ModelRegistryTest {

  private final FileSystem fs = SharedCluster.fs();

  @Test
  void versionsArePublishedInOrderAndCurrentFollowsPromotions() throws IOException {
    HdfsLayout layout = new HdfsLayout(SharedCluster.freshBase("registry"));
    ModelRegistry registry = new ModelRegistry(fs, layout);
    assertEquals(List.of(), registry.versions(Target.GENDER));
    assertEquals(1, registry.nextVersion(Target.GENDER));
    assertEquals(OptionalInt.empty(), registry.current(Target.GENDER));

    publish(registry, Target.GENDER, 0.91);
    publish(registry, Target.GENDER, 0.93);
    publish(registry, Target.AGE_GROUP, 0.52);
    assertEquals(List.of(1, 2), registry.versions(Target.GENDER));
    assertEquals(3, registry.nextVersion(Target.GENDER));
    assertEquals(0.93, registry.metrics(Target.GENDER, 2).orElseThrow().accuracy());

    registry.promote(Target.GENDER, 1);
    registry.promote(Target.GENDER, 2);
    assertEquals(OptionalInt.of(2), registry.current(Target.GENDER));
    assertEquals(OptionalInt.empty(), registry.current(Target.AGE_GROUP), "targets are independent");
    FileStatus[] left = fs.listStatus(new Path(layout.models(Target.GENDER)));
    assertEquals(3, left.length, "v1, v2 and CURRENT, no temporary pointer left: " + List.of(left));
  }

  @Test
  void promotingAMissingVersionFailsAndKeepsCurrent() {
    HdfsLayout layout = new HdfsLayout(SharedCluster.freshBase("registry-missing"));
    ModelRegistry registry = new ModelRegistry(fs, layout);
    publish(registry, Target.AGE_GROUP, 0.5);
    registry.promote(Target.AGE_GROUP, 1);
    JobFailure e = assertThrows(JobFailure.class, () -> registry.promote(Target.AGE_GROUP, 7));
    assertTrue(e.getMessage().contains(layout.modelVersion(Target.AGE_GROUP, 7)), e.getMessage());
    assertEquals(OptionalInt.of(1), registry.current(Target.AGE_GROUP));
  }

  @Test
  void anExistingVersionIsNeverReplaced() {
    HdfsLayout layout = new HdfsLayout(SharedCluster.freshBase("registry-clash"));
    ModelRegistry registry = new ModelRegistry(fs, layout);
    publish(registry, Target.GENDER, 0.9);
    Path staging = registry.newStaging(Target.GENDER);
    registry.writeMetrics(staging, metrics(Target.GENDER, 0.1));
    assertThrows(JobFailure.class, () -> registry.publish(staging, Target.GENDER, 1));
    assertEquals(0.9, registry.metrics(Target.GENDER, 1).orElseThrow().accuracy());
  }

  @Test
  void aCorruptPointerIsReportedWithItsPath() {
    HdfsLayout layout = new HdfsLayout(SharedCluster.freshBase("registry-corrupt"));
    SharedCluster.write(layout.current(Target.GENDER), "latest please");
    ModelRegistry registry = new ModelRegistry(fs, layout);
    JobFailure e = assertThrows(JobFailure.class, () -> registry.current(Target.GENDER));
    assertTrue(e.getMessage().contains(layout.current(Target.GENDER)), e.getMessage());
    assertFalse(registry.metrics(Target.GENDER, 1).isPresent());
  }

  private static void publish(ModelRegistry registry, Target target, double accuracy) {
    Path staging = registry.newStaging(target);
    registry.writeMetrics(staging, metrics(target, accuracy));
    registry.publish(staging, target, registry.nextVersion(target));
  }

  static ModelMetrics metrics(Target target, double accuracy) {
    return new ModelMetrics(target.id(), "v0", "decision_tree",
        new ModelMetrics.Params(List.of("product_category_id"), "categorical", "aggregated", 10, 1, 41, null, 42,
            0.3),
        List.of("0", "1"), null,
        70, 30, accuracy, accuracy, Map.of(), new ModelMetrics.ConfusionMatrix(List.of(), new long[0][0]), 0.5,
        "sha256:0", "hdfs://x/data", "2026-01-01T00:00:00Z", "4.1.0", null);
  }
}
