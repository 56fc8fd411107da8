package dev.weblog.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Makes an object in the cluster match a builder's output by server-side apply, as field manager
 * {@value #FIELD_MANAGER}: the operator owns exactly the fields its builders set, so fields that other controllers
 * set (a StatefulSet's status, Strimzi's annotations, an admin's extra label) are never fought over.
 *
 * <p>An apply that changes nothing must not be a write (a new resourceVersion wakes every informer and
 * re-triggers the reconcile), but on Kubernetes 1.20 an identical server-side apply is one: it rewrites the
 * managedFields timestamp. So a hash of the desired object rides along in an annotation, and the apply is skipped
 * when the object in the cluster already carries the same hash.
 *
 * <p>Conflicts are forced: the builders' output is the desired state, whoever changed those fields last. On
 * Kubernetes 1.20 server-side apply refuses a port without {@code protocol}, so the builders set it on every port.
 */
public final class ResourceApplier {

  public static final String FIELD_MANAGER = "weblog-operator";
  public static final String DESIRED_HASH = "weblog.dev/desired-hash";

  private final KubernetesClient client;
  private volatile Integer serverMinor;

  public ResourceApplier(KubernetesClient client) {
    this.client = client;
  }

  /** Server-side apply unless the cluster already holds this desired state; returns what the cluster holds. */
  public <T extends HasMetadata> T apply(T desired) {
    T compatible = ServerCompatibility.forServer(desired, serverMinor());
    String hash = SpecSections.hash(client.getKubernetesSerialization().asJson(compatible));
    T existing = client.resource(compatible).get();
    if (existing != null && existing.getMetadata().getAnnotations() != null
        && hash.equals(existing.getMetadata().getAnnotations().get(DESIRED_HASH))) {
      return existing;
    }
    Map<String, String> annotations = new LinkedHashMap<>();
    if (compatible.getMetadata().getAnnotations() != null) {
      annotations.putAll(compatible.getMetadata().getAnnotations());
    }
    annotations.put(DESIRED_HASH, hash);
    compatible.getMetadata().setAnnotations(annotations);
    return client.resource(compatible).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
  }

  /** The API server's minor version, asked once. */
  private int serverMinor() {
    Integer minor = serverMinor;
    if (minor == null) {
      minor = ServerCompatibility.minor(client.getKubernetesVersion());
      serverMinor = minor;
    }
    return minor;
  }

  /** For objects that are never changed once made (driver pods, Jobs): create when absent. */
  public <T extends HasMetadata> T createIfAbsent(T desired) {
    T existing = client.resource(desired).get();
    if (existing != null) {
      return existing;
    }
    try {
      return client.resource(desired).create();
    } catch (KubernetesClientException e) {
      // Another reconcile (or the one before an operator restart) made it first: same name, same object.
      if (e.getCode() == 409) {
        return client.resource(desired).get();
      }
      throw e;
    }
  }

  /** What the cluster holds of {@code like}, in the version this server serves (see {@link ServerCompatibility}). */
  public <T extends HasMetadata> T get(T like) {
    return client.resource(ServerCompatibility.forServer(like, serverMinor())).get();
  }

  public void delete(HasMetadata o) {
    client.resource(ServerCompatibility.forServer(o, serverMinor())).delete();
  }
}
