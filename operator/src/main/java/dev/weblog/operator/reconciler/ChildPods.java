package dev.weblog.operator.reconciler;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads what {@link PodDiagnosis} needs about a child's pods: the pods, the claims of pods not yet on a node with
 * those claims' Events, and a crashed container's last log line when it left no termination message. A healthy
 * child costs one list; the rest is read only while something waits.
 */
public final class ChildPods {

  private static final Logger LOG = LoggerFactory.getLogger(ChildPods.class);
  /** A few lines, since a log often ends with blank ones. */
  private static final int TAIL_LINES = 5;

  private ChildPods() {}

  /** The pods carrying {@code labels}, by name (a StatefulSet's pod 0 first). */
  public static List<Pod> list(PipelineRun run, Map<String, String> labels) {
    return run.client().pods().inNamespace(run.pipeline().getMetadata().getNamespace()).withLabels(labels).list()
        .getItems().stream().sorted(Comparator.comparing(p -> p.getMetadata().getName())).toList();
  }

  /** The cause to report for {@code pods} of a child existing since {@code child}'s creation, if any. */
  public static Optional<PodTrouble> diagnose(PipelineRun run, List<Pod> pods, HasMetadata child) {
    String ns = run.pipeline().getMetadata().getNamespace();
    List<PersistentVolumeClaim> claims = new ArrayList<>();
    for (String name : PodDiagnosis.claimsToRead(pods)) {
      PersistentVolumeClaim claim = run.client().persistentVolumeClaims().inNamespace(ns).withName(name).get();
      if (claim != null) {
        claims.add(claim);
      }
    }
    List<Event> events = claims.isEmpty() ? List.of() : run.client().v1().events().inNamespace(ns)
        .withField("involvedObject.kind", "PersistentVolumeClaim").list().getItems();
    Instant since = created(child);
    Duration timeout = Duration.ofSeconds(run.pipeline().getSpec().getStartTimeoutSeconds());
    Optional<PodTrouble> trouble = PodDiagnosis.diagnose(new PodDiagnosis.Observed(pods, claims, events, Map.of(),
        since), run.now(), timeout);
    PodDiagnosis.LogRef unread = trouble.map(PodTrouble::unreadLog).orElse(null);
    if (unread != null) {
      String line = PodDiagnosis.lastLine(log(run, unread));
      if (line != null) {
        trouble = PodDiagnosis.diagnose(new PodDiagnosis.Observed(pods, claims, events,
            Map.of(PodDiagnosis.logKey(unread.pod(), unread.container()), line), since), run.now(), timeout);
      }
    }
    return trouble;
  }

  private static String log(PipelineRun run, PodDiagnosis.LogRef ref) {
    var container = run.client().pods().inNamespace(run.pipeline().getMetadata().getNamespace())
        .withName(ref.pod()).inContainer(ref.container());
    try {
      return ref.previous() ? container.terminated().tailingLines(TAIL_LINES).getLog()
          : container.tailingLines(TAIL_LINES).getLog();
    } catch (KubernetesClientException e) {
      // The line adds to the message; without it the exit code still says what happened.
      LOG.debug("no log of pod {} container {}: {}", ref.pod(), ref.container(), e.getMessage());
      return null;
    }
  }

  private static Instant created(HasMetadata o) {
    String t = o == null || o.getMetadata() == null ? null : o.getMetadata().getCreationTimestamp();
    return t == null ? null : Instant.parse(t);
  }
}
