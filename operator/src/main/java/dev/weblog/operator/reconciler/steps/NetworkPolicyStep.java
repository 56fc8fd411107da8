package dev.weblog.operator.reconciler.steps;

import dev.weblog.operator.api.Phase;
import dev.weblog.operator.builders.HdfsNetworkPolicies;
import dev.weblog.operator.reconciler.PipelineRun;
import dev.weblog.operator.reconciler.Step;
import dev.weblog.operator.reconciler.StepResult;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.List;

/**
 * The NetworkPolicies in front of the managed HDFS, applied before its pods start; deleted when the spec turns
 * them off or the HDFS becomes an external one.
 */
public final class NetworkPolicyStep implements Step {

  @Override
  public String name() {
    return "network-policies";
  }

  @Override
  public Phase phase() {
    return Phase.PROVISIONING;
  }

  @Override
  public StepResult run(PipelineRun run) {
    List<HasMetadata> wanted = HdfsNetworkPolicies.build(run.pipeline());
    wanted.forEach(policy -> run.apply().apply(policy));
    if (wanted.isEmpty()) {
      for (NetworkPolicy policy : HdfsNetworkPolicies.all(run.pipeline())) {
        if (run.apply().get(policy) != null) {
          run.apply().delete(policy);
          run.normalEvent("NetworkPolicyRemoved", "NetworkPolicy " + policy.getMetadata().getName()
              + " of pipeline " + run.where() + " deleted: " + HdfsNetworkPolicies.whyNone(run.pipeline()));
        }
      }
    }
    return StepResult.done();
  }
}
