package dev.weblog.e2e;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** What the kind e2e run needs on this machine, and the one line that says what is missing. */
final class Prerequisites {

  static final List<String> TOOLS = List.of("kind", "kubectl", "helm");

  private Prerequisites() {}

  /** Empty when everything is there; else "e2e skipped: ..." naming each missing piece and what to do. */
  static Optional<String> missing() {
    List<String> missing = new ArrayList<>();
    if (!onPath("docker")) {
      missing.add("no docker client on PATH");
    } else if (!dockerAnswers()) {
      missing.add("no docker daemon (docker info failed)");
    }
    for (String tool : TOOLS) {
      if (!onPath(tool)) {
        missing.add("no " + tool + " on PATH");
      }
    }
    return missing.isEmpty() ? Optional.empty() : Optional.of("e2e skipped: " + String.join(", ", missing)
        + " — run scripts/kind-e2e.sh (or mvn -Pe2e verify) on a machine with docker, kind, kubectl and helm");
  }

  static boolean onPath(String tool) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, tool);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return true;
      }
    }
    return false;
  }

  private static boolean dockerAnswers() {
    try {
      Process p = new ProcessBuilder("docker", "info").redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return false;
      }
      return p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
