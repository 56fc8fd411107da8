package dev.weblog.spark.realtime;

import dev.weblog.common.Column;
import dev.weblog.common.HdfsLayout;
import dev.weblog.common.Target;
import dev.weblog.spark.JobFailure;
import dev.weblog.spark.StagedDirectory;
import dev.weblog.spark.model.ModelRegistry;
import dev.weblog.spark.model.RecordScorer;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The models an executor's real-time tasks score with, one set per JVM and pipeline base: its tasks run for as long
 * as the query, so a promoted model cannot come with a new task. A daemon thread reads the {@code CURRENT} pointers
 * every half refresh interval and swaps in a version once the driver has put it on the {@link ScorerShelf} (the
 * driver looks every half interval too): a promotion is in use within one interval. The swap is one volatile write,
 * so a record is scored by one consistent set, and the event names the versions that scored it.
 */
final class LiveModels {

  private static final Logger LOG = LogManager.getLogger(LiveModels.class);
  /** By file system and base; guards every instance's use count too. */
  private static final Map<String, LiveModels> BY_BASE = new HashMap<>();
  /** How long a first task waits for a version its driver is still writing. */
  private static final Duration FIRST_LOAD = Duration.ofMinutes(2);

  /** A consistent set: one scorer per target in {@link Target} order, and the record columns either reads. */
  record Serving(RecordScorer[] scorers, List<Column> features) {
    static Serving of(RecordScorer[] scorers) {
      return new Serving(scorers, LineEvents.features(scorers));
    }
  }

  private final String key;
  private final ModelRegistry registry;
  private final ScorerShelf shelf;
  private final Duration refresh;
  private volatile Serving serving;
  private ScheduledExecutorService timer;
  private int users;
  private long idleSince;

  private LiveModels(String key, FileSystem fs, HdfsLayout layout, Duration refresh) {
    this.key = key;
    this.registry = new ModelRegistry(fs, layout);
    this.shelf = new ScorerShelf(fs, layout);
    this.refresh = refresh;
  }

  /**
   * The JVM's models of the pipeline under {@code base} on {@code fileSystem} for one task, loaded on first use;
   * the task gives them back with {@link #release} when it ends. Kept, and refreshed, until no task has used them
   * for two refresh intervals (a real-time batch's tasks end together and the next batch's start right after).
   */
  static LiveModels acquire(Configuration conf, URI fileSystem, String base, Duration refresh) {
    String key = fileSystem + base;
    synchronized (BY_BASE) {
      LiveModels models = BY_BASE.get(key);
      if (models == null) {
        FileSystem fs;
        try {
          fs = FileSystem.get(fileSystem, conf);
        } catch (IOException e) {
          throw JobFailure.unavailable("cannot open " + fileSystem + ": " + StagedDirectory.oneLine(e), e);
        }
        models = new LiveModels(key, fs, new HdfsLayout(base), refresh);
        models.serving = models.firstLoad();
        models.start();
        BY_BASE.put(key, models);
      }
      models.users++;
      return models;
    }
  }

  /** Whether this JVM still holds (and refreshes) the models of that base. */
  static boolean held(URI fileSystem, String base) {
    synchronized (BY_BASE) {
      return BY_BASE.containsKey(fileSystem + base);
    }
  }

  void release() {
    synchronized (BY_BASE) {
      if (--users == 0) {
        idleSince = System.nanoTime();
      }
    }
  }

  private void start() {
    timer = ModelLook.every(refresh, "weblog-live-models", this::tick);
  }

  private void tick() {
    synchronized (BY_BASE) {
      if (users == 0 && System.nanoTime() - idleSince > 2 * refresh.toNanos()) {
        BY_BASE.remove(key);
        timer.shutdown();
        return;
      }
    }
    refreshQuietly();
  }

  Serving serving() {
    return serving;
  }

  private Serving firstLoad() {
    long deadline = System.nanoTime() + FIRST_LOAD.toNanos();
    while (true) {
      Optional<Serving> all = loadCurrent(null);
      if (all.isPresent()) {
        return all.get();
      }
      if (System.nanoTime() > deadline) {
        throw JobFailure.unavailable("the real-time driver did not write the compiled CURRENT models under "
            + shelf.path(Target.values()[0], 1).getParent() + " within " + FIRST_LOAD.toSeconds() + " s", null);
      }
      sleep();
    }
  }

  private void refreshQuietly() {
    try {
      loadCurrent(serving).ifPresent(next -> {
        if (next != serving) {
          LOG.info("real-time scoring now uses {}", versions(next));
          serving = next;
        }
      });
    } catch (RuntimeException e) {
      // HDFS away for a moment: the models in use stay, the next look tries again.
      LOG.warn("cannot look for promoted models ({}); scoring goes on with {}", StagedDirectory.oneLine(e),
          versions(serving));
    }
  }

  /**
   * The set CURRENT names: {@code now} itself when nothing moved, empty when a version is not on the shelf yet
   * (the swap waits for it, whole).
   */
  private Optional<Serving> loadCurrent(Serving now) {
    RecordScorer[] next = new RecordScorer[Target.values().length];
    boolean moved = now == null;
    for (Target target : Target.values()) {
      OptionalInt version = registry.current(target);
      if (version.isEmpty()) {
        throw new JobFailure("no promoted model for " + target.id() + " under " + registry.currentPointer(target)
            .getParent());
      }
      RecordScorer inUse = now == null ? null : now.scorers()[target.ordinal()];
      if (inUse != null && inUse.version() == version.getAsInt()) {
        next[target.ordinal()] = inUse;
        continue;
      }
      Optional<RecordScorer> loaded = shelf.get(target, version.getAsInt());
      if (loaded.isEmpty()) {
        return Optional.empty();
      }
      next[target.ordinal()] = loaded.get();
      moved = true;
    }
    return Optional.of(moved ? Serving.of(next) : now);
  }

  static String versions(Serving s) {
    return Arrays.stream(s.scorers()).map(m -> m.target().id() + " " + HdfsLayout.versionName(m.version()))
        .toList().toString();
  }

  private static void sleep() {
    try {
      Thread.sleep(500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JobFailure("interrupted while waiting for the compiled models", e);
    }
  }
}
