package dev.weblog.spark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The last words of a driver in Kubernetes: the file the kubelet copies into the pod's status
 * ({@code state.terminated.message}), where the operator reads a job's result without reaching HDFS. Outside
 * Kubernetes the file does not exist and nothing is written.
 */
public final class TerminationMessage {

  /** Kubernetes keeps at most 4096 bytes of it. */
  static final int MAX_BYTES = 4096;
  private static final Path DEFAULT = Path.of("/dev/termination-log");

  private TerminationMessage() {}

  public static void write(String message) {
    String override = System.getenv("WEBLOG_TERMINATION_LOG");
    write(override == null ? DEFAULT : Path.of(override), message);
  }

  static void write(Path file, String message) {
    if (!Files.isWritable(file)) {
      return;
    }
    byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
    try {
      Files.write(file, bytes.length <= MAX_BYTES ? bytes
          : new String(bytes, 0, MAX_BYTES - 3, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      System.err.println("cannot write the termination message to " + file + ": " + e.getMessage());
    }
  }
}
