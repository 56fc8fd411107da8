package dev.weblog.local;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.spark.SparkStageInfo;
import org.apache.spark.SparkStatusTracker;
import org.apache.spark.sql.SparkSession;

/**
 * Progress of a Spark stage of the demo (ingest, training) while it runs: the tasks of the active Spark
 * stages, done over total, refreshed every half second.
 */
final class SparkTicker {

  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "weblog-progress");
    t.setDaemon(true);
    return t;
  });

  /** Runs the work with the ticker shown, and returns its result. */
  static <T> T whileRunning(SparkSession spark, StageConsole console, Supplier<T> work) {
    SparkTicker ticker = new SparkTicker(spark, console);
    try {
      return work.get();
    } finally {
      ticker.close();
    }
  }

  private SparkTicker(SparkSession spark, StageConsole console) {
    if (!console.terminal()) {
      return;
    }
    SparkStatusTracker tracker = spark.sparkContext().statusTracker();
    timer.scheduleAtFixedRate(() -> {
      int done = 0;
      int total = 0;
      for (int id : tracker.getActiveStageIds()) {
        scala.Option<SparkStageInfo> info = tracker.getStageInfo(id);
        if (info.isDefined()) {
          done += info.get().numCompletedTasks();
          total += info.get().numTasks();
        }
      }
      console.progress(done, total, "Spark tasks of the running stage");
    }, 500, 500, TimeUnit.MILLISECONDS);
  }

  private void close() {
    timer.shutdownNow();
  }
}
