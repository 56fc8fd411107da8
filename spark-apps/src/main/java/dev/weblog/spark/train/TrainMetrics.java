package dev.weblog.spark.train;

import dev.weblog.common.Target;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * A training run's progress as Prometheus metrics (README, "Watching a pipeline"), every series labelled with its
 * target: the train, validation and test rows, the candidates to fit and those done, which ones are being fitted
 * now, the best validation accuracy so far, the winner's test accuracy, and when anything last moved. Candidates are
 * fitted on several threads at once, so every method may be called from any of them. Gauges hold their values
 * strongly: a scrape right after the run still reads them.
 */
final class TrainMetrics {

  private final MeterRegistry registry;
  private final String target;
  private final LongSupplier clock;
  private final AtomicLong candidates = new AtomicLong();
  private final Counter done;
  private final Map<Candidate, AtomicLong> fitting = new ConcurrentHashMap<>();
  private final AtomicReference<Double> bestValidation = new AtomicReference<>(Double.NaN);
  private final AtomicReference<Double> testAccuracy = new AtomicReference<>(Double.NaN);
  private final AtomicLong lastProgressMillis = new AtomicLong();

  TrainMetrics(MeterRegistry registry, Target target, LongSupplier clock) {
    this.registry = registry;
    this.target = target.id();
    this.clock = clock;
    Gauge.builder("weblog.train.candidates", candidates, AtomicLong::get).tag("target", this.target)
        .description("Candidate models this run fits (1 when an algorithm is forced)")
        .strongReference(true).register(registry);
    done = Counter.builder("weblog.train.candidates.done").tag("target", this.target)
        .description("Candidates fitted (and, in a search, scored on the validation rows)").register(registry);
    Gauge.builder("weblog.train.best.validation.accuracy", bestValidation, AtomicReference::get)
        .tag("target", this.target)
        .description("The best validation accuracy of the candidates scored so far (NaN before the first, and "
            + "when an algorithm is forced)")
        .strongReference(true).register(registry);
    Gauge.builder("weblog.train.test.accuracy", testAccuracy, AtomicReference::get).tag("target", this.target)
        .description("The chosen model's accuracy on the held-out test rows, which the gate judges (NaN before)")
        .strongReference(true).register(registry);
    Gauge.builder("weblog.train.last.progress.timestamp", lastProgressMillis, t -> t.get() / 1000.0)
        .baseUnit("seconds")
        .description("When the run started or last finished a step, in seconds since the epoch")
        .strongReference(true).register(registry);
    lastProgressMillis.set(clock.getAsLong());
  }

  /** The labelled rows as split: {@code validation} is the part of {@code train} set aside to choose a candidate. */
  void rows(long train, long validation, long test) {
    rowGauge("train", train);
    rowGauge("validation", validation);
    rowGauge("test", test);
    moved();
  }

  /** The candidates to fit, each shown as not fitting until it starts. */
  void candidates(List<Candidate> list) {
    candidates.set(list.size());
    list.forEach(this::fittingOf);
    moved();
  }

  void fitting(Candidate c) {
    fittingOf(c).set(1);
    moved();
  }

  /** A candidate fitted; {@code validationAccuracy} null when it was forced, so not scored. */
  void fitted(Candidate c, Double validationAccuracy) {
    fittingOf(c).set(0);
    done.increment();
    if (validationAccuracy != null) {
      bestValidation.accumulateAndGet(validationAccuracy, (best, a) -> best.isNaN() || a > best ? a : best);
    }
    moved();
  }

  /** A candidate no longer fitting, fitted or not (its fit failed). */
  void stopped(Candidate c) {
    fittingOf(c).set(0);
  }

  void tested(double accuracy) {
    testAccuracy.set(accuracy);
    moved();
  }

  private void rowGauge(String split, long rows) {
    AtomicLong value = new AtomicLong(rows);
    Gauge.builder("weblog.train.rows", value, AtomicLong::get).tag("target", target).tag("split", split)
        .description("Labelled rows of the split (validation rows are part of the train rows)")
        .strongReference(true).register(registry);
  }

  private AtomicLong fittingOf(Candidate c) {
    return fitting.computeIfAbsent(c, k -> {
      AtomicLong value = new AtomicLong();
      Gauge.builder("weblog.train.candidate.fitting", value, AtomicLong::get).tag("target", target)
          .tag("algorithm", c.algorithm().id()).tag("candidate", c.name())
          .description("1 while the candidate is being fitted, else 0")
          .strongReference(true).register(registry);
      return value;
    });
  }

  private void moved() {
    lastProgressMillis.set(clock.getAsLong());
  }
}
