package dev.weblog.common;

/** The outcome of decoding one line: a record or a rejection, never an exception. */
public sealed interface ParseResult permits ParseResult.Valid, ParseResult.Rejected {

  record Valid(WebLogRecord record) implements ParseResult {}

  record Rejected(Rejection rejection) implements ParseResult {}

  default boolean isValid() {
    return this instanceof Valid;
  }
}
