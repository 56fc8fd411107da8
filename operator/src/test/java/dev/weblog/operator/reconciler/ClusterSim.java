package dev.weblog.operator.reconciler;

import dev.weblog.operator.api.WebLogPipeline;
import dev.weblog.operator.builders.HdfsBuilder;
import dev.weblog.operator.builders.KafkaBuilder;
import dev.weblog.operator.builders.Names;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.strimzi.api.kafka.model.common.ConditionBuilder;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.KafkaStatusBuilder;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.topic.KafkaTopicStatusBuilder;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserStatusBuilder;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Plays the kubelet, the StatefulSet and Job controllers and Strimzi: sets the statuses they would set. */
final class ClusterSim {

  private final KubernetesClient client;

  ClusterSim(KubernetesClient client) {
    this.client = client;
  }

  void hdfsReady(WebLogPipeline p) {
    ready(p, HdfsBuilder.namenode(p).getMetadata().getName(), 1);
    ready(p, HdfsBuilder.datanodes(p).getMetadata().getName(), p.getSpec().getHdfs().getDatanodes());
  }

  void ready(WebLogPipeline p, String statefulSet, int replicas) {
    StatefulSet s = client.apps().statefulSets().inNamespace(ns(p)).withName(statefulSet).get();
    assertNotNull(s, "StatefulSet " + statefulSet + " was not created");
    s.setStatus(new StatefulSetStatusBuilder().withReplicas(replicas).withReadyReplicas(replicas).build());
    client.resource(s).updateStatus();
  }

  void kafkaReady(WebLogPipeline p) {
    Kafka k = client.resources(Kafka.class).inNamespace(ns(p)).withName(Names.kafkaCluster(p)).get();
    assertNotNull(k, "Kafka " + Names.kafkaCluster(p) + " was not created");
    k.setStatus(new KafkaStatusBuilder().withObservedGeneration(gen(k.getMetadata().getGeneration()))
        .withConditions(new ConditionBuilder().withType("Ready").withStatus("True").build()).build());
    client.resource(k).updateStatus();
    java.util.List<KafkaTopic> topics = new java.util.ArrayList<>(java.util.List.of(KafkaBuilder.topic(p)));
    topics.addAll(KafkaBuilder.eventTopics(p));
    for (KafkaTopic wanted : topics) {
      String name = wanted.getMetadata().getName();
      KafkaTopic t = client.resources(KafkaTopic.class).inNamespace(ns(p)).withName(name).get();
      assertNotNull(t, "KafkaTopic " + name + " was not created");
      t.setStatus(new KafkaTopicStatusBuilder().withObservedGeneration(gen(t.getMetadata().getGeneration()))
          .withConditions(new ConditionBuilder().withType("Ready").withStatus("True").build()).build());
      client.resource(t).updateStatus();
    }
    for (KafkaUser wanted : KafkaBuilder.users(p)) {
      KafkaUser u = client.resources(KafkaUser.class).inNamespace(ns(p)).withName(wanted.getMetadata().getName()).get();
      assertNotNull(u, "KafkaUser " + wanted.getMetadata().getName() + " was not created");
      u.setStatus(new KafkaUserStatusBuilder().withObservedGeneration(gen(u.getMetadata().getGeneration()))
          .withUsername(u.getMetadata().getName()).withSecret(u.getMetadata().getName())
          .withConditions(new ConditionBuilder().withType("Ready").withStatus("True").build()).build());
      client.resource(u).updateStatus();
    }
  }

  void jobComplete(WebLogPipeline p, int attempt) {
    Job job = client.batch().v1().jobs().inNamespace(ns(p)).withName(Names.historyLoader(p, attempt)).get();
    assertNotNull(job, "history loader Job attempt " + attempt + " was not created");
    job.setStatus(new JobStatusBuilder().withSucceeded(1).addNewCondition().withType("Complete").withStatus("True")
        .endCondition().build());
    client.resource(job).updateStatus();
  }

  void podRunning(String name, String namespace) {
    Pod pod = pod(name, namespace);
    pod.setStatus(new PodStatusBuilder().withPhase("Running").build());
    client.resource(pod).updateStatus();
  }

  void podEnded(String name, String namespace, int exitCode, String message) {
    Pod pod = pod(name, namespace);
    pod.setStatus(new PodStatusBuilder().withPhase(exitCode == 0 ? "Succeeded" : "Failed")
        .withContainerStatuses(new ContainerStatusBuilder().withName("spark-kubernetes-driver").withNewState()
            .withNewTerminated().withExitCode(exitCode).withMessage(message).endTerminated().endState().build())
        .build());
    client.resource(pod).updateStatus();
  }

  /**
   * Plays the StatefulSet controller: pod {@code ordinal} from the template with its claims (created Pending, as
   * nothing binds them here), bound to {@code node} or, when null, waiting for the scheduler.
   */
  Pod statefulSetPod(WebLogPipeline p, String statefulSet, int ordinal, String node) {
    StatefulSet s = client.apps().statefulSets().inNamespace(ns(p)).withName(statefulSet).get();
    assertNotNull(s, "StatefulSet " + statefulSet + " was not created");
    String name = statefulSet + "-" + ordinal;
    PodSpecBuilder spec = new PodSpecBuilder(s.getSpec().getTemplate().getSpec()).withNodeName(node);
    for (PersistentVolumeClaim template : s.getSpec().getVolumeClaimTemplates()) {
      String claim = template.getMetadata().getName() + "-" + name;
      client.persistentVolumeClaims().inNamespace(ns(p)).resource(new PersistentVolumeClaimBuilder()
          .withNewMetadata().withName(claim).withLabels(template.getMetadata().getLabels()).endMetadata()
          .withSpec(template.getSpec()).build()).create();
      spec.addNewVolume().withName(template.getMetadata().getName()).withNewPersistentVolumeClaim()
          .withClaimName(claim).endPersistentVolumeClaim().endVolume();
    }
    return client.pods().inNamespace(ns(p)).resource(new PodBuilder().withNewMetadata().withName(name)
        .withLabels(s.getSpec().getTemplate().getMetadata().getLabels()).endMetadata().withSpec(spec.build())
        .build()).create();
  }

  /** Plays the ReplicaSet controller: a pod of the Deployment's template, bound to {@code node}. */
  Pod deploymentPod(WebLogPipeline p, String deployment, String suffix, String node) {
    Deployment d = client.apps().deployments().inNamespace(ns(p)).withName(deployment).get();
    assertNotNull(d, "Deployment " + deployment + " was not created");
    return client.pods().inNamespace(ns(p)).resource(new PodBuilder().withNewMetadata()
        .withName(deployment + "-" + suffix).withLabels(d.getSpec().getTemplate().getMetadata().getLabels())
        .endMetadata().withSpec(new PodSpecBuilder(d.getSpec().getTemplate().getSpec()).withNodeName(node).build())
        .build()).create();
  }

  /** Plays the Job controller: a pod of the Job's template with the label it adds, bound to {@code node}. */
  Pod jobPod(WebLogPipeline p, String job, String suffix, String node) {
    Job j = client.batch().v1().jobs().inNamespace(ns(p)).withName(job).get();
    assertNotNull(j, "Job " + job + " was not created");
    return client.pods().inNamespace(ns(p)).resource(new PodBuilder().withNewMetadata().withName(job + "-" + suffix)
        .withLabels(j.getSpec().getTemplate().getMetadata().getLabels()).addToLabels("job-name", job).endMetadata()
        .withSpec(new PodSpecBuilder(j.getSpec().getTemplate().getSpec()).withNodeName(node).build()).build())
        .create();
  }

  /** Plays the scheduler and the kubelet: writes the pod's status as given. */
  void podStatus(String name, String namespace, PodStatus status) {
    Pod pod = pod(name, namespace);
    pod.setStatus(status);
    client.resource(pod).updateStatus();
  }

  private Pod pod(String name, String namespace) {
    Pod pod = client.pods().inNamespace(namespace).withName(name).get();
    assertNotNull(pod, "pod " + name + " was not created");
    return pod;
  }

  private static long gen(Long g) {
    return g == null ? 0 : g;
  }

  private static String ns(WebLogPipeline p) {
    return p.getMetadata().getNamespace();
  }
}
