package dev.weblog.operator.builders;

import dev.weblog.operator.api.WebLogPipeline;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Every object name, derived from the pipeline's name. A name that is too long for its kind, or that is not a
 * DNS label (dots, leading digit), is shortened and made unique with a hash of the pipeline's name, so names
 * stay deterministic and never collide between two pipelines.
 */
public final class Names {

  /** Longest DNS label, label value and Service name. */
  public static final int MAX_LABEL = 63;
  /** StatefulSets: the controller-revision-hash label is the name plus 11 characters. */
  public static final int MAX_STATEFUL_SET = 52;
  /** Spark allows executor pod name prefixes up to 47 characters (room for "-exec-<id>"). */
  public static final int MAX_SPARK_APP_ID = 47;
  /** Strimzi names pods {@code <cluster>-<pool>-<id>}; both parts get half of a label. */
  public static final int MAX_STRIMZI_PART = 30;

  /** Secrets the pods mount: Spark names their volumes {@code <secret>-volume}, which must be a DNS label. */
  public static final int MAX_SECRET = 56;

  private static final int HASH_LENGTH = 8;

  private Names() {}

  /** The managed HDFS's PodDisruptionBudget, over the NameNode and the DataNodes together. */
  public static String hdfsDisruptionBudget(WebLogPipeline p) {
    return fit(p, "hdfs", MAX_LABEL);
  }

  /** The optional budget over the stream driver's pod (streaming.disruptionBudget). */
  public static String streamDisruptionBudget(WebLogPipeline p) {
    return fit(p, "stream", MAX_LABEL);
  }

  /** The stream driver's Spark UI, whichever attempt runs. */
  public static String streamUi(WebLogPipeline p) {
    return fit(p, "stream-ui", MAX_LABEL);
  }

  public static String hdfsConfig(WebLogPipeline p) {
    return fit(p, "hdfs-config", MAX_LABEL);
  }

  public static String namenode(WebLogPipeline p) {
    return fit(p, "hdfs-namenode", MAX_STATEFUL_SET);
  }

  public static String datanode(WebLogPipeline p) {
    return fit(p, "hdfs-datanode", MAX_STATEFUL_SET);
  }

  /** The Service clients use: NameNode RPC and web UI. */
  public static String hdfsClient(WebLogPipeline p) {
    return fit(p, "hdfs", MAX_LABEL);
  }

  public static String kafkaCluster(WebLogPipeline p) {
    return fit(p, "kafka", MAX_STRIMZI_PART);
  }

  public static String kafkaNodePool(WebLogPipeline p) {
    return fit(p, "pool", MAX_STRIMZI_PART);
  }

  public static String kafkaTopic(WebLogPipeline p) {
    return fit(p, "topic", MAX_LABEL);
  }

  /** The KafkaTopic of one of the real-time job's outputs ({@code predictions}, {@code quarantine}). */
  public static String kafkaTopic(WebLogPipeline p, String output) {
    return fit(p, "topic-" + output, MAX_LABEL);
  }

  /** A client's KafkaUser, which is also its SCRAM user name and the name of the Secret Strimzi writes. */
  public static String kafkaUser(WebLogPipeline p, KafkaClient client) {
    return fit(p, "kafka-" + client.id(), MAX_SECRET);
  }

  /** The Secret Strimzi writes with the cluster CA's certificate ({@code ca.crt}). */
  public static String kafkaClusterCaCert(WebLogPipeline p) {
    return kafkaCluster(p) + "-cluster-ca-cert";
  }

  /** ServiceAccount, Role and RoleBinding of the Spark drivers. */
  public static String spark(WebLogPipeline p) {
    return fit(p, "spark", MAX_LABEL);
  }

  /** Spark application id, also the prefix of its driver and executor pods: {@code <name>-<stage>-<attempt>}. */
  public static String sparkApp(WebLogPipeline p, SparkStage stage, int attempt) {
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt of " + stage.id() + " for pipeline "
          + p.getMetadata().getName() + " must be at least 1, got " + attempt);
    }
    return fit(p, stage.id() + "-" + attempt, MAX_SPARK_APP_ID);
  }

  public static String producer(WebLogPipeline p) {
    return fit(p, "producer", MAX_SPARK_APP_ID);
  }

  public static String historyLoader(WebLogPipeline p, int attempt) {
    return fit(p, "load-history-" + attempt, MAX_STATEFUL_SET);
  }

  /** The pipeline's name as a label value (the instance label). */
  public static String instance(WebLogPipeline p) {
    String name = p.getMetadata().getName();
    if (name.length() <= MAX_LABEL) {
      return name;
    }
    String hash = hash(name);
    return trimDashes(name.substring(0, MAX_LABEL - HASH_LENGTH - 1)) + "-" + hash;
  }

  static String fit(WebLogPipeline p, String suffix, int max) {
    String name = p.getMetadata().getName();
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("WebLogPipeline has no metadata.name");
    }
    String clean = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    boolean dnsLabel = clean.equals(name) && Character.isLetter(clean.charAt(0));
    String plain = clean + "-" + suffix;
    if (dnsLabel && plain.length() <= max) {
      return plain;
    }
    int room = max - suffix.length() - HASH_LENGTH - 3;
    if (room < 1) {
      throw new IllegalArgumentException("suffix '" + suffix + "' leaves no room in a " + max + "-character name");
    }
    String head = trimDashes(clean.substring(0, Math.min(room, clean.length())));
    if (head.isEmpty() || !Character.isLetter(head.charAt(0))) {
      head = "w" + (head.isEmpty() ? "" : "-" + head);
      head = trimDashes(head.substring(0, Math.min(room, head.length())));
    }
    return head + "-" + hash(name) + "-" + suffix;
  }

  private static String trimDashes(String s) {
    return s.replaceAll("^-+", "").replaceAll("-+$", "");
  }

  private static String hash(String s) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, HASH_LENGTH);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
