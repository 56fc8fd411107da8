package dev.weblog.reliability;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.weblog.spark.realtime.RealtimeJob;
import dev.weblog.spark.stream.RunningStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.spark.sql.streaming.StreamingQuery;

/** Waiting on a running StreamJob or RealtimeJob query, and stopping it the graceful way or the abrupt one. */
final class StreamRuns {

  /** Generous: the machine is shared, and a wait that runs out fails the test instead of hanging it. */
  static final Duration WAIT = Duration.ofSeconds(240);
  private static final long POLL_MILLIS = 100;

  private StreamRuns() {}

  /** Waits until the checkpoint holds a committed batch after {@code batchId} plus {@code more - 1} others. */
  static void awaitCommitsAfter(RunningStream stream, Checkpoint checkpoint, long batchId, int more) {
    awaitOrFail(running(stream), committedAfter(checkpoint, batchId, more));
  }

  static void awaitCommitsAfter(DriverProcess driver, Checkpoint checkpoint, long batchId, int more) {
    awaitOrFail(running(driver), committedAfter(checkpoint, batchId, more));
  }

  static void awaitCommitsAfter(RealtimeJob.Running realtime, Checkpoint checkpoint, long batchId, int more) {
    awaitOrFail(running(realtime), committedAfter(checkpoint, batchId, more));
  }

  /** Waits until committed batches cover every record below {@code end}. */
  static void awaitDrained(RunningStream stream, Checkpoint checkpoint, String topic, Map<Integer, Long> end) {
    awaitOrFail(running(stream), drained(checkpoint, topic, end));
  }

  static void awaitDrained(DriverProcess driver, Checkpoint checkpoint, String topic, Map<Integer, Long> end) {
    awaitOrFail(running(driver), drained(checkpoint, topic, end));
  }

  static void awaitDrained(RealtimeJob.Running realtime, Checkpoint checkpoint, String topic, Map<Integer, Long> end) {
    awaitOrFail(running(realtime), drained(checkpoint, topic, end));
  }

  /** The graceful stop StreamJob makes on SIGTERM: the running batch finishes first. */
  static void stopGracefully(RunningStream stream) {
    assertTrue(stream.stopGracefully(Duration.ofSeconds(60)), "the running micro-batch finished within 60 s");
    assertTrue(stream.exception().isEmpty(), () -> "a stop is not a failure: " + stream.exception());
  }

  /**
   * Stops the query without the graceful path: Spark interrupts the micro-batch wherever it is, as a dying
   * driver would leave it. A stop that hangs is a failure, not a wait.
   */
  static void stopAbruptly(RunningStream stream) {
    stopWithin(() -> stream.query().stop());
  }

  /**
   * The real-time job's only stop ({@link RealtimeJob.Running#stop}): its tasks are interrupted wherever they are,
   * what they sent since the last checkpoint is sent again by the next start.
   */
  static void stopAbruptly(RealtimeJob.Running realtime) {
    stopWithin(realtime::stop);
  }

  private static void stopWithin(Stop stop) {
    AtomicReference<Exception> failed = new AtomicReference<>();
    Thread stopper = new Thread(() -> {
      try {
        stop.run();
      } catch (Exception e) {
        failed.set(e);
      }
    }, "abrupt-stop");
    stopper.start();
    try {
      stopper.join(Duration.ofSeconds(60).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    if (stopper.isAlive()) {
      fail("query.stop() did not return within 60 s: the micro-batch thread did not end on its interrupt");
    }
    if (failed.get() != null) {
      throw new AssertionError("query.stop() failed: " + failed.get(), failed.get());
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private interface Stop {
    void run() throws Exception;
  }

  /** What is awaited: a condition, and how to say it in a failure. */
  private record Goal(BooleanSupplier done, Supplier<String> what) {}

  /** The thing that makes progress: whether it still runs, why not, and how to stop it when the wait runs out. */
  private record Runner(BooleanSupplier alive, Supplier<String> whyNot, Runnable stop) {}

  private static Goal committedAfter(Checkpoint checkpoint, long batchId, int more) {
    return new Goal(() -> checkpoint.lastCommitted() >= batchId + more, () -> more
        + " batch(es) committed after batch " + batchId + " (last committed: " + checkpoint.lastCommitted() + ")");
  }

  private static Goal drained(Checkpoint checkpoint, String topic, Map<Integer, Long> end) {
    return new Goal(() -> checkpoint.reached(topic, end),
        () -> "committed offsets " + checkpoint.committedOffsets(topic) + " reaching the topic's end " + end);
  }

  private static Runner running(RunningStream stream) {
    return new Runner(stream::isActive, () -> stream.failure().map(Throwable::toString).orElse("stopped"),
        () -> stream.stopGracefully(Duration.ofSeconds(10)));
  }

  private static Runner running(DriverProcess driver) {
    return new Runner(driver::isAlive, driver::tail, driver::kill);
  }

  private static Runner running(RealtimeJob.Running realtime) {
    StreamingQuery query = realtime.query();
    return new Runner(query::isActive, () -> query.exception().isDefined() ? query.exception().get().toString()
        : "stopped", realtime::stop);
  }

  private static void awaitOrFail(Runner runner, Goal goal) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!goal.done().getAsBoolean()) {
      if (!runner.alive().getAsBoolean()) {
        fail("the stream ended while waiting for " + goal.what().get() + ": " + runner.whyNot().get());
      }
      if (System.nanoTime() > deadline) {
        runner.stop().run();
        fail("no " + goal.what().get() + " within " + WAIT);
      }
      sleep(POLL_MILLIS);
    }
  }
}
