package dev.weblog.operator.reconciler;

import dev.weblog.common.Target;
import dev.weblog.operator.api.ModelStatus;
import dev.weblog.operator.api.ModelsStatus;
import dev.weblog.operator.api.WebLogPipelineStatus;

/** The promoted model per target in the status, addressed by target. */
public final class Models {

  private Models() {}

  public static ModelStatus get(WebLogPipelineStatus status, Target target) {
    ModelsStatus models = status.getModels();
    if (models == null) {
      return null;
    }
    return target == Target.GENDER ? models.getGender() : models.getAgeGroup();
  }

  public static void set(WebLogPipelineStatus status, Target target, ModelStatus model) {
    if (status.getModels() == null) {
      status.setModels(new ModelsStatus());
    }
    if (target == Target.GENDER) {
      status.getModels().setGender(model);
    } else {
      status.getModels().setAgeGroup(model);
    }
  }

  /** "gender v3 (accuracy 0.9291)". */
  public static String describe(Target target, ModelStatus m) {
    return target.id() + " " + m.getVersion() + " (accuracy " + m.getAccuracy() + ")";
  }
}
