package dev.weblog.spark.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Ingest's progress as Prometheus metrics (README, "Watching a pipeline"), from what each split's task already
 * returns ({@link SplitOutcome}), recorded as each one reaches the driver: files and splits to do and done, rows
 * written and rows quarantined by reason, and when the last split finished. A file is done when its last split is.
 * Gauges hold their values strongly: a scrape right after the run still reads them.
 */
final class IngestMetrics {

  private final MeterRegistry registry;
  private final LongSupplier clock;
  private final AtomicLong files = new AtomicLong();
  private final AtomicLong splits = new AtomicLong();
  private final AtomicLong lastProgressMillis = new AtomicLong();
  private final Counter filesDone;
  private final Counter splitsDone;
  private final Counter written;
  private final Map<String, Integer> splitsLeft = new HashMap<>();

  IngestMetrics(MeterRegistry registry, LongSupplier clock) {
    this.registry = registry;
    this.clock = clock;
    Gauge.builder("weblog.ingest.files", files, AtomicLong::get).description("Input files this run reads")
        .strongReference(true).register(registry);
    filesDone = Counter.builder("weblog.ingest.files.done").description("Input files whose every split is done")
        .register(registry);
    Gauge.builder("weblog.ingest.splits", splits, AtomicLong::get)
        .description("Input splits (one task each) this run reads")
        .strongReference(true).register(registry);
    splitsDone = Counter.builder("weblog.ingest.splits.done").description("Input splits decoded and written")
        .register(registry);
    written = Counter.builder("weblog.ingest.rows.written")
        .description("Valid rows written to Parquet by the splits done (committed to data/ at the end)")
        .register(registry);
    Gauge.builder("weblog.ingest.last.progress.timestamp", lastProgressMillis, t -> t.get() / 1000.0)
        .baseUnit("seconds").description("When the run started or a split last finished, in seconds since the epoch")
        .strongReference(true).register(registry);
  }

  /** The work ahead: each input file (as its splits name it) and its number of splits. */
  synchronized void planned(Map<String, Integer> splitsPerFile) {
    splitsLeft.clear();
    splitsLeft.putAll(splitsPerFile);
    files.set(splitsPerFile.size());
    splits.set(splitsPerFile.values().stream().mapToLong(Integer::longValue).sum());
    lastProgressMillis.set(clock.getAsLong());
  }

  /** One split's outcome as the driver receives it; a split of a file not planned still counts its rows. */
  synchronized void splitDone(SplitOutcome outcome) {
    splitsDone.increment();
    written.increment(outcome.valid());
    outcome.rejectedByKind().forEach((kind, n) -> Counter.builder("weblog.ingest.rows.quarantined")
        .description("Lines the codec refused, by its reason (written to quarantine/history/ at the end)")
        .tag("reason", kind.toLowerCase(Locale.ROOT)).register(registry).increment(n));
    Integer left = splitsLeft.computeIfPresent(outcome.file(), (file, n) -> n - 1);
    if (left != null && left == 0) {
      filesDone.increment();
    }
    lastProgressMillis.set(clock.getAsLong());
  }
}
