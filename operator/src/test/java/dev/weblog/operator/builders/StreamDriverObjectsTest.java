package dev.weblog.operator.builders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weblog.common.Target;
import dev.weblog.operator.api.WebLogPipeline;
import dev.weblog.operator.support.Pipelines;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamDriverObjectsTest {

  private final WebLogPipeline p = Pipelines.full();
  private final Service ui = StreamDriverObjects.uiService(p);

  @Test
  void selectsEveryAttemptsStreamDriverAndNothingElse() {
    assertEquals("full-stream-ui", ui.getMetadata().getName());
    assertTrue(selects(SparkAppBuilder.build(p, SparkStage.stream(), 1).driver()));
    assertTrue(selects(SparkAppBuilder.build(p, SparkStage.stream(), 7).driver()), "the name outlives attempts");
    assertFalse(selects(SparkAppBuilder.build(p, SparkStage.train(Target.GENDER), 1).driver()));
    assertFalse(selects(SparkAppBuilder.build(p, SparkStage.ingest(), 1).driver()));
  }

  @Test
  void forwardsToThePortTheDriverDeclaresForItsUi() {
    Pod driver = SparkAppBuilder.build(p, SparkStage.stream(), 1).driver();
    int declared = driver.getSpec().getContainers().get(0).getPorts().stream()
        .filter(port -> StreamDriverObjects.UI_PORT_NAME.equals(port.getName())).findFirst().orElseThrow()
        .getContainerPort();
    assertEquals(declared, ui.getSpec().getPorts().get(0).getTargetPort().getIntVal());
    assertEquals(4040, ui.getSpec().getPorts().get(0).getPort());
  }

  @Test
  void theBudgetCoversTheSameDriversAndAllowsNoEviction() {
    PodDisruptionBudget budget = StreamDriverObjects.disruptionBudget(p);
    assertEquals(ui.getSpec().getSelector(), budget.getSpec().getSelector().getMatchLabels());
    assertEquals(0, budget.getSpec().getMaxUnavailable().getIntVal());
  }

  private boolean selects(Pod pod) {
    Map<String, String> labels = pod.getMetadata().getLabels();
    return ui.getSpec().getSelector().entrySet().stream()
        .allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
  }
}
