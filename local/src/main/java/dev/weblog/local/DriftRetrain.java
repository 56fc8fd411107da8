package dev.weblog.local;

import dev.weblog.common.PrometheusText;
import dev.weblog.common.Target;
import dev.weblog.common.monitor.ModelWatch;
import dev.weblog.spark.train.TrainResult;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.LongSupplier;

/**
 * The demo's stand-in for the operator's {@code training.retrain.onDrift}: it reads the stream's drift series from
 * its Prometheus endpoint, as the operator does, and when a target's drift is detected it waits for
 * {@code linesAfter} more committed lines (so the recent window holds enough of the new behaviour) and retrains that
 * target on the history and the lines since the drift began. One retrain per target per run, each on its own
 * thread beside the stream, on the same Spark session.
 */
final class DriftRetrain implements AutoCloseable {

  private static final Duration POLL = Duration.ofSeconds(1);

  /** What happened to one target: when drift was seen and since when, and the retrain's times and result. */
  record Outcome(Target target, Instant detectedAt, Instant driftSince, Instant retrainStarted,
      Instant retrainFinished, TrainResult result, String error) {}

  private final String metricsUrl;
  private final LongSupplier committedRecords;
  private final long linesAfter;
  private final boolean retrain;
  /** Trains a target with recent lines since an instant; returns its result. */
  private final BiFunction<Target, Instant, TrainResult> train;
  private final Map<Target, Outcome> outcomes = new ConcurrentHashMap<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final Thread thread;
  private volatile boolean stopped;
  private volatile boolean linesEnded;

  DriftRetrain(String metricsUrl, LongSupplier committedRecords, long linesAfter, boolean retrain,
      BiFunction<Target, Instant, TrainResult> train) {
    this.metricsUrl = metricsUrl;
    this.committedRecords = committedRecords;
    this.linesAfter = linesAfter;
    this.retrain = retrain;
    this.train = train;
    this.thread = new Thread(this::watch, "weblog-drift-retrain");
    thread.setDaemon(true);
  }

  DriftRetrain start() {
    thread.start();
    return this;
  }

  /** Per target that drifted, what happened so far. */
  Map<Target, Outcome> outcomes() {
    return Map.copyOf(outcomes);
  }

  /**
   * No more lines will come (every line was sent and committed): a retrain waiting for more lines starts now. True
   * while a retrain is waiting or running; the demo waits for it before it stops the stream.
   */
  boolean busyAfterLastLine() {
    linesEnded = true;
    return retrain && outcomes.values().stream().anyMatch(o -> o.retrainFinished() == null);
  }

  private void watch() {
    Map<Target, Long> waitUntil = new EnumMap<>(Target.class);
    while (!stopped) {
      try {
        Map<Target, Instant> drifting = drifting(PrometheusText.parse(scrape()));
        for (Map.Entry<Target, Instant> d : drifting.entrySet()) {
          if (!outcomes.containsKey(d.getKey())) {
            outcomes.put(d.getKey(), new Outcome(d.getKey(), Instant.now(), d.getValue(), null, null, null, null));
            waitUntil.put(d.getKey(), committedRecords.getAsLong() + linesAfter);
          }
        }
        if (retrain) {
          for (Map.Entry<Target, Long> w : Map.copyOf(waitUntil).entrySet()) {
            if (linesEnded || committedRecords.getAsLong() >= w.getValue()) {
              waitUntil.remove(w.getKey());
              Outcome detected = outcomes.get(w.getKey());
              // Each target on its own thread: one drifting target's retrain does not wait for another's.
              Thread retraining = new Thread(() -> run(detected), "weblog-drift-retrain-" + w.getKey().id());
              retraining.setDaemon(true);
              retraining.start();
            }
          }
        }
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        return;
      } catch (IOException | RuntimeException e) {
        // The endpoint between two batches or the stream stopping: the next poll tells.
        sleepQuietly();
      }
    }
  }

  private void run(Outcome detected) {
    Outcome started = new Outcome(detected.target(), detected.detectedAt(), detected.driftSince(), Instant.now(),
        null, null, null);
    outcomes.put(detected.target(), started);
    TrainResult result = null;
    String error = null;
    try {
      result = train.apply(detected.target(), detected.driftSince());
    } catch (RuntimeException e) {
      error = e.getMessage();
    }
    outcomes.put(detected.target(), new Outcome(started.target(), started.detectedAt(), started.driftSince(),
        started.retrainStarted(), Instant.now(), result, error));
  }

  /** "; drift: gender retrained, v2 promoted", or nothing when no target drifted. */
  static String describe(Map<Target, Outcome> outcomes) {
    if (outcomes.isEmpty()) {
      return "";
    }
    StringBuilder text = new StringBuilder("; drift detected:");
    outcomes.values().stream().sorted(java.util.Comparator.comparing(Outcome::target)).forEach(o -> {
      text.append(' ').append(o.target().id());
      TrainResult r = o.result();
      text.append(r != null ? (r.promoted() ? " retrained, v" + r.version() + " promoted" : " retrain refused")
          : o.error() != null ? " retrain failed" : o.retrainStarted() != null ? " retraining" : "");
    });
    return text.toString();
  }

  /** The targets whose drift is detected, with when their bad streak began (now, when the driver gives none). */
  static Map<Target, Instant> drifting(PrometheusText text) {
    Map<Target, Instant> drifting = new EnumMap<>(Target.class);
    ModelWatch.of(text).forEach((target, watch) -> {
      if (watch.detected()) {
        drifting.put(Target.fromId(target), watch.since() != null ? watch.since() : Instant.now());
      }
    });
    return drifting;
  }

  private String scrape() throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(metricsUrl))
        .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException(metricsUrl + " answered " + response.statusCode());
    }
    return response.body();
  }

  private void sleepQuietly() {
    try {
      Thread.sleep(POLL.toMillis());
    } catch (InterruptedException e) {
      stopped = true;
    }
  }

  @Override
  public void close() {
    stopped = true;
    thread.interrupt();
  }
}
