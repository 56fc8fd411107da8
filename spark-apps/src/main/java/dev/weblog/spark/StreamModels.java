package dev.weblog.spark;

import dev.weblog.common.Target;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The CURRENT model of every target, as the streaming job applies them. Each micro-batch calls {@link #refresh},
 * which reads the pointers (two tiny files) and loads a model only when its version changed: that is the hot
 * swap, effective from the next micro-batch on.
 */
final class StreamModels {

  private final ModelRegistry registry;
  private final Map<Target, ModelRegistry.LoadedModel> loaded = new EnumMap<>(Target.class);

  StreamModels(ModelRegistry registry) {
    this.registry = registry;
  }

  /** The models to apply to the next micro-batch, one per target in {@link Target} order. */
  synchronized List<ModelRegistry.LoadedModel> refresh() {
    for (Target target : Target.values()) {
      int version = requireCurrent(target);
      ModelRegistry.LoadedModel cached = loaded.get(target);
      if (cached == null || cached.version() != version) {
        loaded.put(target, load(target, version));
      }
    }
    return List.copyOf(loaded.values());
  }

  /** Applies the models one after the other: each adds {@code predicted_<target>} and its own internal columns. */
  static Dataset<Row> score(Dataset<Row> records, List<ModelRegistry.LoadedModel> models) {
    Dataset<Row> scored = records;
    for (ModelRegistry.LoadedModel m : models) {
      scored = m.model().transform(scored);
    }
    return scored;
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

  private ModelRegistry.LoadedModel load(Target target, int version) {
    try {
      return new ModelRegistry.LoadedModel(target, version, registry.load(target, version));
    } catch (RuntimeException e) {
      throw new JobFailure("cannot load the CURRENT " + target.id() + " model " + registry.versionPath(target, version)
          + ": " + StagedDirectory.oneLine(e), e);
    }
  }
}
