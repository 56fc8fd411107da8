package dev.weblog.producer;

import dev.weblog.common.JobContract;

/** A failure the replay reports as one line, with the exit code the command ends with. */
public final class ReplayException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Exit code when Kafka, the topic or a send failed (as opposed to a usage error). */
  public static final int EXIT_FAILURE = 1;

  private final int exitCode;

  private ReplayException(String message, int exitCode, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  /** Something the person running the replay must fix: a path, an option value. */
  public static ReplayException usage(String message) {
    return new ReplayException(message, JobContract.EXIT_USAGE, null);
  }

  public static ReplayException failure(String message, Throwable cause) {
    return new ReplayException(message, EXIT_FAILURE, cause);
  }

  public int exitCode() {
    return exitCode;
  }
}
