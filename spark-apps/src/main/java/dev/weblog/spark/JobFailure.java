package dev.weblog.spark;

/** A failure a person must fix (missing input, empty input, unwritable output): one line naming what and where. */
public final class JobFailure extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public JobFailure(String message) {
    super(message);
  }

  public JobFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
