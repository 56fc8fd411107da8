package dev.weblog.operator.api;

/** The regular expressions the CRD states, shared by the annotations and {@link SpecValidator}. */
public final class Patterns {

  /** A Kubernetes resource quantity, as the API server's own pattern. */
  public static final String QUANTITY = "^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$";
  /** A JVM memory size as Spark reads it (spark.driver.memory). */
  public static final String JVM_MEMORY = "^[0-9]+[kmgtKMGT]$";
  public static final String HDFS_URI = "^hdfs://[A-Za-z0-9.-]+(:[0-9]{1,5})?/?$";
  public static final String ABSOLUTE_PATH = "^/[^\\s]*$";
  public static final String BOOTSTRAP_SERVERS = "^[A-Za-z0-9.-]+:[0-9]{1,5}(,[A-Za-z0-9.-]+:[0-9]{1,5})*$";
  /** Kafka's own rule for topic names. */
  public static final String TOPIC = "^[A-Za-z0-9._-]{1,249}$";
  public static final String HTTP_URL = "^https?://[^\\s]+$";
  /** A DNS-1123 subdomain, as PriorityClass names are; its length (at most 253) is checked apart. */
  public static final String DNS_SUBDOMAIN = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";
  public static final int DNS_SUBDOMAIN_MAX = 253;
  /** The name part of a label key, and a label value when not empty: at most 63 characters. */
  public static final String LABEL_NAME = "^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$";
  /** A label value: empty, or a label name. */
  public static final String LABEL_VALUE = "^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$";
  /** A DNS-1123 label, as persistent volume claim names are. */
  public static final String DNS_LABEL = "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$";
  /**
   * A Secret the pods mount: a DNS label short enough that Spark's volume name for it ({@code <name>-volume}) is
   * one too.
   */
  public static final String SECRET_NAME = "^[a-z0-9]([-a-z0-9]{0,54}[a-z0-9])?$";
  /** A path inside a volume: relative, no parent references. */
  public static final String VOLUME_PATH = "^[^/\\s][^\\s]*$";
  /** Five cron fields or one of the @ macros Kubernetes CronJobs accept. */
  public static final String CRON = "^(@(yearly|annually|monthly|weekly|daily|hourly)|([^\\s]+\\s+){4}[^\\s]+)$";
  /** A Spark Structured Streaming processing-time trigger, as the stream job takes it. */
  public static final String TRIGGER = "^[0-9]+ (milliseconds?|seconds?|minutes?)$";
  public static final String KAFKA_VERSION = "^[0-9]+\\.[0-9]+\\.[0-9]+$";
  public static final String IMAGE = "^[^\\s]+$";
  public static final String REGISTRY = "^[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[a-z0-9._-]+)*$";

  private Patterns() {}
}
