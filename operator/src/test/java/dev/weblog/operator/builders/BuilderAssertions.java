package dev.weblog.operator.builders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weblog.operator.api.WebLogPipeline;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;

/** Checks every builder test makes: ownership, labels, restricted security context. */
final class BuilderAssertions {

  private BuilderAssertions() {}

  static void assertOwnedAndLabelled(WebLogPipeline p, HasMetadata o) {
    String what = o.getKind() + "/" + o.getMetadata().getName();
    assertEquals(p.getMetadata().getNamespace(), o.getMetadata().getNamespace(), what + " namespace");
    assertEquals(1, o.getMetadata().getOwnerReferences().size(), what + " owner references");
    OwnerReference owner = o.getMetadata().getOwnerReferences().get(0);
    assertEquals("weblog.dev/v1alpha1", owner.getApiVersion(), what);
    assertEquals("WebLogPipeline", owner.getKind(), what);
    assertEquals(p.getMetadata().getName(), owner.getName(), what);
    assertEquals(p.getMetadata().getUid(), owner.getUid(), what);
    assertTrue(owner.getController(), what + " controller owner");
    var labels = o.getMetadata().getLabels();
    assertEquals(Names.instance(p), labels.get("app.kubernetes.io/instance"), what);
    assertEquals("weblog-pipeline", labels.get("app.kubernetes.io/part-of"), what);
    assertEquals("weblog-operator", labels.get("app.kubernetes.io/managed-by"), what);
    assertNotNull(labels.get("app.kubernetes.io/name"), what);
    assertNotNull(labels.get("app.kubernetes.io/component"), what);
  }

  static void assertRestricted(PodSpec pod, long uid) {
    assertTrue(pod.getSecurityContext().getRunAsNonRoot());
    assertEquals(uid, pod.getSecurityContext().getRunAsUser());
    assertEquals("RuntimeDefault", pod.getSecurityContext().getSeccompProfile().getType());
    pod.getInitContainers().forEach(BuilderAssertions::assertRestricted);
    pod.getContainers().forEach(BuilderAssertions::assertRestricted);
  }

  static void assertRestricted(Container c) {
    assertNotNull(c.getSecurityContext(), c.getName() + " has no security context");
    assertRestrictedContainer(c.getSecurityContext());
  }

  static void assertRestrictedContainer(SecurityContext sc) {
    assertFalse(sc.getAllowPrivilegeEscalation());
    assertTrue(sc.getRunAsNonRoot());
    assertEquals(java.util.List.of("ALL"), sc.getCapabilities().getDrop());
    assertEquals("RuntimeDefault", sc.getSeccompProfile().getType());
  }

  static void assertHasResources(Container c) {
    assertFalse(c.getResources().getRequests().isEmpty(), c.getName() + " requests");
    assertFalse(c.getResources().getLimits().isEmpty(), c.getName() + " limits");
  }
}
