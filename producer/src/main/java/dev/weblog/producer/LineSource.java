package dev.weblog.producer;

import java.io.Closeable;

/** Where replayed lines come from: the raw bytes of one line at a time, without its terminator. */
public interface LineSource extends Closeable {

  /** The next line, or null when the source is exhausted; failures are {@link ReplayException}s naming the source. */
  byte[] next();

  /** Names the source in messages and in the summary (a path, or the generator and its seed). */
  String describe();

  @Override
  default void close() {}
}
