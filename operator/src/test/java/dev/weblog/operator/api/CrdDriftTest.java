package dev.weblog.operator.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weblog.operator.support.Yaml;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The committed CRD must be exactly what the Java classes generate. */
class CrdDriftTest {

  static final String FILE = WebLogPipeline.PLURAL + "." + WebLogPipeline.GROUP + "-v1.yml";
  static final String REFRESH = "cd /work/main && mvn -B -pl operator -am process-classes && cp "
      + "operator/target/classes/META-INF/fabric8/" + FILE + " crds/" + FILE;

  static String generated() throws Exception {
    try (InputStream in = CrdDriftTest.class.getResourceAsStream("/META-INF/fabric8/" + FILE)) {
      assertNotNull(in, "the build did not generate META-INF/fabric8/" + FILE + " (crd-generator-maven-plugin)");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void committedCrdMatchesTheGeneratedOne() throws Exception {
    Path committed = Yaml.repoRoot().resolve("crds").resolve(FILE);
    assertTrue(Files.exists(committed), committed + " is missing; create it with: " + REFRESH);
    assertEquals(generated(), Files.readString(committed),
        "crds/" + FILE + " differs from what the Java classes generate; refresh it with: " + REFRESH);
  }
}
