package dev.weblog.operator.reconciler;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;

/**
 * What a Spark driver pod says about its run: its phase, and once ended its exit code and termination message.
 * A driver stopped from outside its run (evicted, drained, preempted, deleted) is {@link Phase#DISRUPTED}, whatever
 * it exited with: what ends it is not the run's fault, so it is replaced at once and is not counted as a failure.
 */
public record DriverState(Phase phase, Integer exitCode, String message) {

  /** The pod phases that matter here; Unknown counts as still running. */
  public enum Phase {
    MISSING, PENDING, RUNNING, SUCCEEDED, FAILED, DISRUPTED
  }

  /** The pod condition (1.26+) that names why a pod is being stopped: eviction, preemption, taint, kubelet. */
  static final String DISRUPTION_TARGET = "DisruptionTarget";
  /** {@code status.reason} of a pod the kubelet evicted under node pressure (it stays, Failed, until deleted). */
  static final String KUBELET_EVICTED = "Evicted";

  public static DriverState of(Pod pod) {
    if (pod == null) {
      return new DriverState(Phase.MISSING, null, null);
    }
    String disruption = disruption(pod);
    if (disruption != null) {
      return new DriverState(Phase.DISRUPTED, null, disruption);
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

  /**
   * Why the pod is being stopped from outside, or null. A deletion timestamp alone cannot tell an eviction (which
   * {@code kubectl drain} uses) from a {@code kubectl delete}; servers from 1.26 add the reason as a condition.
   */
  private static String disruption(Pod pod) {
    PodStatus status = pod.getStatus();
    if (status != null && KUBELET_EVICTED.equals(status.getReason())) {
      return "evicted by the kubelet" + (status.getMessage() == null ? "" : ": " + status.getMessage().strip());
    }
    String condition = null;
    if (status != null && status.getConditions() != null) {
      for (PodCondition c : status.getConditions()) {
        if (DISRUPTION_TARGET.equals(c.getType()) && "True".equals(c.getStatus())) {
          condition = c.getReason() + (c.getMessage() == null ? "" : ": " + c.getMessage().strip());
        }
      }
    }
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      return "being deleted since " + pod.getMetadata().getDeletionTimestamp()
          + (condition == null ? " (evicted, drained or deleted)" : " (" + condition + ")");
    }
    return condition == null ? null : "about to be stopped (" + condition + ")";
  }

  /** True for a disrupted pod that will not go away by itself: the kubelet's evictions stay until deleted. */
  public static boolean leftBehind(Pod pod) {
    return pod != null && pod.getMetadata().getDeletionTimestamp() == null && pod.getStatus() != null
        && ("Failed".equals(pod.getStatus().getPhase()) || "Succeeded".equals(pod.getStatus().getPhase()));
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
