package dev.weblog.operator.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.weblog.common.Target;

/** A model target as written in the spec; the names are {@link Target#id()}. */
public enum TrainingTarget {
  @JsonProperty("age_group")
  AGE_GROUP(Target.AGE_GROUP),
  @JsonProperty("gender")
  GENDER(Target.GENDER);

  private final Target target;

  TrainingTarget(Target target) {
    this.target = target;
  }

  public Target target() {
    return target;
  }
}
