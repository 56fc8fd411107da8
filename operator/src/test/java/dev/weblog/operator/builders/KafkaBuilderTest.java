package dev.weblog.operator.builders;

import static dev.weblog.operator.builders.BuilderAssertions.assertOwnedAndLabelled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weblog.operator.api.WebLogPipeline;
import dev.weblog.operator.support.Pipelines;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.strimzi.api.kafka.model.kafka.JbodStorage;
import io.strimzi.api.kafka.model.kafka.KRaftMetadataStorage;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.PersistentClaimStorage;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.nodepool.ProcessRoles;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.util.List;
import org.junit.jupiter.api.Test;

class KafkaBuilderTest {

  private final WebLogPipeline p = Pipelines.full();

  @Test
  void nodePoolRunsCombinedKraftControllersAndBrokersOnPersistentVolumes() {
    KafkaNodePool pool = KafkaBuilder.nodePool(p);
    assertEquals("full-pool", pool.getMetadata().getName());
    assertEquals(3, pool.getSpec().getReplicas());
    assertEquals(List.of(ProcessRoles.CONTROLLER, ProcessRoles.BROKER), pool.getSpec().getRoles());
    PersistentClaimStorage volume = (PersistentClaimStorage) ((JbodStorage) pool.getSpec().getStorage())
        .getVolumes().get(0);
    assertEquals("20Gi", volume.getSize());
    assertEquals(KRaftMetadataStorage.SHARED, volume.getKraftMetadata());
    assertFalse(volume.isDeleteClaim());
    assertEquals("1", pool.getSpec().getResources().getLimits().get("cpu").toString());
    BuilderAssertions.assertRestrictedContainer(pool.getSpec().getTemplate().getKafkaContainer().getSecurityContext());
  }

  @Test
  void clusterHasATlsScramInternalListenerATopicOperatorAndReplicationThatFitsTheBrokers() {
    Kafka kafka = KafkaBuilder.kafka(p);
    assertEquals("full-kafka", kafka.getMetadata().getName());
    assertEquals(1, kafka.getSpec().getKafka().getListeners().size(), "no plain listener next to the TLS one");
    var listener = kafka.getSpec().getKafka().getListeners().get(0);
    assertEquals(9093, listener.getPort());
    assertTrue(listener.isTls());
    assertEquals("4.1.0", kafka.getSpec().getKafka().getVersion());
    assertEquals(3, kafka.getSpec().getKafka().getConfig().get("offsets.topic.replication.factor"));
    assertEquals(2, kafka.getSpec().getKafka().getConfig().get("min.insync.replicas"));
    assertTrue(kafka.getSpec().getEntityOperator().getTopicOperator() != null);

    var single = KafkaBuilder.kafka(Pipelines.minimal()).getSpec().getKafka().getConfig();
    assertEquals(1, single.get("offsets.topic.replication.factor"));
    assertEquals(1, single.get("transaction.state.log.min.isr"));
  }

  @Test
  void topicCarriesTheKafkaNameSeparatelyBecauseUnderscoresAreNotValidInObjectNames() {
    KafkaTopic topic = KafkaBuilder.topic(Pipelines.minimal());
    assertEquals("demo-topic", topic.getMetadata().getName());
    assertEquals("ec_web_logs_stream", topic.getSpec().getTopicName());
    assertEquals(3, topic.getSpec().getPartitions());
    assertEquals(1, topic.getSpec().getReplicas());
    assertEquals(6, KafkaBuilder.topic(p).getSpec().getPartitions());
  }

  @Test
  void everyStrimziObjectIsLabelledWithItsClusterAndOwnedByThePipeline() {
    List<HasMetadata> all = KafkaBuilder.build(p);
    // The full pipeline runs the real-time job: its two topics and its user.
    assertEquals(List.of("KafkaNodePool", "Kafka", "KafkaTopic", "KafkaTopic", "KafkaTopic", "KafkaUser", "KafkaUser",
        "KafkaUser"), all.stream().map(HasMetadata::getKind).toList());
    for (HasMetadata o : all) {
      assertEquals("full-kafka", o.getMetadata().getLabels().get(KafkaBuilder.CLUSTER_LABEL), o.getKind());
      assertOwnedAndLabelled(p, o);
    }
  }

  @Test
  void topicIsV1AndTheClusterObjectsAreWhatTheApiModuleAllows() {
    assertEquals(KafkaBuilder.TOPIC_API_VERSION, KafkaBuilder.topic(p).getApiVersion());
    assertEquals("kafka.strimzi.io/v1", KafkaBuilder.topic(p).getApiVersion());
    assertEquals(KafkaBuilder.CLUSTER_API_VERSION, KafkaBuilder.kafka(p).getApiVersion());
    assertEquals(KafkaBuilder.CLUSTER_API_VERSION, KafkaBuilder.nodePool(p).getApiVersion());
  }

  @Test
  void bootstrapAddressIsStrimzisServiceOrTheExternalOne() {
    assertEquals("full-kafka-kafka-bootstrap.analytics.svc:9093", Endpoints.bootstrapServers(p));
    assertEquals("plain-kafka-kafka-bootstrap.analytics.svc:9092",
        Endpoints.bootstrapServers(Pipelines.plainKafka()));
    assertEquals("kafka-0.kafka:9092,kafka-1.kafka:9092", Endpoints.bootstrapServers(Pipelines.external()));
    assertTrue(KafkaBuilder.build(Pipelines.external()).isEmpty());
  }
}
