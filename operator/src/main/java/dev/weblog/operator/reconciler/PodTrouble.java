package dev.weblog.operator.reconciler;

/**
 * Why a pod of a child is not ready: a condition reason ({@link PodDiagnosis}'s constants), the pod and container
 * it is about as messages name them ({@code pod} null when the child has no pod; {@code container} null for the pod
 * as a whole, else "container x" or "init container y") and what the cluster said, for a person.
 * {@code unreadLog} names a crashed container whose last log line is wanted because it left no termination message.
 */
public record PodTrouble(String reason, String pod, String container, String cause, PodDiagnosis.LogRef unreadLog) {

  /** "pod x-hdfs-namenode-0, init container format": where; a new place is a new cause worth an Event. */
  public String subject() {
    return pod == null ? "" : "pod " + pod + (container == null ? "" : ", " + container);
  }

  /** "pod x-hdfs-namenode-0, init container format: image ... cannot be pulled (ErrImagePull): ...". */
  public String message() {
    return pod == null ? cause : subject() + ": " + cause;
  }
}
