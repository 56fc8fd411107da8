package dev.weblog.operator.builders;

import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;

/** The Pod Security Standard "restricted" profile, for every pod and container the builders make. */
public final class SecurityContexts {

  public static final String RUNTIME_DEFAULT = "RuntimeDefault";

  private SecurityContexts() {}

  /** fsGroup makes fresh volumes writable by the image's user. */
  public static PodSecurityContext pod(long uid) {
    return new PodSecurityContextBuilder()
        .withRunAsNonRoot(true)
        .withRunAsUser(uid)
        .withRunAsGroup(uid)
        .withFsGroup(uid)
        .withNewSeccompProfile().withType(RUNTIME_DEFAULT).endSeccompProfile()
        .build();
  }

  /** For images that choose their own non-root user (Strimzi's), where setting a uid would fight the image. */
  public static PodSecurityContext podWithoutUser() {
    return new PodSecurityContextBuilder()
        .withRunAsNonRoot(true)
        .withNewSeccompProfile().withType(RUNTIME_DEFAULT).endSeccompProfile()
        .build();
  }

  /** For a container whose image's user differs from the pod's (the history loader mixes two images). */
  public static SecurityContext container(long uid) {
    return new SecurityContextBuilder(container()).withRunAsUser(uid).withRunAsGroup(uid).build();
  }

  public static SecurityContext container() {
    return new SecurityContextBuilder()
        .withRunAsNonRoot(true)
        .withAllowPrivilegeEscalation(false)
        .withPrivileged(false)
        .withNewCapabilities().withDrop("ALL").endCapabilities()
        .withNewSeccompProfile().withType(RUNTIME_DEFAULT).endSeccompProfile()
        .build();
  }
}
