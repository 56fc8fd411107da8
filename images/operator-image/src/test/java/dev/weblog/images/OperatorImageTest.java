package dev.weblog.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The operator image as the chart's Deployment runs it (helm/weblog-operator/templates/deployment.yaml). */
class OperatorImageTest {

  private static ImageTar image;

  @BeforeAll
  static void read() {
    image = ImageTar.read(Path.of(System.getProperty("image.tar")), "/app/jvm-flags", "/app/jib-");
  }

  @Test
  void startsTheOperatorMainWithTheJvmFlagsFile() {
    assertEquals(List.of("java", "@/app/jvm-flags", "-cp", "@/app/jib-classpath-file",
        "dev.weblog.operator.OperatorMain"), image.strings("Entrypoint"));
  }

  @Test
  void runsAsTheChartsNonRootUser() {
    assertEquals("1000:1000", image.user());
  }

  @Test
  void jvmFlagsAreSparksModuleFlagsFilteredIn() {
    String flags = image.requireFile("/app/jvm-flags").text();
    assertTrue(flags.contains("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED"), flags);
    assertFalse(flags.contains("${"), "unfiltered property in /app/jvm-flags: " + flags);
  }

  @Test
  void everyClasspathEntryIsInTheImageAndWorldReadable() {
    String classpath = image.requireFile("/app/jib-classpath-file").text().trim();
    for (String entry : classpath.split(":")) {
      if (entry.endsWith(".jar")) {
        ImageTar.Entry jar = image.requireFile(entry);
        assertEquals(0444, jar.mode() & 0444,
            entry + " is not readable by uid 1000: mode " + Integer.toOctalString(jar.mode()));
      }
    }
    assertTrue(image.list("/app/libs/").stream().anyMatch(p -> p.matches("/app/libs/operator-.*\\.jar")),
        "no operator jar in /app/libs: " + image.list("/app/libs/"));
  }

  @Test
  void exposesTheHttpPort() {
    assertTrue(image.containerConfig().path("ExposedPorts").has("8080/tcp"),
        "ExposedPorts: " + image.containerConfig().path("ExposedPorts"));
  }
}
