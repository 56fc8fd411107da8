package dev.weblog.local;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Everything the demo started, closed in reverse order exactly once: from the normal end of a run or from the
 * Ctrl-C hook, whichever comes first, so no process, thread or port outlives the command.
 */
final class Resources implements AutoCloseable {

  private final Deque<Named> open = new ArrayDeque<>();

  private record Named(String name, AutoCloseable resource, boolean onExit) {}

  synchronized <T extends AutoCloseable> T add(String name, T resource) {
    open.push(new Named(name, resource, true));
    return resource;
  }

  /**
   * A resource that closes itself when the JVM exits (through its own shutdown hooks, like Hadoop's), so the
   * Ctrl-C path leaves it alone: closing it from another hook only races those.
   */
  synchronized <T extends AutoCloseable> T addClosedByJvmExit(String name, T resource) {
    open.push(new Named(name, resource, false));
    return resource;
  }

  /** Closes what must be closed while the JVM is exiting; the rest goes with the process. */
  synchronized void closeOnExit() {
    close(true);
  }

  @Override
  public synchronized void close() {
    close(false);
  }

  private void close(boolean exiting) {
    while (!open.isEmpty()) {
      Named next = open.pop();
      if (exiting && !next.onExit()) {
        continue;
      }
      try {
        next.resource().close();
      } catch (Exception e) {
        System.err.println("weblog: stopping " + next.name() + " failed: " + e.getMessage());
      }
    }
  }
}
