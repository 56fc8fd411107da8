package dev.weblog.operator.support;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Every object of the kinds the operator makes, in one namespace: what tests compare before and after. */
public final class PipelineObjects {

  private PipelineObjects() {}

  /**
   * StatefulSets, Deployments, Services, ConfigMaps, ServiceAccounts, RBAC, pods, Jobs, claims, NetworkPolicies,
   * Strimzi CRs.
   */
  public static List<HasMetadata> in(KubernetesClient c, String namespace) {
    List<HasMetadata> all = new ArrayList<>();
    Stream.of(c.apps().statefulSets(), c.apps().deployments(), c.services(), c.configMaps(), c.serviceAccounts(),
        c.rbac().roles(), c.rbac().roleBindings(), c.pods(), c.batch().v1().jobs(), c.persistentVolumeClaims(),
        c.network().v1().networkPolicies())
        .forEach(op -> all.addAll(op.inNamespace(namespace).list().getItems()));
    for (Class<? extends HasMetadata> type : List.of(Kafka.class, KafkaNodePool.class, KafkaTopic.class,
        KafkaUser.class)) {
      all.addAll(c.resources(type).inNamespace(namespace).list().getItems());
    }
    return all;
  }

  /** Kind/name to resourceVersion: equal maps mean nothing was written. */
  public static Map<String, String> versions(KubernetesClient c, String namespace) {
    Map<String, String> all = new TreeMap<>();
    for (HasMetadata o : in(c, namespace)) {
      all.put(o.getKind() + "/" + o.getMetadata().getName(), o.getMetadata().getResourceVersion());
    }
    return all;
  }
}
