package dev.weblog.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weblog.common.JobContract;
import dev.weblog.common.KafkaClientSecurity;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Whatever the replay prints about its options, a secret-looking Kafka property's value is not in it. */
@Timeout(60)
class SecretMaskingTest {

  static final String SECRET = "hunter2-" + Long.toHexString(System.nanoTime());

  @Test
  void printedOptionsMaskTheJaasLineAndPasswords() {
    ReplayOptions options = ReplayOptions.defaults().withKafkaProperties(Map.of(
        "sasl.jaas.config", KafkaClientSecurity.jaasConfig("u", SECRET), "ssl.key.password", SECRET,
        "security.protocol", "SASL_SSL"));
    String printed = options.toString();
    assertFalse(printed.contains(SECRET), printed);
    assertTrue(printed.contains("security.protocol=SASL_SSL"), printed);
    assertTrue(printed.contains("sasl.jaas.config=" + KafkaClientSecurity.MASK), printed);
    assertEquals(SECRET, options.kafkaProperties().get("ssl.key.password"), "the client still gets the value");
  }

  @Test
  void aCommandLineErrorThatQuotesTheArgumentsMasksTheSecretValues() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = ReplayCommand.execute(new String[] {"--generate", "1", JobContract.OPT_KAFKA_PROPERTY + "s",
        "ssl.keystore.password=" + SECRET}, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    String printed = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    assertEquals(JobContract.EXIT_USAGE, exit, printed);
    assertTrue(printed.contains("ssl.keystore.password=" + KafkaClientSecurity.MASK), "the error still names it: "
        + printed);
    assertFalse(printed.contains(SECRET), printed);
  }
}
