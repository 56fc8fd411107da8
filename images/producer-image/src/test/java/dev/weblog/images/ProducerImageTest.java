package dev.weblog.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weblog.operator.api.ImagesSpec;
import dev.weblog.operator.api.WebLogPipeline;
import dev.weblog.operator.builders.Images;
import dev.weblog.operator.builders.ProducerBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The producer image against what the operator's ProducerBuilder puts in the producer pod. */
class ProducerImageTest {

  private static ImageTar image;
  private static PodSpec pod;

  @BeforeAll
  static void read() {
    image = ImageTar.read(Path.of(System.getProperty("image.tar")), "/app/jib-");
    WebLogPipeline p = new WebLogPipeline();
    p.setMetadata(new ObjectMetaBuilder().withName("demo").withNamespace("weblog").withUid("u").build());
    pod = ProducerBuilder.deployment(p).getSpec().getTemplate().getSpec();
  }

  @Test
  void entrypointIsTheCommandTheOperatorRuns() {
    Container container = pod.getContainers().get(0);
    assertEquals(container.getCommand(), image.strings("Entrypoint"));
  }

  @Test
  void runsAsTheUidThePodAsksFor() {
    assertEquals(pod.getSecurityContext().getRunAsUser() + ":" + pod.getSecurityContext().getRunAsGroup(),
        image.user());
    assertEquals(Images.PRODUCER_UID, Long.parseLong(image.user().split(":")[0]));
  }

  @Test
  void operatorDefaultNamesThisImage() {
    String name = System.getProperty("image.name");
    assertEquals(name, Images.producer(new ImagesSpec()));
  }

  @Test
  void classpathHoldsTheProducerKafkaAndALoggingBinding() {
    String classpath = image.requireFile("/app/jib-classpath-file").text();
    for (String jar : new String[] {"producer-", "common-", "kafka-clients-", "picocli-", "slf4j-simple-"}) {
      assertTrue(classpath.contains("/app/libs/" + jar), jar + "* missing from the classpath: " + classpath);
    }
    assertFalse(classpath.contains("/netty-"), "the producer needs no Netty: " + classpath);
    for (String entry : classpath.trim().split(":")) {
      if (entry.endsWith(".jar")) {
        image.requireFile(entry);
      }
    }
  }
}
