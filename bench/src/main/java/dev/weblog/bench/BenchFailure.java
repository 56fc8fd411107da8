package dev.weblog.bench;

/** A benchmark could not run or measure; the message names the stage, the variant and what went wrong. */
public final class BenchFailure extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public BenchFailure(String message) {
    super(message);
  }

  public BenchFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
