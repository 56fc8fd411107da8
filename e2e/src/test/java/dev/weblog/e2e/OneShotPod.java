package dev.weblog.e2e;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A pod that runs one command to its end in the test's namespace, as a restricted-profile user, and is deleted
 * once its log is read: how the e2e looks at the cluster from inside it.
 */
record OneShotPod(String name, String image, long uid, Map<String, String> labels, List<String> command,
    Map<String, String> env, String cpuRequest, String cpuLimit, String memory) {

  /** How the command ended and what it printed. */
  record Outcome(boolean succeeded, String phase, String log) {}

  Outcome run(Cluster cluster, Duration timeout) {
    var pods = cluster.client().pods().inNamespace(cluster.namespace());
    pods.resource(pod()).create();
    try {
      Pod done = Cluster.await("pod " + name, timeout, () -> Optional.ofNullable(pods.withName(name).get())
          .filter(p -> List.of("Succeeded", "Failed").contains(p.getStatus().getPhase())),
          () -> String.valueOf(pods.withName(name).get().getStatus().getPhase()));
      String phase = done.getStatus().getPhase();
      return new Outcome("Succeeded".equals(phase), phase, pods.withName(name).getLog());
    } finally {
      pods.withName(name).delete();
    }
  }

  Pod pod() {
    return new PodBuilder()
        .withNewMetadata().withName(name).withLabels(labels).endMetadata()
        .withNewSpec()
        .withRestartPolicy("Never")
        .withEnableServiceLinks(false)
        .withNewSecurityContext().withRunAsNonRoot(true).withRunAsUser(uid)
        .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile().endSecurityContext()
        .addNewContainer()
        .withName("main")
        .withImage(image)
        .withImagePullPolicy("IfNotPresent")
        .withCommand(command)
        .withEnv(env.entrySet().stream().map(e -> new EnvVar(e.getKey(), e.getValue(), null)).toList())
        .withNewResources()
        .addToRequests("cpu", new Quantity(cpuRequest)).addToRequests("memory", new Quantity(memory))
        .addToLimits("cpu", new Quantity(cpuLimit)).addToLimits("memory", new Quantity(memory))
        .endResources()
        .withNewSecurityContext().withAllowPrivilegeEscalation(false).withNewCapabilities().withDrop("ALL")
        .endCapabilities().endSecurityContext()
        .endContainer()
        .endSpec()
        .build();
  }
}
