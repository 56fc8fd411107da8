package dev.weblog.operator.reconciler;

import java.time.Duration;

/**
 * What a step says after running: go on to the next step, or stop here; either way perhaps "look again after".
 * A failed step stops the chain unless the pipeline can keep serving without it (a failed retrain).
 */
public record StepResult(boolean proceed, boolean failure, Duration requeue) {

  public static StepResult done() {
    return new StepResult(true, false, null);
  }

  /** The stage works in the background (a retrain while the stream serves): later steps still run. */
  public static StepResult proceedAndRequeue(Duration after) {
    return new StepResult(true, false, after);
  }

  public static StepResult waitFor(Duration after) {
    return new StepResult(false, false, after);
  }

  /** The pipeline is Failed until the spec changes; nothing to requeue for. */
  public static StepResult failed() {
    return new StepResult(false, true, null);
  }

  /** Failed, but what already runs keeps running (the old model keeps serving). */
  public static StepResult failedButProceed() {
    return new StepResult(true, true, null);
  }
}
