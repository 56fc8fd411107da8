package dev.weblog.operator.reconciler.steps;

import dev.weblog.operator.api.Phase;
import dev.weblog.operator.api.WebLogPipeline;
import dev.weblog.operator.builders.HdfsNetworkPolicies;
import dev.weblog.operator.reconciler.PipelineRun;
import dev.weblog.operator.reconciler.Step;
import dev.weblog.operator.reconciler.StepResult;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.List;

/**
 * The NetworkPolicies in front of the managed HDFS, applied before its pods start; deleted when the spec turns
 * them off. An external HDFS never has any, and costs no API call here.
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
    WebLogPipeline p = run.pipeline();
    if (!p.getSpec().getHdfs().isManaged()) {
      return StepResult.done();
    }
    List<HasMetadata> wanted = HdfsNetworkPolicies.build(p);
    wanted.forEach(policy -> run.apply().apply(policy));
    if (wanted.isEmpty()) {
      for (NetworkPolicy policy : HdfsNetworkPolicies.all(p)) {
        if (run.apply().get(policy) != null) {
          run.apply().delete(policy);
          run.normalEvent("NetworkPolicyRemoved", "NetworkPolicy " + policy.getMetadata().getName()
              + " of pipeline " + run.where() + " deleted: spec.networkPolicies.enabled is false");
        }
      }
    }
    return StepResult.done();
  }
}
