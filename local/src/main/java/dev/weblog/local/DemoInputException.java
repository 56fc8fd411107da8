package dev.weblog.local;

/** A problem with what the user asked for, reported as one line before anything starts. */
public final class DemoInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DemoInputException(String message) {
    super(message);
  }
}
