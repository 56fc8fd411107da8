package dev.weblog.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A child JVM started like bench.sh starts the bench: the same java binary, the bench's own classpath and Spark's
 * module flags ({@code bench-jvm.flags}, filtered from the root pom), so what it measures is what a user runs.
 */
final class ChildJvm {

  private static final String FLAGS_RESOURCE = "/bench-jvm.flags";
  /** Written by the local module's build, the file ./weblog reads, so the bench measures the demo's own heap. */
  private static final String DEMO_HEAP_RESOURCE = "/weblog-heap.flags";

  private ChildJvm() {}

  /** The command line; the child's Log4j file goes to {@code logFile} (WeblogCli keeps a value set this way). */
  static List<String> command(Path java, List<String> heap, List<String> flags, String classpath, Path logFile,
      String mainClass, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    command.addAll(heap);
    command.addAll(flags);
    command.add("-Dweblog.log.file=" + logFile);
    command.add("-cp");
    command.add(classpath);
    command.add(mainClass);
    command.addAll(args);
    return command;
  }

  /** The java binary running this JVM. */
  static Path java() {
    return Path.of(System.getProperty("java.home"), "bin", "java");
  }

  static String classpath() {
    return System.getProperty("java.class.path");
  }

  /** Spark's JVM flags as the build wrote them into this module's resources. */
  static List<String> sparkFlags() {
    return flags(FLAGS_RESOURCE, "Spark's flags");
  }

  /** The heap ./weblog gives the demo unless WEBLOG_JAVA_OPTS says otherwise. */
  static List<String> demoHeap() {
    return flags(DEMO_HEAP_RESOURCE, "the demo's heap");
  }

  private static List<String> flags(String resource, String what) {
    try (InputStream in = ChildJvm.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new BenchFailure("cannot find " + resource + " on the classpath; build the bench module with "
            + "Maven (./bench.sh does)");
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
      if (text.contains("${")) {
        throw new BenchFailure(resource + " holds '" + text + "', not " + what + ": it was not filtered by "
            + "Maven; build the bench module with Maven (./bench.sh does)");
      }
      return text.isEmpty() ? List.of() : Arrays.asList(text.split("\\s+"));
    } catch (IOException e) {
      throw new BenchFailure("cannot read " + resource + ": " + e.getMessage(), e);
    }
  }

  /**
   * Runs the command with its output in {@code output}, following its resident memory; a JVM shutdown (Ctrl-C on
   * the bench) takes the child along.
   */
  static PeakRss.Outcome run(String what, List<String> command, Path output, Duration deadline) {
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    } catch (IOException e) {
      throw new BenchFailure("cannot start " + what + " (" + command.get(0) + "): " + e.getMessage(), e);
    }
    Thread stopChild = new Thread(process::destroy, "bench-stop-child");
    Runtime.getRuntime().addShutdownHook(stopChild);
    try {
      return PeakRss.follow(process, what, PeakRss.EVERY, deadline);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchFailure("interrupted while following " + what, e);
    } finally {
      if (process.isAlive()) {
        process.destroyForcibly();
      }
      try {
        Runtime.getRuntime().removeShutdownHook(stopChild);
      } catch (IllegalStateException e) {
        // The JVM is shutting down: the hook stops the child.
      }
    }
  }
}
