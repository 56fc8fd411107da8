package dev.weblog.operator.builders;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;

/**
 * One Spark application's desired objects: its driver pod and what the pod needs first (the Spark conf
 * ConfigMap, the executor pod template, and the Services spark-kubernetes adds).
 */
public record SparkApp(String appId, SparkStage stage, Pod driver, ConfigMap sparkConf, ConfigMap executorTemplate,
    List<HasMetadata> driverResources) {

  /** In creation order: the pod last, because it mounts the ConfigMaps. */
  public List<HasMetadata> all() {
    List<HasMetadata> all = new ArrayList<>();
    all.add(sparkConf);
    all.add(executorTemplate);
    all.addAll(driverResources);
    all.add(driver);
    return all;
  }
}
