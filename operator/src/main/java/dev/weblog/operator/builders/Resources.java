package dev.weblog.operator.builders;

import dev.weblog.operator.api.ComputeResources;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import java.util.Map;

/** Container resources from the spec: requests equal limits, so a pod's footprint is what the user wrote. */
public final class Resources {

  private Resources() {}

  public static ResourceRequirements of(ComputeResources spec) {
    Map<String, Quantity> amounts = Map.of("cpu", new Quantity(spec.getCpu()), "memory",
        new Quantity(spec.getMemory()));
    return new ResourceRequirementsBuilder().withRequests(amounts).withLimits(amounts).build();
  }
}
