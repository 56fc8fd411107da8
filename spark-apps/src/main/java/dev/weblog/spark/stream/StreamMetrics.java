package dev.weblog.spark.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weblog.common.Column;
import dev.weblog.common.MetricsEndpoint;
import dev.weblog.common.StreamMetricNames;
import dev.weblog.common.Target;
import dev.weblog.common.monitor.BatchReport;
import dev.weblog.common.monitor.DriftWindow;
import dev.weblog.spark.LatencyHistogram;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.streaming.SourceProgress;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

/**
 * The stream's figures as Prometheus metrics, names stable across runs and pods (README, "Watching a pipeline"):
 * counters of records read, predicted and quarantined by reason, of micro-batches and replays, of predictions by
 * class and of labelled lines and correct ones; histograms of a micro-batch's duration and of each line's latency
 * (its Kafka timestamp to the commit of the batch that scored it); gauges of the consumer lag per partition, the
 * serving model versions, the live accuracy over the last labelled lines and the time of the last commit.
 *
 * <p>A committed batch is recorded on a thread of its own, so a micro-batch never waits for its metrics; the tasks'
 * tallies are merged there too. What all this costs is itself counted ({@link MetricsEndpoint#CPU}): the tasks'
 * counting as {@code work="tasks"}, the recording of batches and of Spark's progress as {@code work="record"}.
 */
final class StreamMetrics implements AutoCloseable {

  /** Labelled lines per target that {@code weblog_stream_live_accuracy} is computed over. */
  static final long LIVE_ACCURACY_WINDOW = 10_000;
  private static final double[] LATENCY_BOUNDS = {0.05, 0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 2.5, 3, 5, 10, 30, 60, 300};
  private static final Duration[] LATENCY_BUCKETS = seconds(LATENCY_BOUNDS);
  private static final Logger LOG = LogManager.getLogger(StreamMetrics.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final MeterRegistry registry;
  private final ExecutorService recorder = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "weblog-stream-metrics");
    t.setDaemon(true);
    return t;
  });
  private final Counter read;
  private final Counter predicted;
  private final Counter batches;
  private final Counter replays;
  private final Counter replayedRecords;
  private final Timer batchDuration;
  /** Served only by a Prometheus registry (the endpoint's): it is a Prometheus client collector. */
  private final LatencyHistogram latency;
  private final AtomicLong lastCommitMillis = new AtomicLong();
  private final AtomicLong lastProgressMillis = new AtomicLong();
  private final Map<Target, AtomicLong> versions = new EnumMap<>(Target.class);
  private final Map<Target, LiveAccuracy> accuracy = new EnumMap<>(Target.class);
  private final Map<String, AtomicLong> lag = new ConcurrentHashMap<>();
  private final Map<Target, AtomicReference<Double>> testAccuracy = new EnumMap<>(Target.class);
  private final Map<Target, DriftGauges> drift = new ConcurrentHashMap<>();
  private final Map<String, AtomicReference<Double>> featureGauges = new ConcurrentHashMap<>();
  private final LongAdder taskNanos;
  private final LongAdder recordNanos;

  StreamMetrics(MeterRegistry registry) {
    this.registry = registry;
    taskNanos = MetricsEndpoint.cpuCounter(registry, "tasks");
    recordNanos = MetricsEndpoint.cpuCounter(registry, "record");
    read = Counter.builder("weblog.stream.records.read").description("Kafka records in committed micro-batches")
        .register(registry);
    predicted = Counter.builder("weblog.stream.records.predicted")
        .description("Valid lines scored by both models and committed").register(registry);
    batches = Counter.builder("weblog.stream.batches").description("Micro-batches committed").register(registry);
    replays = Counter.builder("weblog.stream.replays")
        .description("Micro-batches run again after a restart whose earlier attempt had committed and counted them")
        .register(registry);
    replayedRecords = Counter.builder("weblog.stream.records.replayed")
        .description("Records of micro-batches run again after an earlier attempt had committed and counted them: "
            + "counted again here, though written once")
        .register(registry);
    batchDuration = Timer.builder("weblog.stream.batch.duration")
        .description("A micro-batch from its start to its commit").serviceLevelObjectives(LATENCY_BUCKETS)
        .register(registry);
    latency = new LatencyHistogram(StreamMetricNames.LATENCY,
        "A line's Kafka timestamp to the commit of the micro-batch that scored it", LATENCY_BOUNDS);
    if (registry instanceof PrometheusMeterRegistry prometheus) {
      prometheus.getPrometheusRegistry().register(latency);
    }
    Gauge.builder("weblog.stream.last.commit.timestamp", lastCommitMillis, t -> t.get() / 1000.0).baseUnit("seconds")
        .description("When the last micro-batch committed, in seconds since the epoch (0 before the first)")
        .register(registry);
    Gauge.builder("weblog.stream.last.progress.timestamp", lastProgressMillis, t -> t.get() / 1000.0)
        .baseUnit("seconds").description("When the query last showed it reads its topic: a micro-batch's progress "
            + "or Spark's idle report (no new records), in seconds since the epoch (0 before the first)")
        .register(registry);
    for (Target target : Target.values()) {
      AtomicLong version = new AtomicLong();
      versions.put(target, version);
      Gauge.builder("weblog.stream.model.version", version, AtomicLong::get).tag("target", target.id())
          .description("The model version (the N of vN) serving: the one loaded at the start, then the one that "
              + "scored the last committed micro-batch")
          .register(registry);
      LiveAccuracy live = new LiveAccuracy();
      accuracy.put(target, live);
      Gauge.builder("weblog.stream.live.accuracy", live, LiveAccuracy::value).tag("target", target.id())
          .description("Share of the last " + LIVE_ACCURACY_WINDOW + " labelled lines the model predicted right "
              + "(NaN before the first)")
          .register(registry);
      AtomicReference<Double> test = new AtomicReference<>(Double.NaN);
      testAccuracy.put(target, test);
      Gauge.builder("weblog.stream.model.test.accuracy", test, AtomicReference::get).tag("target", target.id())
          .description("The serving model's accuracy on its test split: the baseline drift monitoring judges live "
              + "accuracy against (NaN unknown)")
          .register(registry);
    }
  }

  /** The serving version's test accuracy, null when unknown. */
  void testAccuracy(Target target, Double accuracy) {
    testAccuracy.get(target).set(accuracy == null ? Double.NaN : accuracy);
  }

  /**
   * A target is monitored for drift (its serving version has a training profile): its drift series exist from now
   * on, NaN until a batch with enough lines is judged.
   */
  void monitoring(Target target, List<Column> features) {
    drift.computeIfAbsent(target, t -> new DriftGauges(registry, t));
    for (Column feature : features) {
      featureGauge("weblog.stream.drift.psi", "PSI of the feature in the last judged micro-batch against the "
          + "serving version's training profile", target, feature.columnName());
      featureGauge("weblog.stream.drift.unseen.share", "Share of the last judged micro-batch's lines whose value "
          + "of the feature training never saw", target, feature.columnName());
    }
  }

  /**
   * A committed batch's drift figures: the report the window judged at it (null when its lines were pooled with the
   * next batches', see {@code StreamMonitor}), and the window's state always.
   *
   * @param sinceMillis when the streak's first batch was processed; 0 without a streak
   * @param detectedNow whether this batch turned drift detected
   */
  void drift(Target target, BatchReport judged, DriftWindow window, long sinceMillis, boolean detectedNow) {
    DriftGauges gauges = drift.computeIfAbsent(target, t -> new DriftGauges(registry, t));
    if (judged != null) {
      gauges.classShift.set(judged.classShift());
      for (BatchReport.FeatureDrift f : judged.features()) {
        featureGauge("weblog.stream.drift.psi", null, target, f.column().columnName()).set(f.psi());
        featureGauge("weblog.stream.drift.unseen.share", null, target, f.column().columnName()).set(f.unseenShare());
      }
    }
    gauges.streak.set(window.streak());
    gauges.detected.set(window.detected() ? 1 : 0);
    gauges.sinceMillis.set(sinceMillis);
    if (detectedNow) {
      gauges.detections.increment();
    }
  }

  private AtomicReference<Double> featureGauge(String name, String description, Target target, String feature) {
    return featureGauges.computeIfAbsent(name + "|" + target.id() + "|" + feature, k -> {
      AtomicReference<Double> value = new AtomicReference<>(Double.NaN);
      Gauge.builder(name, value, AtomicReference::get).description(description).tag("target", target.id())
          .tag("feature", feature).register(registry);
      return value;
    });
  }

  /** One monitored target's drift series (the per-feature ones are in {@link #featureGauges}). */
  private static final class DriftGauges {
    final AtomicReference<Double> classShift = new AtomicReference<>(Double.NaN);
    final AtomicLong streak = new AtomicLong();
    final AtomicLong detected = new AtomicLong();
    final AtomicLong sinceMillis = new AtomicLong();
    final Counter detections;

    DriftGauges(MeterRegistry registry, Target target) {
      Gauge.builder("weblog.stream.drift.class.shift", classShift, AtomicReference::get).tag("target", target.id())
          .description("Total variation distance of the last judged micro-batch's predicted class shares from "
              + "training's class shares")
          .register(registry);
      Gauge.builder("weblog.stream.drift.streak", streak, AtomicLong::get).baseUnit("batches")
          .tag("target", target.id()).description("Bad micro-batches in a row (see the drift rule)")
          .register(registry);
      Gauge.builder("weblog.stream.drift.detected", detected, AtomicLong::get).tag("target", target.id())
          .description("1 while drift is detected (the drift rule's batches bad in a row), else 0")
          .register(registry);
      Gauge.builder("weblog.stream.drift.since.timestamp", sinceMillis, t -> t.get() / 1000.0).baseUnit("seconds")
          .tag("target", target.id()).description("When the bad streak's first micro-batch was processed, in "
              + "seconds since the epoch (0 without a streak)")
          .register(registry);
      detections = Counter.builder("weblog.stream.drift.detections").tag("target", target.id())
          .description("Times drift turned detected").register(registry);
    }
  }

  /**
   * What the driver knows of a committed micro-batch.
   *
   * @param tallies each task's, not yet merged
   */
  record Batch(long processedAtMillis, long committedAtMillis, long records, long predicted, List<BatchTally> tallies,
      Map<Target, Integer> versions, boolean replay) {}

  /** Records a committed micro-batch later, on the metrics thread; nothing once the metrics are closed. */
  void committed(Batch batch) {
    try {
      recorder.execute(() -> {
        long start = MetricsEndpoint.threadCpuNanos();
        record(batch);
        recordNanos.add(MetricsEndpoint.threadCpuNanos() - start);
      });
    } catch (RejectedExecutionException closed) {
      // A batch that commits while its stream stops: the endpoint is gone, and the batch must not fail for it.
    }
  }

  /** The models the stream loaded at its start, before any batch: the version gauges never show a made-up 0. */
  void serving(Map<Target, Integer> loaded) {
    loaded.forEach((target, version) -> versions.get(target).set(version));
  }

  /** Waits until every batch handed to {@link #committed} so far is recorded, so a scrape shows them (tests). */
  void flush() {
    try {
      recorder.submit(() -> {}).get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException
        | RejectedExecutionException e) {
      LOG.warn("stream metrics not flushed: {}", e.toString());
    }
  }

  /**
   * The query found no new records in the topic (Spark's idle report): it reads its source, and every partition it
   * has reported is caught up.
   */
  void idle(long atMillis) {
    lastProgressMillis.set(atMillis);
    lag.values().forEach(l -> l.set(0));
  }

  /** The consumer lag from Spark's progress of a batch: each partition's latest offset minus the batch's end. */
  void progress(StreamingQueryProgress progress) {
    long start = MetricsEndpoint.threadCpuNanos();
    lastProgressMillis.set(System.currentTimeMillis());
    lagFrom(progress);
    recordNanos.add(MetricsEndpoint.threadCpuNanos() - start);
  }

  private void lagFrom(StreamingQueryProgress progress) {
    for (SourceProgress source : progress.sources()) {
      try {
        JsonNode end = source.endOffset() == null ? null : JSON.readTree(source.endOffset());
        JsonNode latest = source.latestOffset() == null ? null : JSON.readTree(source.latestOffset());
        if (end == null || latest == null || !latest.isObject()) {
          continue;
        }
        for (Map.Entry<String, JsonNode> topic : latest.properties()) {
          for (Map.Entry<String, JsonNode> partition : topic.getValue().properties()) {
            JsonNode done = end.path(topic.getKey()).path(partition.getKey());
            if (done.isNumber()) {
              lagOf(topic.getKey(), partition.getKey()).set(Math.max(0, partition.getValue().asLong() - done.asLong()));
            }
          }
        }
      } catch (java.io.IOException | RuntimeException e) {
        LOG.debug("no lag from source {}: {}", source.description(), e.toString());
      }
    }
  }

  @Override
  public void close() {
    recorder.shutdown();
  }

  private void record(Batch b) {
    read.increment(b.records());
    predicted.increment(b.predicted());
    batches.increment();
    if (b.replay()) {
      replays.increment();
      replayedRecords.increment(b.records());
    }
    batchDuration.record(Duration.ofMillis(Math.max(0, b.committedAtMillis() - b.processedAtMillis())));
    lastCommitMillis.set(b.committedAtMillis());
    b.versions().forEach((target, version) -> versions.get(target).set(version));
    if (b.tallies().isEmpty()) {
      return;
    }
    BatchTally tally = new BatchTally();
    b.tallies().forEach(tally::add);
    taskNanos.add(tally.estimatedNanos());
    tally.quarantinedByKind().forEach((kind, n) -> Counter.builder("weblog.stream.records.quarantined")
        .description("Lines the codec refused, by its reason").tag("reason", kind.toLowerCase(java.util.Locale.ROOT))
        .register(registry).increment(n));
    for (Target target : Target.values()) {
      tally.predictedClasses(target).forEach((label, n) -> Counter.builder("weblog.stream.predictions")
          .description("Predictions by target and class").tag("target", target.id()).tag("class", label)
          .register(registry).increment(n));
      long labelled = tally.labelled(target);
      long correct = tally.correct(target);
      Counter.builder("weblog.stream.labelled").description("Scored lines that carried their true label")
          .tag("target", target.id()).register(registry).increment(labelled);
      Counter.builder("weblog.stream.labelled.correct")
          .description("Scored lines whose true label the model predicted").tag("target", target.id())
          .register(registry).increment(correct);
      accuracy.get(target).add(labelled, correct);
    }
    tally.forEachTimestamp((millis, n) -> latency.record(Math.max(0, b.committedAtMillis() - millis) / 1000.0, n));
  }

  private AtomicLong lagOf(String topic, String partition) {
    return lag.computeIfAbsent(topic + "/" + partition, k -> {
      AtomicLong value = new AtomicLong();
      Gauge.builder("weblog.stream.consumer.lag", value, AtomicLong::get).baseUnit("records")
          .description("Records in the partition after the last committed micro-batch's end offset")
          .tag("topic", topic).tag("partition", partition).register(registry);
      return value;
    });
  }

  private static Duration[] seconds(double... values) {
    Duration[] out = new Duration[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = Duration.ofMillis(Math.round(values[i] * 1000));
    }
    return out;
  }

  /** Correct over labelled for the batches that make up the last {@link #LIVE_ACCURACY_WINDOW} labelled lines. */
  static final class LiveAccuracy {
    private final Deque<long[]> batches = new ArrayDeque<>();
    private final AtomicReference<Double> value = new AtomicReference<>(Double.NaN);
    private long labelled;
    private long correct;

    synchronized void add(long batchLabelled, long batchCorrect) {
      if (batchLabelled == 0) {
        return;
      }
      batches.addLast(new long[] {batchLabelled, batchCorrect});
      labelled += batchLabelled;
      correct += batchCorrect;
      while (batches.size() > 1 && labelled - batches.peekFirst()[0] >= LIVE_ACCURACY_WINDOW) {
        long[] oldest = batches.removeFirst();
        labelled -= oldest[0];
        correct -= oldest[1];
      }
      value.set((double) correct / labelled);
    }

    double value() {
      return value.get();
    }
  }
}
