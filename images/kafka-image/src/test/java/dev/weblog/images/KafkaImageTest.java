package dev.weblog.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The external Kafka's image: its start script, the classes it calls, and only a TLS port offered outside. */
class KafkaImageTest {

  private static final String START = "/opt/kafka/bin/kafka-single-node";

  private static ImageTar image;

  @BeforeAll
  static void read() throws IOException {
    image = ImageTar.read(Path.of(System.getProperty("image.tar")), START, "/app/jib-classpath-file");
  }

  @Test
  void startsTheSingleNodeScript() {
    assertEquals(List.of(START), image.strings("Entrypoint"));
    assertEquals(0755, image.requireFile(START).mode() & 0777);
  }

  @Test
  void classpathHoldsEveryToolTheScriptRuns() {
    String classpath = image.requireFile("/app/jib-classpath-file").text();
    String script = image.requireFile(START).text();
    // kafka.Kafka, kafka.tools.StorageTool and kafka.admin.AclCommand are in the broker's jar, TopicCommand in tools.
    for (String jar : List.of("/kafka_2.13-", "/kafka-tools-", "/kafka-metadata-")) {
      assertTrue(classpath.contains(jar), "no " + jar + "*.jar in " + classpath);
    }
    for (String main : List.of("kafka.Kafka", "kafka.tools.StorageTool", "kafka.admin.AclCommand",
        "org.apache.kafka.tools.TopicCommand")) {
      assertTrue(script.contains(main), START + " does not run " + main);
    }
  }

  @Test
  void onlyTheSaslSslListenerListensBeyondThePod() {
    String script = image.requireFile(START).text();
    assertTrue(
        script.contains("listeners=CLIENTS://0.0.0.0:9093,INTERNAL://localhost:9092,CONTROLLER://localhost:9094"),
        "listeners changed: the PLAINTEXT ones must stay on localhost");
    assertTrue(script.contains("CLIENTS:SASL_SSL"), "the client listener must be SASL_SSL");
    assertTrue(script.contains("allow.everyone.if.no.acl.found=false"), "ACLs must default to deny");
  }
}
