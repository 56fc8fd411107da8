package dev.weblog.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The promoted model per target; named fields so printer columns can point at each accuracy. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ModelsStatus {

  @JsonProperty("age_group")
  private ModelStatus ageGroup;

  private ModelStatus gender;

  public ModelStatus getAgeGroup() {
    return ageGroup;
  }

  public void setAgeGroup(ModelStatus ageGroup) {
    this.ageGroup = ageGroup;
  }

  public ModelStatus getGender() {
    return gender;
  }

  public void setGender(ModelStatus gender) {
    this.gender = gender;
  }
}
