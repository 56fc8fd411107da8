package dev.weblog.bench;

/** One way of doing a stage's work: the project's implementation or a baseline. */
public interface Variant {

  /** Short name for the table and the JSON, e.g. "project", "original", "plain-java". */
  String name();

  /** Does the work once and says how it went; any preparation outside the measured work is done here too. */
  Measurement run() throws Exception;
}
