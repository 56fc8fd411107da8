package dev.weblog.operator.builders;

import dev.weblog.operator.api.Placement;
import dev.weblog.operator.api.WebLogPipeline;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * The executor pod template a driver reads from its own disk: Spark has no properties for a security context,
 * tolerations, affinity or a priority class, so the restricted profile and the executors' placement reach the
 * executors this way. Spark keeps these fields of the template and adds its own node selector properties.
 */
public final class ExecutorTemplate {

  private ExecutorTemplate() {}

  public static Pod pod(Placement executors) {
    return Placements.apply(executors, new PodBuilder().withNewSpec())
        .withSecurityContext(SecurityContexts.pod(Images.SPARK_UID))
        .addNewContainer().withName("executor").withSecurityContext(SecurityContexts.container()).endContainer()
        .endSpec()
        .build();
  }

  public static ConfigMap configMap(WebLogPipeline p, SparkStage stage, String appId) {
    return new ConfigMapBuilder()
        .withMetadata(ObjectMetas.of(p, appId + "-exec-template", SparkAppBuilder.APP, stage.id()))
        .addToData(SparkAppBuilder.EXECUTOR_TEMPLATE_FILE,
            Serialization.asYaml(pod(p.getSpec().getPlacement().getSparkExecutors())))
        .build();
  }
}
