package dev.weblog.operator.builders;

import dev.weblog.common.KafkaClientSecurity;
import dev.weblog.operator.api.KafkaSpec;
import dev.weblog.operator.api.WebLogPipeline;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;

/**
 * How a client's Kafka credentials reach its pods: the user's Secret (the one Strimzi writes for the client's
 * KafkaUser, or the user's own for an external Kafka) and the CA's, mounted read-only as files. The client
 * properties only name those files ({@link KafkaClientSecurity}); nothing here ever reads a Secret.
 */
public final class KafkaCredentials {

  static final String USER_VOLUME = "kafka-user";
  static final String CA_VOLUME = "kafka-ca";

  private KafkaCredentials() {}

  /** The Secret holding the client's JAAS line; null when Kafka is Plain. */
  public static String userSecret(WebLogPipeline p, KafkaClient client) {
    KafkaSpec kafka = p.getSpec().getKafka();
    if (!kafka.isSecured()) {
      return null;
    }
    // Strimzi names a KafkaUser's Secret after the user.
    return kafka.isManaged() ? Names.kafkaUser(p, client) : kafka.getUserSecret();
  }

  /** The Secret holding the CA certificate that signed the brokers'; null when Kafka is Plain. */
  public static String caSecret(WebLogPipeline p) {
    KafkaSpec kafka = p.getSpec().getKafka();
    if (!kafka.isSecured()) {
      return null;
    }
    return kafka.isManaged() ? Names.kafkaClusterCaCert(p) : kafka.getCaSecret();
  }

  /** Settings every client gets as {@code --kafka-property}: references to the mounted files, or none. */
  public static Map<String, String> clientProperties(WebLogPipeline p) {
    return p.getSpec().getKafka().isSecured() ? KafkaClientSecurity.tlsScramMounted() : Map.of();
  }

  /** The two Secret volumes of a pod of {@code client}; none when Kafka is Plain. */
  static List<Volume> volumes(WebLogPipeline p, KafkaClient client) {
    if (!p.getSpec().getKafka().isSecured()) {
      return List.of();
    }
    return List.of(secretVolume(USER_VOLUME, userSecret(p, client)), secretVolume(CA_VOLUME, caSecret(p)));
  }

  static List<VolumeMount> mounts(WebLogPipeline p) {
    if (!p.getSpec().getKafka().isSecured()) {
      return List.of();
    }
    return List.of(Mounts.mount(USER_VOLUME, KafkaClientSecurity.USER_DIR, true),
        Mounts.mount(CA_VOLUME, KafkaClientSecurity.CA_DIR, true));
  }

  /** Spark mounts the Secrets into the driver and every executor itself, where the properties expect them. */
  static void mountInSpark(WebLogPipeline p, KafkaClient client, SparkConf conf) {
    if (!p.getSpec().getKafka().isSecured()) {
      return;
    }
    for (String role : List.of("driver", "executor")) {
      conf.set("spark.kubernetes." + role + ".secrets." + userSecret(p, client), KafkaClientSecurity.USER_DIR);
      conf.set("spark.kubernetes." + role + ".secrets." + caSecret(p), KafkaClientSecurity.CA_DIR);
    }
  }

  private static Volume secretVolume(String name, String secret) {
    return new VolumeBuilder().withName(name).withNewSecret().withSecretName(secret).endSecret().build();
  }
}
