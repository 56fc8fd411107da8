package dev.weblog.spark.stream;

import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs independent steps that mostly wait (HDFS round trips) at the same time: the first on the calling thread,
 * the others on a pool of daemon threads. Returns once every step finished; the first failure, in the steps'
 * order, is thrown after all of them were tried, so nothing still runs when the caller goes on.
 */
final class Concurrently {

  private Concurrently() {}

  /** A cached pool of daemon threads named {@code name}: idle ones go after a minute. */
  static ExecutorService pool(String name) {
    return Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
  }

  static void run(List<Runnable> steps, ExecutorService pool) {
    List<Future<?>> others = new ArrayList<>();
    for (Runnable step : steps.subList(Math.min(1, steps.size()), steps.size())) {
      others.add(pool.submit(step));
    }
    RuntimeException failure = null;
    if (!steps.isEmpty()) {
      try {
        steps.get(0).run();
      } catch (RuntimeException e) {
        failure = e;
      }
    }
    for (Future<?> other : others) {
      try {
        other.get();
      } catch (ExecutionException e) {
        if (e.getCause() instanceof Error error) {
          throw error;
        }
        if (failure == null) {
          failure = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
      } catch (InterruptedException e) {
        // A stop: the other steps are interrupted too, and the interruption is left as Spark recognises one.
        others.forEach(f -> f.cancel(true));
        Thread.currentThread().interrupt();
        InterruptedIOException stopped = new InterruptedIOException("interrupted while waiting for " + steps.size()
            + " concurrent steps");
        stopped.initCause(e);
        throw new UncheckedIOException(stopped);
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
