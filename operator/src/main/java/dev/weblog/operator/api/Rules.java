package dev.weblog.operator.api;

/**
 * The CRD's cross-field CEL rules and their messages, shared by the annotations and {@link SpecValidator} so the
 * API server and the operator refuse a spec with the same words.
 */
public final class Rules {

  public static final String HDFS_EXTERNAL_NEEDS_URI = "self.mode != 'External' || has(self.uri)";
  public static final String HDFS_EXTERNAL_NEEDS_URI_MSG = "hdfs.uri is required when hdfs.mode is External";
  public static final String HDFS_MANAGED_NO_URI = "self.mode != 'Managed' || !has(self.uri)";
  public static final String HDFS_MANAGED_NO_URI_MSG =
      "hdfs.uri must not be set when hdfs.mode is Managed (the operator runs the NameNode)";

  public static final String KAFKA_EXTERNAL_NEEDS_SERVERS = "self.mode != 'External' || has(self.bootstrapServers)";
  public static final String KAFKA_EXTERNAL_NEEDS_SERVERS_MSG =
      "kafka.bootstrapServers is required when kafka.mode is External";
  public static final String KAFKA_MANAGED_NO_SERVERS = "self.mode != 'Managed' || !has(self.bootstrapServers)";
  public static final String KAFKA_MANAGED_NO_SERVERS_MSG =
      "kafka.bootstrapServers must not be set when kafka.mode is Managed (the operator runs Kafka via Strimzi)";

  public static final String KAFKA_EXTERNAL_TLS_NEEDS_SECRETS =
      "self.mode != 'External' || self.security != 'TlsScram' || (has(self.userSecret) && has(self.caSecret))";
  public static final String KAFKA_EXTERNAL_TLS_NEEDS_SECRETS_MSG = "kafka.userSecret and kafka.caSecret are "
      + "required when kafka.mode is External and kafka.security is TlsScram (or set kafka.security: Plain)";
  public static final String KAFKA_SECRETS_ONLY_EXTERNAL_TLS =
      "(self.mode == 'External' && self.security == 'TlsScram') || (!has(self.userSecret) && !has(self.caSecret))";
  public static final String KAFKA_SECRETS_ONLY_EXTERNAL_TLS_MSG = "kafka.userSecret and kafka.caSecret are only for "
      + "kafka.mode External with kafka.security TlsScram (a Managed Kafka's Secrets are Strimzi's)";

  public static final String DATA_URL_IFF_URL = "(self.source == 'Url') == has(self.url)";
  public static final String DATA_URL_IFF_URL_MSG = "data.url is required when data.source is Url, and only then";
  public static final String DATA_VOLUME_IFF_VOLUME = "(self.source == 'Volume') == has(self.volume)";
  public static final String DATA_VOLUME_IFF_VOLUME_MSG =
      "data.volume is required when data.source is Volume, and only then";

  public static final String PRODUCER_VOLUME_IFF_VOLUME = "(self.source == 'Volume') == has(self.volume)";
  public static final String PRODUCER_VOLUME_IFF_VOLUME_MSG =
      "producer.volume is required when producer.source is Volume, and only then";

  public static final String TARGETS_UNIQUE = "self.all(t, self.filter(u, u == t).size() == 1)";
  public static final String TARGETS_UNIQUE_MSG = "training.targets must not name a target twice";

  public static final String NO_POD_TEMPLATES = "!('spark.kubernetes.driver.podTemplateFile' in self)"
      + " && !('spark.kubernetes.executor.podTemplateFile' in self)";
  public static final String NO_POD_TEMPLATES_MSG =
      "sparkConf must not set pod template files: the operator builds the driver and executor pods";

  private Rules() {}
}
