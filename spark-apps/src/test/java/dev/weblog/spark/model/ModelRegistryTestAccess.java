package dev.weblog.spark.model;

import dev.weblog.common.Target;

/** {@link ModelRegistryTest}'s metrics for tests in other packages. */
public final class ModelRegistryTestAccess {

  private ModelRegistryTestAccess() {}

  public static ModelMetrics metrics(Target target, double accuracy) {
    return ModelRegistryTest.metrics(target, accuracy);
  }
}
