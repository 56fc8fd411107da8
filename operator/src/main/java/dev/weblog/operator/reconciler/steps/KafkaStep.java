package dev.weblog.operator.reconciler.steps;

import dev.weblog.operator.api.Condition;
import dev.weblog.operator.api.ConditionStatus;
import dev.weblog.operator.api.WebLogPipeline;
import dev.weblog.operator.builders.Endpoints;
import dev.weblog.operator.builders.KafkaBuilder;
import dev.weblog.operator.reconciler.ChildPods;
import dev.weblog.operator.reconciler.PipelineRun;
import dev.weblog.operator.reconciler.StepResult;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Strimzi cluster, topic and client users, done when Strimzi reports all Ready (a Ready KafkaUser has its
 * Secret, which the client pods mount); while waiting, a pod-level cause of Strimzi's pods is in the condition.
 * Skipped for external Kafka.
 */
public final class KafkaStep extends ServiceStep {

  public KafkaStep() {
    super("kafka", Condition.KAFKA_READY, p -> p.getSpec().getKafka().isManaged(), KafkaBuilder::build);
  }

  @Override
  String externalService(WebLogPipeline p) {
    return "Kafka at " + Endpoints.bootstrapServers(p) + ", topic " + p.getSpec().getKafka().getTopic();
  }

  @Override
  StepResult observe(PipelineRun run, List<HasMetadata> applied) {
    WebLogPipeline p = run.pipeline();
    Kafka kafka = null;
    List<KafkaUser> users = new ArrayList<>();
    List<String> waiting = new ArrayList<>();
    for (HasMetadata o : applied) {
      if (o instanceof Kafka k) {
        kafka = k;
      } else if (o instanceof KafkaTopic t) {
        waitingFor(waiting, "KafkaTopic", t, t.getStatus());
      } else if (o instanceof KafkaUser u) {
        users.add(u);
        waitingFor(waiting, "KafkaUser", u, u.getStatus());
      }
    }
    String kafkaState = state(kafka, kafka == null ? null : kafka.getStatus());
    String secured = users.isEmpty() ? "" : " with TLS, SCRAM-SHA-512 and ACLs for users "
        + String.join(", ", users.stream().map(KafkaStep::name).toList());
    if (kafkaState == null && waiting.isEmpty()) {
      String realtime = p.getSpec().getRealtime().isEnabled() ? " (and the real-time job's "
          + p.getSpec().getRealtime().getPredictionsTopic() + ", " + p.getSpec().getRealtime().getQuarantineTopic()
          + ")" : "";
      run.progress(Condition.KAFKA_READY, ConditionStatus.TRUE, "KafkaReady", "Kafka " + name(kafka) + " and topic "
          + p.getSpec().getKafka().getTopic() + realtime + " of pipeline " + run.where() + " are ready" + secured);
      return StepResult.done();
    }
    // Strimzi labels its pods with the cluster's name, not with our labels.
    List<Pod> pods = kafka == null ? List.of()
        : ChildPods.list(run, Map.of(KafkaBuilder.CLUSTER_LABEL, kafka.getMetadata().getName()));
    run.waiting(Condition.KAFKA_READY, "KafkaStarting", "waiting for Strimzi in pipeline "
        + run.where() + ": Kafka " + name(kafka) + " " + (kafkaState == null ? "is ready" : kafkaState)
        + (waiting.isEmpty() ? "" : ", " + String.join(", ", waiting)),
        ChildPods.diagnose(run, pods, kafka));
    return StepResult.waitFor(POLL);
  }

  private static void waitingFor(List<String> waiting, String kind, HasMetadata o,
      io.strimzi.api.kafka.model.kafka.Status status) {
    String state = state(o, status);
    if (state != null) {
      waiting.add(kind + " " + name(o) + " " + state);
    }
  }

  /** Null when Ready for the current generation, otherwise what is missing (with Strimzi's own message). */
  private static String state(HasMetadata o, io.strimzi.api.kafka.model.kafka.Status status) {
    if (status == null || status.getConditions() == null) {
      return "has no status yet (is the Strimzi operator running?)";
    }
    Long generation = o.getMetadata().getGeneration();
    if (generation != null && status.getObservedGeneration() < generation) {
      return "has not yet seen generation " + generation;
    }
    for (io.strimzi.api.kafka.model.common.Condition c : status.getConditions()) {
      if ("Ready".equals(c.getType())) {
        return "True".equals(c.getStatus()) ? null : "is not Ready" + (c.getMessage() == null ? "" : ": "
            + c.getMessage());
      }
    }
    return "has no Ready condition yet";
  }

  private static String name(HasMetadata o) {
    return o == null ? "?" : o.getMetadata().getName();
  }
}
