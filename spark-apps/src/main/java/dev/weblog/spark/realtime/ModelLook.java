package dev.weblog.spark.realtime;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The hot swap's one timing rule: the driver ({@link ScorerPublisher}) and each executor ({@link LiveModels}) look at
 * the models every half refresh interval, so a promotion is in use within about one interval.
 */
final class ModelLook {

  private ModelLook() {}

  /** Runs {@code look} every half of {@code refresh} on a daemon thread named {@code thread}, first after one. */
  static ScheduledExecutorService every(Duration refresh, String thread, Runnable look) {
    long half = Math.max(1, refresh.toMillis() / 2);
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, thread);
      t.setDaemon(true);
      return t;
    });
    timer.scheduleWithFixedDelay(look, half, half, TimeUnit.MILLISECONDS);
    return timer;
  }
}
