package dev.weblog.operator.reconciler;

import dev.weblog.operator.api.ScheduleStatus;
import java.time.Duration;
import java.time.Instant;

/**
 * Fires {@code training.schedule}: a due slot starts a training run when none is going on, and is skipped
 * (with an Event) when one is, so two runs never overlap. Slots missed while the operator was down collapse
 * into one run, as a CronJob with concurrencyPolicy Forbid would.
 */
public final class RetrainSchedule {

  private RetrainSchedule() {}

  /** Updates status.schedule; returns how long until the next slot, or null without a schedule. */
  public static Duration tick(PipelineRun run, boolean trainingIdle) {
    String expression = run.pipeline().getSpec().getTraining().getSchedule();
    if (expression == null) {
      return null;
    }
    Cron cron = Cron.parse(expression);
    ScheduleStatus s = run.status().getSchedule();
    if (s == null) {
      s = new ScheduleStatus();
      run.status().setSchedule(s);
    }
    Instant now = run.now();
    if (s.getLastScheduleTime() == null) {
      // The first training is the run that counts for the slots before now.
      s.setLastScheduleTime(now.toString());
    }
    Instant due = cron.latestDue(Instant.parse(s.getLastScheduleTime()), now);
    if (due != null) {
      s.setLastScheduleTime(due.toString());
      if (trainingIdle) {
        s.setRuns(s.getRuns() + 1);
        run.normalEvent("ScheduledRetraining", "schedule '" + expression + "' of pipeline " + run.where()
            + " is due (" + due + "): starting scheduled training run " + s.getRuns());
      } else {
        run.normalEvent("ScheduledRunSkipped", "schedule '" + expression + "' of pipeline " + run.where()
            + " is due (" + due + ") but a training run is still going on; skipping this slot");
      }
    }
    return Duration.between(now, cron.next(Instant.parse(s.getLastScheduleTime()))).plusSeconds(1);
  }

  /** Scheduled runs started so far; part of the training run key. */
  public static int runs(PipelineRun run) {
    return run.status().getSchedule() == null ? 0 : run.status().getSchedule().getRuns();
  }
}
