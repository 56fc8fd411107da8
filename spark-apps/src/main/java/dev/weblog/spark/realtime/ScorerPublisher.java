package dev.weblog.spark.realtime;

import dev.weblog.common.Target;
import dev.weblog.spark.StagedDirectory;
import dev.weblog.spark.model.RecordScorer;
import dev.weblog.spark.model.ServingModels;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The driver's half of the hot swap: every half refresh interval it reads the {@code CURRENT} pointers (loading a
 * model only when one moved, {@link ServingModels}) and puts each new version on the {@link ScorerShelf} for the
 * executors' {@link LiveModels}.
 */
final class ScorerPublisher implements AutoCloseable {

  private static final Logger LOG = LogManager.getLogger(ScorerPublisher.class);

  private final ServingModels models;
  private final ScorerShelf shelf;
  /** Concurrent: the metrics read it on a scrape, never waiting for a publish. */
  private final Map<Target, Integer> onShelf = new ConcurrentHashMap<>();
  private ScheduledExecutorService timer;

  ScorerPublisher(ServingModels models, ScorerShelf shelf) {
    this.models = models;
    this.shelf = shelf;
  }

  /** Puts the CURRENT models on the shelf now (a missing one fails here), then keeps looking. */
  List<RecordScorer> start(Duration refresh) {
    List<RecordScorer> current = publish();
    timer = ModelLook.every(refresh, "weblog-scorer-publisher", this::publishQuietly);
    return current;
  }

  synchronized List<RecordScorer> publish() {
    List<RecordScorer> current = models.refresh();
    for (RecordScorer scorer : current) {
      Integer shelved = onShelf.get(scorer.target());
      if (shelved == null || shelved != scorer.version()) {
        shelf.put(scorer);
        onShelf.put(scorer.target(), scorer.version());
        LOG.info("{} model v{} compiled for the executors at {}", scorer.target().id(), scorer.version(),
            shelf.path(scorer.target(), scorer.version()));
      }
    }
    return current;
  }

  /** The version of {@code target} the executors are given now; 0 before the first publish. */
  int published(Target target) {
    return onShelf.getOrDefault(target, 0);
  }

  private void publishQuietly() {
    try {
      publish();
    } catch (RuntimeException e) {
      // The executors keep what they have; the next look tries again.
      LOG.warn("cannot publish the promoted models for the executors: {}", StagedDirectory.oneLine(e));
    }
  }

  @Override
  public void close() {
    if (timer != null) {
      timer.shutdownNow();
    }
  }
}
