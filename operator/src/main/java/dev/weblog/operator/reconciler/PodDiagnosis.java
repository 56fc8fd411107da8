package dev.weblog.operator.reconciler;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Volume;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Why the pods of a child are not ready, from what the API server holds about them: a pure function of the pods,
 * their pending claims with the claims' Events, and the last log lines already read, so the kubelet's and the
 * scheduler's verdicts reach the pipeline's conditions. The first pod (in the given order) with a cause wins; a
 * child waiting longer than the start timeout says so whatever the cause.
 */
public final class PodDiagnosis {

  public static final String IMAGE_PULL_FAILED = "ImagePullFailed";
  public static final String CRASH_LOOP = "CrashLoop";
  public static final String VOLUME_PENDING = "VolumePending";
  public static final String UNSCHEDULABLE = "Unschedulable";
  public static final String START_TIMEOUT = "StartTimeout";

  /** The kubelet's waiting reasons for an image it cannot get. */
  static final Set<String> PULL_FAILURES = Set.of("ErrImagePull", "ImagePullBackOff", "InvalidImageName",
      "ErrImageNeverPull");
  /** A claim waiting for its pod to be scheduled is not a cause of its own. */
  static final String WAIT_FOR_FIRST_CONSUMER = "WaitForFirstConsumer";
  private static final int LINE_LIMIT = 300;

  /**
   * What was read about a child: its pods, the claims of its unscheduled pods and the Events about those claims,
   * last log lines by {@link #logKey} (for containers without a termination message), and since when the child
   * exists (the start of the wait when it has no pod yet).
   */
  public record Observed(List<Pod> pods, List<PersistentVolumeClaim> claims, List<Event> claimEvents,
      Map<String, String> lastLogLines, Instant childSince) {

    public static Observed pods(List<Pod> pods, Instant childSince) {
      return new Observed(pods, List.of(), List.of(), Map.of(), childSince);
    }
  }

  /** A container's log to read: {@code previous} for the run before a restart. */
  public record LogRef(String pod, String container, boolean previous) {}

  private PodDiagnosis() {}

  /** The cause to report, or empty when every pod is ready (or none exists yet) within the start timeout. */
  public static Optional<PodTrouble> diagnose(Observed o, Instant now, Duration startTimeout) {
    Pod oldest = null;
    Instant oldestSince = null;
    for (Pod pod : o.pods()) {
      if (fine(pod)) {
        continue;
      }
      Optional<PodTrouble> trouble = cause(pod, o);
      Instant since = notReadySince(pod);
      if (trouble.isPresent()) {
        return Optional.of(timedOut(trouble.get(), since, now, startTimeout));
      }
      if (since != null && (oldestSince == null || since.isBefore(oldestSince))) {
        oldest = pod;
        oldestSince = since;
      }
    }
    String limit = "longer than spec.startTimeoutSeconds (" + startTimeout.toSeconds() + "s)";
    if (o.pods().isEmpty() && o.childSince() != null && waited(o.childSince(), now, startTimeout)) {
      return Optional.of(new PodTrouble(START_TIMEOUT, null, null, "no pod has appeared " + ago(o.childSince(), now)
          + ", " + limit, null));
    }
    if (oldest != null && waited(oldestSince, now, startTimeout)) {
      return Optional.of(new PodTrouble(START_TIMEOUT, name(oldest), null, "not ready " + ago(oldestSince, now)
          + ", " + limit + ": " + stillWaiting(oldest), null));
    }
    return Optional.empty();
  }

  public static String logKey(String pod, String container) {
    return pod + "/" + container;
  }

  /** The last non-blank line of a termination message or log, cut to a readable length; null when none. */
  public static String lastLine(String text) {
    if (text == null) {
      return null;
    }
    String[] lines = text.strip().split("\\R");
    String last = lines[lines.length - 1].strip();
    if (last.isEmpty()) {
      return null;
    }
    return last.length() <= LINE_LIMIT ? last : last.substring(0, LINE_LIMIT - 3) + "...";
  }

  private static Optional<PodTrouble> cause(Pod pod, Observed o) {
    for (ContainerStatus cs : statuses(pod)) {
      ContainerStateWaiting waiting = cs.getState() == null ? null : cs.getState().getWaiting();
      if (waiting != null && PULL_FAILURES.contains(waiting.getReason())) {
        return Optional.of(new PodTrouble(IMAGE_PULL_FAILED, name(pod), describe(pod, cs), "image " + image(pod, cs)
            + " cannot be pulled (" + waiting.getReason() + ")" + suffix(waiting.getMessage()), null));
      }
    }
    for (ContainerStatus cs : statuses(pod)) {
      ContainerStateTerminated current = cs.getState() == null ? null : cs.getState().getTerminated();
      boolean previous = !failed(current) && crashLooping(cs);
      if (failed(current) || previous) {
        ContainerStateTerminated t = previous && cs.getLastState() != null ? cs.getLastState().getTerminated()
            : current;
        String line = lastLine(t == null ? null : t.getMessage());
        if (line == null) {
          line = lastLine(o.lastLogLines().get(logKey(name(pod), cs.getName())));
        }
        String code = t == null || t.getExitCode() == null ? "an unknown code" : "code " + t.getExitCode();
        String killed = t == null || t.getReason() == null || "Error".equals(t.getReason()) ? ""
            : " (" + t.getReason() + ")";
        return Optional.of(new PodTrouble(CRASH_LOOP, name(pod), describe(pod, cs), "exited with " + code + killed
            + restarts(cs) + (line == null ? "" : "; last log line: " + line),
            line == null ? new LogRef(name(pod), cs.getName(), previous) : null));
      }
    }
    if (pod.getSpec() == null || pod.getSpec().getNodeName() == null) {
      Optional<PodTrouble> claim = pendingClaim(pod, o);
      if (claim.isPresent()) {
        return claim;
      }
      PodCondition scheduled = condition(pod, "PodScheduled");
      if (scheduled != null && "False".equals(scheduled.getStatus()) && "Unschedulable".equals(scheduled.getReason())) {
        return Optional.of(new PodTrouble(UNSCHEDULABLE, name(pod), null, "cannot be scheduled"
            + suffix(scheduled.getMessage()), null));
      }
    }
    return Optional.empty();
  }

  /** A claim still Pending for a reason other than waiting for this very pod to be scheduled. */
  private static Optional<PodTrouble> pendingClaim(Pod pod, Observed o) {
    for (String claimName : claimNames(pod)) {
      PersistentVolumeClaim claim = o.claims().stream().filter(c -> claimName.equals(c.getMetadata().getName()))
          .findFirst().orElse(null);
      if (claim == null || claim.getStatus() == null || !"Pending".equals(claim.getStatus().getPhase())) {
        continue;
      }
      Event latest = o.claimEvents().stream().filter(e -> e.getInvolvedObject() != null
          && claimName.equals(e.getInvolvedObject().getName())).max(Comparator.comparing(PodDiagnosis::eventTime))
          .orElse(null);
      if (latest != null && WAIT_FOR_FIRST_CONSUMER.equals(latest.getReason())) {
        continue;
      }
      String why = latest != null ? latest.getReason() + suffix(latest.getMessage()) : claimCondition(claim);
      return Optional.of(new PodTrouble(VOLUME_PENDING, name(pod), null, "PersistentVolumeClaim " + claimName
          + " is Pending" + (why == null ? " (no reason given yet)" : ": " + why), null));
    }
    return Optional.empty();
  }

  private static String claimCondition(PersistentVolumeClaim claim) {
    List<PersistentVolumeClaimCondition> conditions = claim.getStatus().getConditions();
    if (conditions == null || conditions.isEmpty()) {
      return null;
    }
    PersistentVolumeClaimCondition c = conditions.get(conditions.size() - 1);
    return c.getReason() == null ? c.getMessage() : c.getReason() + suffix(c.getMessage());
  }

  private static PodTrouble timedOut(PodTrouble trouble, Instant since, Instant now, Duration startTimeout) {
    if (since == null || !waited(since, now, startTimeout)) {
      return trouble;
    }
    return new PodTrouble(START_TIMEOUT, trouble.pod(), trouble.container(), "not ready " + ago(since, now)
        + ", longer than spec.startTimeoutSeconds (" + startTimeout.toSeconds() + "s): " + trouble.cause(),
        trouble.unreadLog());
  }

  /** Ready, done (a Job's pod that succeeded) or on its way out (a replaced pod terminating). */
  private static boolean fine(Pod pod) {
    if (pod.getMetadata().getDeletionTimestamp() != null
        || pod.getStatus() != null && "Succeeded".equals(pod.getStatus().getPhase())) {
      return true;
    }
    PodCondition ready = condition(pod, "Ready");
    return ready != null && "True".equals(ready.getStatus());
  }

  /** When the pod last became not ready, or its creation when the kubelet has not said yet. */
  private static Instant notReadySince(Pod pod) {
    PodCondition ready = condition(pod, "Ready");
    String time = ready != null && ready.getLastTransitionTime() != null ? ready.getLastTransitionTime()
        : pod.getMetadata().getCreationTimestamp();
    return time == null ? null : Instant.parse(time);
  }

  private static boolean waited(Instant since, Instant now, Duration timeout) {
    return Duration.between(since, now).compareTo(timeout) > 0;
  }

  /** What the pod waits for when nothing is wrong as such: the kubelet's Ready message, or its phase. */
  private static String stillWaiting(Pod pod) {
    PodCondition ready = condition(pod, "Ready");
    if (ready != null && ready.getMessage() != null) {
      return ready.getMessage();
    }
    for (ContainerStatus cs : statuses(pod)) {
      ContainerStateWaiting waiting = cs.getState() == null ? null : cs.getState().getWaiting();
      if (waiting != null && waiting.getReason() != null) {
        return describe(pod, cs) + " is waiting (" + waiting.getReason() + ")" + suffix(waiting.getMessage());
      }
    }
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return "phase " + (phase == null ? "unknown" : phase)
        + (pod.getSpec() == null || pod.getSpec().getNodeName() == null ? ", not scheduled to a node" : "");
  }

  private static boolean failed(ContainerStateTerminated t) {
    return t != null && t.getExitCode() != null && t.getExitCode() != 0;
  }

  /** Restarted after a failure, or the kubelet backs off before the next start. */
  private static boolean crashLooping(ContainerStatus cs) {
    ContainerStateWaiting waiting = cs.getState() == null ? null : cs.getState().getWaiting();
    if (waiting != null && "CrashLoopBackOff".equals(waiting.getReason())) {
      return true;
    }
    ContainerStateTerminated last = cs.getLastState() == null ? null : cs.getLastState().getTerminated();
    return cs.getRestartCount() != null && cs.getRestartCount() > 0 && failed(last)
        && (cs.getReady() == null || !cs.getReady());
  }

  private static String restarts(ContainerStatus cs) {
    int n = cs.getRestartCount() == null ? 0 : cs.getRestartCount();
    ContainerStateWaiting waiting = cs.getState() == null ? null : cs.getState().getWaiting();
    String backOff = waiting != null && "CrashLoopBackOff".equals(waiting.getReason()) ? ", CrashLoopBackOff" : "";
    return n == 0 && backOff.isEmpty() ? "" : " (restarted " + n + (n == 1 ? " time" : " times") + backOff + ")";
  }

  /** Init containers first: while one fails the others have not started. */
  private static List<ContainerStatus> statuses(Pod pod) {
    List<ContainerStatus> all = new ArrayList<>();
    if (pod.getStatus() != null) {
      if (pod.getStatus().getInitContainerStatuses() != null) {
        all.addAll(pod.getStatus().getInitContainerStatuses());
      }
      if (pod.getStatus().getContainerStatuses() != null) {
        all.addAll(pod.getStatus().getContainerStatuses());
      }
    }
    return all;
  }

  private static String describe(Pod pod, ContainerStatus cs) {
    boolean init = pod.getStatus().getInitContainerStatuses() != null
        && pod.getStatus().getInitContainerStatuses().contains(cs);
    return (init ? "init container " : "container ") + cs.getName();
  }

  /** The image the kubelet reports, else the one the pod asks for. */
  private static String image(Pod pod, ContainerStatus cs) {
    if (cs.getImage() != null && !cs.getImage().isBlank()) {
      return cs.getImage();
    }
    if (pod.getSpec() != null) {
      List<Container> containers = new ArrayList<>();
      if (pod.getSpec().getInitContainers() != null) {
        containers.addAll(pod.getSpec().getInitContainers());
      }
      if (pod.getSpec().getContainers() != null) {
        containers.addAll(pod.getSpec().getContainers());
      }
      for (Container c : containers) {
        if (c.getName().equals(cs.getName())) {
          return c.getImage();
        }
      }
    }
    return "(unknown)";
  }

  private static List<String> claimNames(Pod pod) {
    if (pod.getSpec() == null || pod.getSpec().getVolumes() == null) {
      return List.of();
    }
    return pod.getSpec().getVolumes().stream().map(Volume::getPersistentVolumeClaim)
        .filter(c -> c != null && c.getClaimName() != null).map(c -> c.getClaimName()).toList();
  }

  /** The claims the pods wait on, for the reader to fetch: those of pods not yet on a node. */
  public static List<String> claimsToRead(List<Pod> pods) {
    return pods.stream().filter(p -> !fine(p)).filter(p -> p.getSpec() == null || p.getSpec().getNodeName() == null)
        .flatMap(p -> claimNames(p).stream()).distinct().toList();
  }

  private static PodCondition condition(Pod pod, String type) {
    if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
      return null;
    }
    return pod.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
  }

  private static Instant eventTime(Event e) {
    String t = e.getLastTimestamp() != null ? e.getLastTimestamp()
        : e.getEventTime() != null ? e.getEventTime().getTime() : e.getMetadata().getCreationTimestamp();
    return t == null ? Instant.EPOCH : Instant.parse(t);
  }

  private static String name(Pod pod) {
    return pod.getMetadata().getName();
  }

  private static String suffix(String message) {
    return message == null || message.isBlank() ? "" : ": " + message.strip();
  }

  /** "for 12m" or "for 45s": how long a person has waited. */
  static String ago(Instant since, Instant now) {
    long s = Math.max(0, Duration.between(since, now).toSeconds());
    if (s < 120) {
      return "for " + s + "s";
    }
    long m = s / 60;
    return m < 120 ? "for " + m + "m" : "for " + m / 60 + "h" + m % 60 + "m";
  }
}
