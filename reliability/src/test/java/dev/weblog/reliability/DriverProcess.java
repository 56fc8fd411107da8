package dev.weblog.reliability;

import dev.weblog.spark.stream.StreamJob;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A StreamJob driver in a JVM of its own, started as {@code main} with the test JVM's flags and classpath, so it
 * can be killed with SIGKILL: no shutdown hook, no graceful stop, files left open on HDFS.
 */
final class DriverProcess {

  private final Process process;
  private final Path log;

  private DriverProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** Starts a driver; its stdout and stderr go to the end of {@code log}. */
  static DriverProcess start(List<String> args, Path log) {
    try {
      return new DriverProcess(new ProcessBuilder(command(args)).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start a StreamJob driver", e);
    }
  }

  /** How a driver that ended by itself ended: its exit code, and what it printed on each stream. */
  record Ended(int exitCode, String stdout, String stderr) {}

  /** Runs a driver that is expected to end by itself (a refusal), keeping stdout and stderr apart. */
  static Ended runToEnd(List<String> args, Path folder, int timeoutSeconds) {
    Path out = folder.resolve("driver-stdout.txt");
    Path err = folder.resolve("driver-stderr.txt");
    try {
      Process process = new ProcessBuilder(command(args)).redirectOutput(out.toFile()).redirectError(err.toFile())
          .start();
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("the driver did not end within " + timeoutSeconds + " s: " + Files.readString(out));
      }
      return new Ended(process.exitValue(), Files.readString(out), Files.readString(err));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run a StreamJob driver", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static List<String> command(List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), StreamJob.class.getName()));
    command.addAll(args);
    return command;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILL, and waits until the process is gone. */
  void kill() {
    process.destroyForcibly();
    await(60, "SIGKILL");
  }

  /** SIGTERM, as Kubernetes stops a pod: StreamJob lets its running batch finish, then exits. */
  void terminate() {
    process.destroy();
    await(120, "SIGTERM");
  }

  /** Everything the driver printed so far. */
  String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log " + log + ": " + e.getMessage() + ")";
    }
  }

  /** The end of the driver's output, for a failure message. */
  String tail() {
    String text = output();
    return text.substring(Math.max(0, text.length() - 3000));
  }

  private void await(int seconds, String signal) {
    try {
      if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("the driver did not end within " + seconds + " s of " + signal + ": " + tail());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
