package dev.weblog.spark.model;

import dev.weblog.common.Target;
import dev.weblog.spark.JobFailure;
import dev.weblog.spark.StagedDirectory;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.spark.ml.PipelineModel;

/**
 * The CURRENT model of every target, as a scoring job applies them: compiled for one record at a time
 * ({@link RecordScorer}). Each micro-batch calls {@link #refresh}, which reads the pointers (two tiny files) and
 * loads a model only when its version changed: that is the hot swap, effective from the next micro-batch on.
 */
public final class ServingModels {

  private final ModelRegistry registry;
  private final Map<Target, RecordScorer> loaded = new EnumMap<>(Target.class);

  public ServingModels(ModelRegistry registry) {
    this.registry = registry;
  }

  /** The models to apply to the next micro-batch, one per target in {@link Target} order. */
  public synchronized List<RecordScorer> refresh() {
    Map<Target, CompletableFuture<RecordScorer>> loading = new EnumMap<>(Target.class);
    for (Target target : Target.values()) {
      int version = requireCurrent(target);
      RecordScorer cached = loaded.get(target);
      if (cached == null || cached.version() != version) {
        // Side by side: a load is a handful of small Spark jobs, mostly waiting on HDFS, and a start loads both.
        loading.put(target, CompletableFuture.supplyAsync(() -> load(target, version)));
      }
    }
    for (Map.Entry<Target, CompletableFuture<RecordScorer>> e : loading.entrySet()) {
      try {
        loaded.put(e.getKey(), e.getValue().join());
      } catch (CompletionException failed) {
        throw failed.getCause() instanceof RuntimeException r ? r : failed;
      }
    }
    return List.copyOf(loaded.values());
  }

  /** Fails with the command that fixes it when a target has no promoted model. */
  int requireCurrent(Target target) {
    OptionalInt current = registry.current(target);
    if (current.isEmpty()) {
      throw new JobFailure("no promoted model for " + target.id() + " under "
          + registry.currentPointer(target).getParent() + "; run TrainJob --target " + target.id() + " first");
    }
    return current.getAsInt();
  }

  private RecordScorer load(Target target, int version) {
    PipelineModel model;
    try {
      model = registry.load(target, version);
    } catch (RuntimeException e) {
      throw new JobFailure("cannot load the CURRENT " + target.id() + " model " + registry.versionPath(target, version)
          + ": " + StagedDirectory.oneLine(e), e);
    }
    return RecordScorer.compile(target, version, model);
  }
}
