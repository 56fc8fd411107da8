package dev.weblog.operator.reconciler;

import dev.weblog.operator.api.SpecValidator;
import dev.weblog.operator.api.WebLogPipelineSpec;
import java.util.ArrayList;
import java.util.List;

/** Everything wrong with a spec: the CRD's own rules, and what only Java can check (the cron schedule). */
public final class SpecCheck {

  private SpecCheck() {}

  public static List<String> problems(WebLogPipelineSpec spec) {
    List<String> problems = new ArrayList<>(SpecValidator.problems(spec));
    String schedule = spec.getTraining().getSchedule();
    if (schedule != null) {
      try {
        Cron.parse(schedule);
      } catch (IllegalArgumentException e) {
        problems.add("spec.training.schedule: " + e.getMessage());
      }
    }
    return problems;
  }
}
