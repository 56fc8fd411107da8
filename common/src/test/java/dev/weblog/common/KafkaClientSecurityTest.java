package dev.weblog.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaClientSecurityTest {

  @Test
  void theMountedPropertiesReferToSecretFilesAndHoldNoSecret() {
    Map<String, String> p = KafkaClientSecurity.tlsScramMounted();
    assertEquals("${dir:/etc/weblog/kafka-user:sasl.jaas.config}", p.get("sasl.jaas.config"));
    assertEquals("/etc/weblog/kafka-ca/ca.crt", p.get("ssl.truststore.location"));
    assertEquals("PEM", p.get("ssl.truststore.type"));
    assertEquals("SASL_SSL", p.get("security.protocol"));
    assertEquals("SCRAM-SHA-512", p.get("sasl.mechanism"));
    assertEquals("org.apache.kafka.common.config.provider.DirectoryConfigProvider",
        p.get("config.providers." + p.get("config.providers") + ".class"));
  }

  @Test
  void secretLookingKeysAreMaskedAndOthersKept() {
    for (String key : List.of("sasl.jaas.config", "kafka.sasl.jaas.config", "ssl.key.password",
        "ssl.truststore.password", "SSL.KEYSTORE.PASSWORD", "sasl.oauthbearer.client.secret", "ssl.keystore.key",
        "basic.auth.credentials.source")) {
      assertTrue(KafkaClientSecurity.isSecret(key), key);
    }
    for (String key : List.of("security.protocol", "sasl.mechanism", "ssl.truststore.location", "ssl.truststore.type",
        "bootstrap.servers", "config.providers")) {
      assertFalse(KafkaClientSecurity.isSecret(key), key);
    }
    assertEquals(Map.of("security.protocol", "SASL_SSL", "sasl.jaas.config", "***", "ssl.key.password", "***"),
        KafkaClientSecurity.masked(Map.of("security.protocol", "SASL_SSL", "sasl.jaas.config", "x required;",
            "ssl.key.password", "hunter2")));
  }

  @Test
  void aMessageQuotingTheCommandLineLosesTheSecretValues() {
    String message = "Unknown options: '--kafka-propertyy', 'ssl.key.password=hunter2', 'security.protocol=SSL'";
    String masked = KafkaClientSecurity.maskArgs(message, "--kafka-propertyy", "ssl.key.password=hunter2",
        "security.protocol=SSL");
    assertEquals("Unknown options: '--kafka-propertyy', 'ssl.key.password=***', 'security.protocol=SSL'", masked);
  }

  @Test
  void jaasLineHasStrimzisShape() {
    assertEquals("org.apache.kafka.common.security.scram.ScramLoginModule required username=\"u\" password=\"p\";",
        KafkaClientSecurity.jaasConfig("u", "p"));
  }
}
