package dev.weblog.spark;

import dev.weblog.common.JobContract;

/**
 * A failure that ends a job with one line naming what and where: a person must fix it (missing input, empty input,
 * unwritable output), or, for {@link #unavailable}, a service the job needs did not answer and a later run may
 * succeed.
 */
public final class JobFailure extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int exitCode;

  public JobFailure(String message) {
    this(message, null, JobContract.EXIT_USAGE);
  }

  /**
   * A usage failure, unless {@code cause} is an I/O failure of the storage's state (a DataNode away, a NameNode
   * restarting; {@link ServiceUnavailable#transientIo}): that one is unavailable, and retried. Seen on a cluster: a
   * DataNode's pod deleted mid-commit made the stream exit as a usage error, which is never restarted.
   */
  public JobFailure(String message, Throwable cause) {
    this(message, cause, ServiceUnavailable.transientIo(cause) ? JobContract.EXIT_UNAVAILABLE
        : JobContract.EXIT_USAGE);
  }

  private JobFailure(String message, Throwable cause, int exitCode) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  /** HDFS or Kafka did not answer, or the topic is not there yet: worth retrying as it is. */
  public static JobFailure unavailable(String message, Throwable cause) {
    return new JobFailure(message, cause, JobContract.EXIT_UNAVAILABLE);
  }

  /** {@link JobContract#EXIT_USAGE}, or {@link JobContract#EXIT_UNAVAILABLE} for a service that did not answer. */
  public int exitCode() {
    return exitCode;
  }
}
