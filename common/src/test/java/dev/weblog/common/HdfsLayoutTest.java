package dev.weblog.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class HdfsLayoutTest {

  @Test
  void everyPathSitsUnderTheBase() {
    HdfsLayout layout = new HdfsLayout("/data/logs/");
    assertEquals("/data/logs", layout.base());
    assertEquals("/data/logs/raw", layout.raw());
    assertEquals("/data/logs/data", layout.data());
    assertEquals("/data/logs/quarantine/history", layout.historyQuarantine());
    assertEquals("/data/logs/quarantine/stream", layout.streamQuarantine());
    assertEquals("/data/logs/models/age_group/v3", layout.modelVersion(Target.AGE_GROUP, 3));
    assertEquals("/data/logs/models/gender/v1/metrics.json", layout.metrics(Target.GENDER, 1));
    assertEquals("/data/logs/models/gender/v1/profile.json", layout.profile(Target.GENDER, 1));
    assertEquals("/data/logs/models/gender/CURRENT", layout.current(Target.GENDER));
    assertEquals("/data/logs/stream/raw", layout.streamRaw());
    assertEquals("/data/logs/stream/predictions", layout.streamPredictions());
    assertEquals("/data/logs/stream/batches", layout.streamBatches());
    assertEquals("/data/logs/checkpoints/predict", layout.checkpoint("predict"));
    assertEquals("/user/data/ec_web_logs", HdfsLayout.defaults().base());
  }

  @Test
  void refusesRelativeBasesAndVersionZero() {
    assertThrows(IllegalArgumentException.class, () -> new HdfsLayout("data"));
    assertThrows(IllegalArgumentException.class, () -> HdfsLayout.defaults().modelVersion(Target.GENDER, 0));
  }

  @Test
  void versionNamesRoundTrip() {
    assertEquals(12, HdfsLayout.parseVersion(HdfsLayout.versionName(12)));
    assertEquals(-1, HdfsLayout.parseVersion("CURRENT"));
    assertEquals(-1, HdfsLayout.parseVersion("v0"));
    assertEquals(-1, HdfsLayout.parseVersion("vx"));
  }

  @Test
  void jobArgumentsUseTheContractOptionNames() {
    List<String> args = JobContract.trainArgs("hdfs://nn:8020", HdfsLayout.defaults(), Target.AGE_GROUP, "tree");
    assertEquals(List.of("--hdfs", "hdfs://nn:8020", "--base", "/user/data/ec_web_logs", "--target", "age_group",
        "--algorithm", "tree"), args);
    assertEquals(Target.GENDER, Target.fromId("gender"));
    assertThrows(IllegalArgumentException.class, () -> Target.fromId("income"));
  }
}
