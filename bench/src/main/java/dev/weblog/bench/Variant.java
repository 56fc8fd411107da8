package dev.weblog.bench;

import java.util.concurrent.Callable;

/** One way of doing a stage's work: the project's implementation or a baseline. */
public interface Variant {

  /** A variant named {@code name} whose run is {@code run}. */
  static Variant of(String name, Callable<Measurement> run) {
    return new Variant() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Measurement run() throws Exception {
        return run.call();
      }
    };
  }

  /** Short name for the table and the JSON, e.g. "project", "original", "plain-java". */
  String name();

  /** Does the work once and says how it went; any preparation outside the measured work is done here too. */
  Measurement run() throws Exception;
}
