package dev.weblog.operator.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.weblog.operator.builders.HdfsBuilder;
import dev.weblog.operator.support.Pipelines;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Test;

class ServerCompatibilityTest {

  @Test
  void aDisruptionBudgetIsServedInTheVersionTheServerHasWithTheSameFields() {
    PodDisruptionBudget v1 = HdfsBuilder.disruptionBudget(Pipelines.minimal());
    HasMetadata old = ServerCompatibility.forServer((HasMetadata) v1, 20);
    io.fabric8.kubernetes.api.model.policy.v1beta1.PodDisruptionBudget beta =
        (io.fabric8.kubernetes.api.model.policy.v1beta1.PodDisruptionBudget) old;
    assertEquals("policy/v1beta1", beta.getApiVersion());
    assertEquals(v1.getMetadata(), beta.getMetadata());
    assertEquals(v1.getSpec().getMaxUnavailable(), beta.getSpec().getMaxUnavailable());
    assertEquals(v1.getSpec().getSelector(), beta.getSpec().getSelector());
    assertSame(v1, ServerCompatibility.forServer(v1, ServerCompatibility.DISRUPTION_BUDGET_V1_SINCE));
  }
}
