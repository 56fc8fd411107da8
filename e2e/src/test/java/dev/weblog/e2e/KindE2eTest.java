package dev.weblog.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The whole product on a real cluster: kind from kind-config.yaml, the three images built with Jib into docker and
 * loaded into kind, Strimzi and our chart, the e2e pipeline until Ready, predictions in HDFS, both models'
 * accuracy in the status, then teardown. The steps are scripts/kind-e2e.sh, so a user runs exactly the same.
 */
class KindE2eTest {

  /** Image builds, Strimzi, HDFS, training and the first predictions on a laptop take well under this. */
  private static final Duration LIMIT = Duration.ofMinutes(60);

  @Test
  void examplePipelineBecomesReadyOnKindAndPredicts() throws Exception {
    Optional<String> missing = Prerequisites.missing();
    missing.ifPresent(System.out::println);
    Assumptions.assumeTrue(missing.isEmpty(), missing.orElse(""));

    Path root = Path.of(System.getProperty("weblog.repo.root")).toRealPath();
    Path script = root.resolve("scripts/kind-e2e.sh");
    assertTrue(script.toFile().canExecute(), script + " is missing or not executable");
    Process run = new ProcessBuilder("bash", script.toString()).directory(root.toFile()).inheritIO().start();
    if (!run.waitFor(LIMIT.toMinutes(), TimeUnit.MINUTES)) {
      run.descendants().forEach(ProcessHandle::destroy);
      run.destroy();
      throw new AssertionError(script + " did not finish within " + LIMIT.toMinutes() + " minutes");
    }
    assertEquals(0, run.exitValue(), script + " failed; its output above names the step");
  }
}
