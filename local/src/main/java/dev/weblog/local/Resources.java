package dev.weblog.local;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Everything the demo started, closed in reverse order exactly once: from the normal end of a run or from the
 * Ctrl-C hook, whichever comes first, so no process, thread or port outlives the command.
 */
final class Resources implements AutoCloseable {

  private final Deque<Named> open = new ArrayDeque<>();

  private record Named(String name, AutoCloseable resource) {}

  synchronized <T extends AutoCloseable> T add(String name, T resource) {
    open.push(new Named(name, resource));
    return resource;
  }

  @Override
  public synchronized void close() {
    while (!open.isEmpty()) {
      Named next = open.pop();
      try {
        next.resource().close();
      } catch (Exception e) {
        System.err.println("weblog: stopping " + next.name() + " failed: " + e.getMessage());
      }
    }
  }
}
