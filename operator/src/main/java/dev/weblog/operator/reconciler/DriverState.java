package dev.weblog.operator.reconciler;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;

/** What a Spark driver pod says about its run: its phase, and once ended its exit code and termination message. */
public record DriverState(Phase phase, Integer exitCode, String message) {

  /** The pod phases that matter here; Unknown counts as still running. */
  public enum Phase {
    MISSING, PENDING, RUNNING, SUCCEEDED, FAILED
  }

  public static DriverState of(Pod pod) {
    if (pod == null) {
      return new DriverState(Phase.MISSING, null, null);
    }
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    ContainerStateTerminated terminated = terminated(pod);
    Integer exit = terminated == null ? null : terminated.getExitCode();
    String message = terminated == null ? null : clean(terminated.getMessage());
    if (message == null && terminated != null) {
      message = terminated.getReason();
    }
    if ("Succeeded".equals(phase)) {
      return new DriverState(Phase.SUCCEEDED, exit == null ? 0 : exit, message);
    }
    if ("Failed".equals(phase)) {
      if (message == null && pod.getStatus().getMessage() != null) {
        message = pod.getStatus().getMessage();
      }
      return new DriverState(Phase.FAILED, exit, message);
    }
    if ("Running".equals(phase)) {
      return new DriverState(Phase.RUNNING, null, null);
    }
    return new DriverState(Phase.PENDING, null, null);
  }

  public boolean ended() {
    return phase == Phase.SUCCEEDED || phase == Phase.FAILED;
  }

  /** For messages: "exit code 1: java.lang.OutOfMemoryError ...". */
  public String describe() {
    return "exit code " + (exitCode == null ? "unknown" : exitCode) + (message == null ? "" : ": " + message);
  }

  private static ContainerStateTerminated terminated(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
      return null;
    }
    for (ContainerStatus cs : pod.getStatus().getContainerStatuses()) {
      if (cs.getState() != null && cs.getState().getTerminated() != null) {
        return cs.getState().getTerminated();
      }
    }
    return null;
  }

  private static String clean(String message) {
    return message == null || message.isBlank() ? null : message.strip();
  }
}
