package dev.weblog.common;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How the pipeline's Kafka clients authenticate to a TLS listener with SCRAM-SHA-512. The secret parts are never
 * values: the client properties name files of mounted Secrets (laid out as Strimzi's KafkaUser Secret and cluster
 * CA Secret), which Kafka's DirectoryConfigProvider reads when the client starts, so no argument, pod spec or log
 * line carries a credential. Printing code masks every property whose key looks secret.
 */
public final class KafkaClientSecurity {

  /** Where the pods mount the user's Secret and the CA's Secret. */
  public static final String USER_DIR = "/etc/weblog/kafka-user";
  public static final String CA_DIR = "/etc/weblog/kafka-ca";
  /** Keys of Strimzi's KafkaUser Secret (SCRAM-SHA-512) and of its {@code <cluster>-cluster-ca-cert} Secret. */
  public static final String JAAS_KEY = "sasl.jaas.config";
  public static final String PASSWORD_KEY = "password";
  public static final String CA_KEY = "ca.crt";
  public static final String SECURITY_PROTOCOL = "SASL_SSL";
  public static final String SASL_MECHANISM = "SCRAM-SHA-512";
  public static final String MASK = "***";
  static final String PROVIDER = "dir";
  static final String DIRECTORY_PROVIDER = "org.apache.kafka.common.config.provider.DirectoryConfigProvider";

  private KafkaClientSecurity() {}

  /** Client properties for SASL_SSL with SCRAM-SHA-512, the JAAS line and the CA read from the two folders. */
  public static Map<String, String> tlsScram(String userDir, String caDir) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("config.providers", PROVIDER);
    p.put("config.providers." + PROVIDER + ".class", DIRECTORY_PROVIDER);
    p.put("security.protocol", SECURITY_PROTOCOL);
    p.put("sasl.mechanism", SASL_MECHANISM);
    p.put(JAAS_KEY, "${" + PROVIDER + ":" + userDir + ":" + JAAS_KEY + "}");
    p.put("ssl.truststore.type", "PEM");
    p.put("ssl.truststore.location", caDir + "/" + CA_KEY);
    return p;
  }

  /** The properties of the pods: the Secrets mounted at {@link #USER_DIR} and {@link #CA_DIR}. */
  public static Map<String, String> tlsScramMounted() {
    return tlsScram(USER_DIR, CA_DIR);
  }

  /** The JAAS line Strimzi writes into a SCRAM KafkaUser's Secret. */
  public static String jaasConfig(String user, String password) {
    return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
        + "\" password=\"" + password + "\";";
  }

  /** JAAS lines, passwords, secrets and private keys: values that must never be printed. */
  public static boolean isSecret(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    return k.endsWith(JAAS_KEY) || k.contains("password") || k.contains("secret") || k.contains("credential")
        || k.endsWith("keystore.key");
  }

  /** A copy fit for printing: secret-looking values replaced by {@link #MASK}. */
  public static Map<String, String> masked(Map<String, String> properties) {
    Map<String, String> out = new LinkedHashMap<>();
    properties.forEach((k, v) -> out.put(k, isSecret(k) ? MASK : v));
    return out;
  }

  /**
   * {@code text} with the value of every secret-looking {@code key=value} among {@code args} masked: for messages
   * that may quote a command line back (a parser's "unknown option" error).
   */
  public static String maskArgs(String text, String... args) {
    String out = text == null ? "" : text;
    for (String arg : args) {
      int eq = arg == null ? -1 : arg.indexOf('=');
      if (eq > 0 && eq < arg.length() - 1 && isSecret(arg.substring(0, eq))) {
        out = out.replace(arg.substring(eq + 1), MASK);
      }
    }
    return out;
  }
}
