package dev.weblog.operator.builders;

import dev.weblog.common.KafkaAccess;
import dev.weblog.operator.api.KafkaSpec;
import dev.weblog.operator.api.Placement;
import dev.weblog.operator.api.RealtimeSpec;
import dev.weblog.operator.api.WebLogPipeline;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.strimzi.api.kafka.model.common.template.ContainerTemplate;
import io.strimzi.api.kafka.model.common.template.ContainerTemplateBuilder;
import io.strimzi.api.kafka.model.common.template.PodTemplate;
import io.strimzi.api.kafka.model.common.template.PodTemplateBuilder;
import io.strimzi.api.kafka.model.kafka.KRaftMetadataStorage;
import io.strimzi.api.kafka.model.kafka.KafkaAuthorizationSimple;
import io.strimzi.api.kafka.model.kafka.entityoperator.EntityOperatorSpec;
import io.strimzi.api.kafka.model.kafka.entityoperator.EntityOperatorSpecBuilder;
import io.strimzi.api.kafka.model.kafka.entityoperator.EntityOperatorTemplateBuilder;
import io.strimzi.api.kafka.model.kafka.listener.KafkaListenerAuthenticationScramSha512;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.PersistentClaimStorageBuilder;
import io.strimzi.api.kafka.model.kafka.listener.GenericKafkaListenerBuilder;
import io.strimzi.api.kafka.model.kafka.listener.KafkaListenerType;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePoolBuilder;
import io.strimzi.api.kafka.model.nodepool.ProcessRoles;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.topic.KafkaTopicBuilder;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserBuilder;
import io.strimzi.api.kafka.model.user.KafkaUserScramSha512ClientAuthentication;
import io.strimzi.api.kafka.model.user.acl.AclOperation;
import io.strimzi.api.kafka.model.user.acl.AclResourcePatternType;
import io.strimzi.api.kafka.model.user.acl.AclRule;
import io.strimzi.api.kafka.model.user.acl.AclRuleBuilder;
import io.strimzi.api.kafka.model.user.acl.AclRuleGroupResourceBuilder;
import io.strimzi.api.kafka.model.user.acl.AclRuleResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTopicResourceBuilder;
import io.strimzi.api.kafka.model.user.acl.AclRuleType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A managed Kafka through Strimzi in KRaft mode: one node pool whose nodes are both controllers and brokers, the
 * cluster, and the pipeline's topic; with {@code realtime.enabled}, the real-time job's predictions and quarantine
 * topics too. Those are never deleted by a later {@code enabled: false}: their events are the consumers' data.
 *
 * <p>Security (the default, {@code kafka.security: TlsScram}): the only client listener is TLS with SCRAM-SHA-512,
 * authorization is {@code simple} (Kafka ACLs), and each client has a {@code KafkaUser} holding exactly its
 * {@link KafkaAccess} grants; Strimzi's User Operator writes each user's Secret, which the client pods mount.
 *
 * <p>API versions: {@code KafkaTopic} and {@code KafkaUser} are {@code kafka.strimzi.io/v1}, the served,
 * non-deprecated version of Strimzi 0.49. {@code Kafka} and {@code KafkaNodePool} stay {@code v1beta2}: the api module 0.49.1 annotates
 * those classes with v1beta2 (still the storage version) and fabric8's CustomResource ignores setApiVersion, so
 * the typed model cannot carry v1. Their content uses only fields v1 keeps; a test validates it against both
 * schemas, so moving to v1 is a change of api module, not of this class.
 */
public final class KafkaBuilder {

  public static final String TOPIC_API_VERSION = Kafka.RESOURCE_GROUP + "/v1";
  public static final String USER_API_VERSION = Kafka.RESOURCE_GROUP + "/v1";
  public static final String CLUSTER_API_VERSION = Kafka.RESOURCE_GROUP + "/v1beta2";
  public static final String CLUSTER_LABEL = "strimzi.io/cluster";
  public static final String APP = "kafka";
  public static final String LISTENER = "plain";
  public static final String TLS_LISTENER = "tls";

  private KafkaBuilder() {}

  /** Everything, in creation order; empty when Kafka is external (its topic is then the user's business). */
  public static List<HasMetadata> build(WebLogPipeline p) {
    if (!p.getSpec().getKafka().isManaged()) {
      return List.of();
    }
    List<HasMetadata> all = new ArrayList<>(List.of(nodePool(p), kafka(p), topic(p)));
    all.addAll(eventTopics(p));
    all.addAll(users(p));
    return all;
  }

  /** One KafkaUser per client; none when Kafka is Plain. */
  public static List<KafkaUser> users(WebLogPipeline p) {
    if (!p.getSpec().getKafka().isSecured()) {
      return List.of();
    }
    String topic = p.getSpec().getKafka().getTopic();
    List<KafkaUser> users = new ArrayList<>(List.of(user(p, KafkaClient.PRODUCER, KafkaAccess.producer(topic)),
        user(p, KafkaClient.STREAM, KafkaAccess.stream(topic))));
    RealtimeSpec realtime = p.getSpec().getRealtime();
    if (realtime.isEnabled()) {
      users.add(user(p, KafkaClient.REALTIME, KafkaAccess.realtime(topic, realtime.getPredictionsTopic(),
          realtime.getQuarantineTopic())));
    }
    return users;
  }

  static KafkaUser user(WebLogPipeline p, KafkaClient client, List<KafkaAccess.Grant> grants) {
    return new KafkaUserBuilder()
        .withMetadata(meta(p, Names.kafkaUser(p, client), "user-" + client.id()))
        .withNewSpec()
        .withAuthentication(new KafkaUserScramSha512ClientAuthentication())
        .withNewKafkaUserAuthorizationSimple().withAcls(grants.stream().map(KafkaBuilder::acl).toList())
        .endKafkaUserAuthorizationSimple()
        .endSpec()
        .build();
  }

  static AclRule acl(KafkaAccess.Grant grant) {
    AclResourcePatternType pattern = grant.prefix() ? AclResourcePatternType.PREFIX : AclResourcePatternType.LITERAL;
    AclRuleResource resource = switch (grant.type()) {
      case TOPIC -> new AclRuleTopicResourceBuilder().withName(grant.name()).withPatternType(pattern).build();
      case GROUP -> new AclRuleGroupResourceBuilder().withName(grant.name()).withPatternType(pattern).build();
    };
    return new AclRuleBuilder()
        .withType(AclRuleType.ALLOW)
        .withResource(resource)
        .withOperations(grant.operations().stream().map(AclOperation::forValue).toList())
        .build();
  }

  public static KafkaNodePool nodePool(WebLogPipeline p) {
    KafkaSpec spec = p.getSpec().getKafka();
    return new KafkaNodePoolBuilder()
        .withMetadata(meta(p, Names.kafkaNodePool(p), "node-pool"))
        .withNewSpec()
        .withReplicas(spec.getReplicas())
        .withRoles(ProcessRoles.CONTROLLER, ProcessRoles.BROKER)
        .withNewJbodStorage()
        .withVolumes(new PersistentClaimStorageBuilder()
            .withId(0)
            .withSize(spec.getStorage())
            .withStorageClass(spec.getStorageClassName())
            .withDeleteClaim(false)
            .withKraftMetadata(KRaftMetadataStorage.SHARED)
            .build())
        .endJbodStorage()
        .withResources(Resources.of(spec.getResources()))
        // Pod security stays Strimzi's (it sets the fsGroup the volumes need); the pod gets only the placement.
        .withNewTemplate().withKafkaContainer(restrictedContainer())
        .withPod(Placements.strimzi(p.getSpec().getPlacement().getKafka(), null))
        .endTemplate()
        .endSpec()
        .build();
  }

  public static Kafka kafka(WebLogPipeline p) {
    KafkaSpec spec = p.getSpec().getKafka();
    boolean secured = spec.isSecured();
    GenericKafkaListenerBuilder listener = new GenericKafkaListenerBuilder()
        .withName(secured ? TLS_LISTENER : LISTENER)
        .withPort(Endpoints.kafkaPort(p))
        .withType(KafkaListenerType.INTERNAL)
        .withTls(secured);
    if (secured) {
      listener.withAuth(new KafkaListenerAuthenticationScramSha512());
    }
    return new io.strimzi.api.kafka.model.kafka.KafkaBuilder()
        .withMetadata(meta(p, Names.kafkaCluster(p), "cluster"))
        .withNewSpec()
        .withNewKafka()
        .withVersion(spec.getVersion())
        .withListeners(listener.build())
        .withAuthorization(secured ? new KafkaAuthorizationSimple() : null)
        .withConfig(brokerConfig(spec.getReplicas()))
        .endKafka()
        .withEntityOperator(entityOperator(secured, p.getSpec().getPlacement().getKafka()))
        .endSpec()
        .build();
  }

  /**
   * The Topic Operator always; the User Operator, which writes the users' Secrets, when there are users. Its pod is
   * part of the managed Kafka, so it goes where the Kafka nodes go.
   */
  private static EntityOperatorSpec entityOperator(boolean users, Placement placement) {
    EntityOperatorSpecBuilder operator = new EntityOperatorSpecBuilder()
        .withNewTopicOperator().endTopicOperator();
    PodTemplate pod = new PodTemplateBuilder().withSecurityContext(SecurityContexts.podWithoutUser()).build();
    EntityOperatorTemplateBuilder template = new EntityOperatorTemplateBuilder()
        .withPod(Placements.strimzi(placement, pod))
        .withTopicOperatorContainer(restrictedContainer());
    if (users) {
      operator.withNewUserOperator().endUserOperator();
      template.withUserOperatorContainer(restrictedContainer());
    }
    return operator.withTemplate(template.build()).build();
  }

  public static KafkaTopic topic(WebLogPipeline p) {
    KafkaSpec spec = p.getSpec().getKafka();
    return topic(p, Names.kafkaTopic(p), "topic", spec.getTopic(), Map.of());
  }

  /**
   * The real-time job's outputs, as many partitions as the input (events keep their device's order per key). The
   * broker stamps each event as it appends it (LogAppendTime): an event's timestamp is when it became readable,
   * which is what the real-time latency is measured to.
   */
  public static List<KafkaTopic> eventTopics(WebLogPipeline p) {
    RealtimeSpec realtime = p.getSpec().getRealtime();
    if (!realtime.isEnabled()) {
      return List.of();
    }
    Map<String, Object> appendTime = Map.of("message.timestamp.type", "LogAppendTime");
    return List.of(
        topic(p, Names.kafkaTopic(p, "predictions"), "topic-predictions", realtime.getPredictionsTopic(), appendTime),
        topic(p, Names.kafkaTopic(p, "quarantine"), "topic-quarantine", realtime.getQuarantineTopic(), appendTime));
  }

  private static KafkaTopic topic(WebLogPipeline p, String name, String component, String topicName,
      Map<String, Object> extraConfig) {
    KafkaSpec spec = p.getSpec().getKafka();
    int replicas = replication(spec.getReplicas());
    Map<String, Object> config = new LinkedHashMap<>(Map.of("min.insync.replicas", minInSync(replicas)));
    config.putAll(extraConfig);
    return new KafkaTopicBuilder()
        .withMetadata(meta(p, name, component))
        .withNewSpec()
        .withTopicName(topicName)
        .withPartitions(spec.getPartitions())
        .withReplicas(replicas)
        .withConfig(config)
        .endSpec()
        .build();
  }

  /** Internal topics must not ask for more replicas than there are brokers. */
  static Map<String, Object> brokerConfig(int brokers) {
    int replicas = replication(brokers);
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("offsets.topic.replication.factor", replicas);
    config.put("transaction.state.log.replication.factor", replicas);
    config.put("transaction.state.log.min.isr", minInSync(replicas));
    config.put("default.replication.factor", replicas);
    config.put("min.insync.replicas", minInSync(replicas));
    return config;
  }

  static int replication(int brokers) {
    return Math.min(brokers, 3);
  }

  /** With acks=all, one replica may be down and the producer still writes. */
  static int minInSync(int replicas) {
    return Math.max(1, replicas - 1);
  }

  /** Strimzi finds the node pools and topics of a cluster by this label. */
  private static ObjectMeta meta(WebLogPipeline p, String name, String component) {
    ObjectMeta meta = ObjectMetas.of(p, name, APP, component);
    return new ObjectMetaBuilder(meta).addToLabels(CLUSTER_LABEL, Names.kafkaCluster(p)).build();
  }

  private static ContainerTemplate restrictedContainer() {
    return new ContainerTemplateBuilder().withSecurityContext(SecurityContexts.container()).build();
  }
}
