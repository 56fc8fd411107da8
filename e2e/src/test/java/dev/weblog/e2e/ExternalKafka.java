package dev.weblog.e2e;

import dev.weblog.embedded.BrokerCertificate;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A Kafka of the user's own, outside the pipeline: the weblog/kafka image as one Deployment and Service, and the
 * Secrets a user hands over in External mode with TlsScram — the clients' JAAS line ({@code userSecret}) and the
 * CA of the broker's certificate ({@code caSecret}) — plus the broker's own key store and the client's password.
 * The real-time job's topics must exist in a user's Kafka: the broker makes them ({@code eventTopics}).
 */
record ExternalKafka(String namespace, String name, String topic, List<String> eventTopics, int partitions,
    String image, String clientSecret, String caSecret, BrokerCertificate certificate, String user, String password) {

  static final int PORT = 9093;
  /** The broker's log directory, on the claim; a subdirectory, since a fresh volume's root may hold lost+found. */
  static final String DATA_DIR = "/var/lib/kafka/data/logs";
  private static final Map<String, String> LABELS = Map.of("app.kubernetes.io/name", "e2e-kafka");

  /** Makes the certificate (for the Service's DNS names) and the client's credentials in {@code dir}. */
  static ExternalKafka create(Path dir, String namespace, String topic, List<String> eventTopics, int partitions,
      String image, String clientSecret, String caSecret) {
    String name = "e2e-kafka";
    String service = name + "." + namespace + ".svc";
    BrokerCertificate certificate = BrokerCertificate.create(dir, service + ".cluster.local",
        List.of("dns:" + service + ".cluster.local", "dns:" + service, "dns:" + name));
    byte[] secret = new byte[18];
    new SecureRandom().nextBytes(secret);
    return new ExternalKafka(namespace, name, topic, eventTopics, partitions, image, clientSecret, caSecret,
        certificate,
        "weblog-pipeline", HexFormat.of().formatHex(secret));
  }

  String bootstrapServers() {
    return name + "." + namespace + ".svc.cluster.local:" + PORT;
  }

  /** Everything to create, in order: the Secrets before the Deployment that mounts them. */
  List<HasMetadata> objects() {
    return List.of(brokerSecret(), clientJaasSecret(), caCertificateSecret(), service(), dataClaim(),
        disruptionBudget(), deployment());
  }

  /** The broker's log directory outlives its pod, as a real Kafka's does: the broker fault deletes the pod. */
  PersistentVolumeClaim dataClaim() {
    return new PersistentVolumeClaimBuilder()
        .withNewMetadata().withName(name + "-data").withNamespace(namespace).withLabels(LABELS).endMetadata()
        .withNewSpec().withAccessModes("ReadWriteOnce").withNewResources()
        .addToRequests("storage", new Quantity("1Gi")).endResources().endSpec()
        .build();
  }

  /**
   * A user's Kafka lives outside the pipeline and is kept out of a drain of the pipeline's node by its owner, here
   * by a budget that allows no eviction (the broker fault deletes the pod instead).
   */
  PodDisruptionBudget disruptionBudget() {
    return new PodDisruptionBudgetBuilder()
        .withNewMetadata().withName(name).withNamespace(namespace).withLabels(LABELS).endMetadata()
        .withNewSpec().withMaxUnavailable(new IntOrString(0)).withNewSelector().withMatchLabels(LABELS).endSelector()
        .endSpec()
        .build();
  }

  Secret brokerSecret() {
    return new SecretBuilder()
        .withNewMetadata().withName(name + "-broker").withNamespace(namespace).withLabels(LABELS).endMetadata()
        .addToData("keystore.p12", base64(read(certificate.keyStore())))
        .addToData("keystore.password", base64(certificate.password().getBytes(StandardCharsets.UTF_8)))
        .addToData("username", base64(user.getBytes(StandardCharsets.UTF_8)))
        .addToData("password", base64(password.getBytes(StandardCharsets.UTF_8)))
        .build();
  }

  /** The layout of a Strimzi KafkaUser Secret, which External mode takes: key sasl.jaas.config. */
  Secret clientJaasSecret() {
    String jaas = "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
        + "\" password=\"" + password + "\";";
    return new SecretBuilder()
        .withNewMetadata().withName(clientSecret).withNamespace(namespace).withLabels(LABELS).endMetadata()
        .addToData("sasl.jaas.config", base64(jaas.getBytes(StandardCharsets.UTF_8)))
        .build();
  }

  /** The layout of Strimzi's cluster CA Secret: key ca.crt, PEM. */
  Secret caCertificateSecret() {
    return new SecretBuilder()
        .withNewMetadata().withName(caSecret).withNamespace(namespace).withLabels(LABELS).endMetadata()
        .addToData("ca.crt", base64(read(certificate.caPem())))
        .build();
  }

  Service service() {
    return new ServiceBuilder()
        .withNewMetadata().withName(name).withNamespace(namespace).withLabels(LABELS).endMetadata()
        .withNewSpec()
        .withSelector(LABELS)
        .addNewPort().withName("clients").withPort(PORT).withTargetPort(new IntOrString(PORT)).withProtocol("TCP")
        .endPort()
        .endSpec()
        .build();
  }

  Deployment deployment() {
    String tlsDir = "/etc/kafka/tls";
    String userDir = "/etc/kafka/user";
    return new DeploymentBuilder()
        .withNewMetadata().withName(name).withNamespace(namespace).withLabels(LABELS).endMetadata()
        .withNewSpec()
        .withReplicas(1)
        // One writer of the claim: the old pod goes before the new one mounts it.
        .withNewStrategy().withType("Recreate").endStrategy()
        .withNewSelector().withMatchLabels(LABELS).endSelector()
        .withNewTemplate()
        .withNewMetadata().withLabels(LABELS).endMetadata()
        .withNewSpec()
        .withEnableServiceLinks(false)
        .withNewSecurityContext().withRunAsNonRoot(true).withRunAsUser(1000L).withFsGroup(1000L)
        .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile().endSecurityContext()
        .addNewVolume().withName("broker").withNewSecret().withSecretName(name + "-broker")
        .addNewItem().withKey("keystore.p12").withPath("tls/keystore.p12").endItem()
        .addNewItem().withKey("keystore.password").withPath("tls/keystore.password").endItem()
        .addNewItem().withKey("username").withPath("user/username").endItem()
        .addNewItem().withKey("password").withPath("user/password").endItem()
        .endSecret().endVolume()
        .addNewVolume().withName("data").withNewPersistentVolumeClaim().withClaimName(name + "-data")
        .endPersistentVolumeClaim().endVolume()
        .addToContainers(new ContainerBuilder()
            .withName("kafka")
            .withImage(image)
            .withImagePullPolicy("IfNotPresent")
            .withEnv(new EnvVar("KAFKA_ADVERTISED_HOST", bootstrapServers().split(":")[0], null),
                new EnvVar("KAFKA_TOPIC", topic, null),
                new EnvVar("KAFKA_PARTITIONS", String.valueOf(partitions), null),
                new EnvVar("KAFKA_EVENT_TOPICS", String.join(",", eventTopics), null),
                new EnvVar("KAFKA_TLS_DIR", tlsDir, null), new EnvVar("KAFKA_USER_DIR", userDir, null),
                new EnvVar("KAFKA_DATA_DIR", DATA_DIR, null))
            .addNewPort().withName("clients").withContainerPort(PORT).withProtocol("TCP").endPort()
            .addNewVolumeMount().withName("broker").withMountPath(tlsDir).withSubPath("tls").withReadOnly(true)
            .endVolumeMount()
            .addNewVolumeMount().withName("broker").withMountPath(userDir).withSubPath("user").withReadOnly(true)
            .endVolumeMount()
            .addNewVolumeMount().withName("data").withMountPath("/var/lib/kafka/data").endVolumeMount()
            .withNewReadinessProbe().withNewExec().withCommand("cat", "/tmp/kafka-ready").endExec()
            .withPeriodSeconds(5).withFailureThreshold(60).endReadinessProbe()
            .withNewResources()
            .addToRequests("cpu", new Quantity("100m")).addToRequests("memory", new Quantity("768Mi"))
            .addToLimits("cpu", new Quantity("1")).addToLimits("memory", new Quantity("768Mi"))
            .endResources()
            .withNewSecurityContext().withAllowPrivilegeEscalation(false).withNewCapabilities().withDrop("ALL")
            .endCapabilities().endSecurityContext()
            .build())
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  /** The records the topic holds, per partition, read with the image's own tool inside the broker's pod. */
  /** Records in the topic now: the sum of its partitions' end offsets, read on the broker's own pod. */
  long lines(Cluster cluster) {
    io.fabric8.kubernetes.api.model.Pod broker = cluster.readyPod("app.kubernetes.io/name=" + name).orElseThrow(
        () -> new IllegalStateException("no ready broker pod " + name));
    String out = cluster.exec(broker.getMetadata().getName(), "kafka", "sh", "-c", endOffsetsCommand(topic));
    return out.lines().filter(l -> l.startsWith(topic + ":"))
        .mapToLong(l -> Long.parseLong(l.substring(l.lastIndexOf(':') + 1).trim())).sum();
  }

  static String endOffsetsCommand(String topic) {
    return "/opt/kafka/bin/kafka-tool org.apache.kafka.tools.GetOffsetShell --bootstrap-server localhost:9092 "
        + "--topic " + topic;
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }
}
