package dev.weblog.embedded;

import java.nio.file.Path;

/**
 * A second broker listener for clients that authenticate with SCRAM-SHA-512 and are authorized by ACLs: over TLS
 * (SASL_SSL) when a PKCS12 key store is given, else SASL_PLAINTEXT. With it the broker runs Kafka's
 * StandardAuthorizer; the plain listener stays, and its principal (ANONYMOUS) is a super user, for the broker's
 * own traffic and for setting up users and ACLs.
 */
public record ScramListener(Path keyStore, String keyStorePassword) {

  public static final String MECHANISM = "SCRAM-SHA-512";

  public ScramListener {
    if ((keyStore == null) != (keyStorePassword == null)) {
      throw new IllegalArgumentException("a TLS key store needs its password, and a password its key store");
    }
  }

  public static ScramListener plaintext() {
    return new ScramListener(null, null);
  }

  public static ScramListener tls(BrokerCertificate certificate) {
    return new ScramListener(certificate.keyStore(), certificate.password());
  }

  public boolean isTls() {
    return keyStore != null;
  }

  public String securityProtocol() {
    return isTls() ? "SASL_SSL" : "SASL_PLAINTEXT";
  }
}
