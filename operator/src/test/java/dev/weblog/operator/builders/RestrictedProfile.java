package dev.weblog.operator.builders;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The Kubernetes Pod Security Standard "restricted" (which includes "baseline"), as the admission controller
 * checks it, applied to a pod spec or to one container's security context; returns one line per violation.
 */
final class RestrictedProfile {

  static final Set<String> VOLUME_TYPES = Set.of("configMap", "csi", "downwardAPI", "emptyDir", "ephemeral",
      "persistentVolumeClaim", "projected", "secret");
  static final Set<String> SECCOMP_TYPES = Set.of("RuntimeDefault", "Localhost");
  static final Set<String> SE_LINUX_TYPES = Set.of("container_t", "container_init_t", "container_kvm_t",
      "container_engine_t");
  static final Set<String> SAFE_SYSCTLS = Set.of("kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range",
      "net.ipv4.ip_unprivileged_port_start", "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range",
      "net.ipv4.ip_local_reserved_ports", "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout",
      "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes");

  private RestrictedProfile() {}

  static List<String> violations(String where, PodSpec pod) {
    List<String> out = new ArrayList<>();
    PodSecurityContext psc = pod.getSecurityContext();
    check(out, where, !Boolean.TRUE.equals(pod.getHostNetwork()), "hostNetwork");
    check(out, where, !Boolean.TRUE.equals(pod.getHostPID()), "hostPID");
    check(out, where, !Boolean.TRUE.equals(pod.getHostIPC()), "hostIPC");
    for (Volume v : pod.getVolumes()) {
      String type = volumeType(v);
      check(out, where, VOLUME_TYPES.contains(type), "volume " + v.getName() + " is of type " + type);
    }
    boolean podNonRoot = psc != null && Boolean.TRUE.equals(psc.getRunAsNonRoot());
    boolean podSeccomp = psc != null && seccompAllowed(psc.getSeccompProfile());
    if (psc != null) {
      check(out, where, psc.getRunAsUser() == null || psc.getRunAsUser() != 0, "pod runAsUser 0");
      check(out, where, psc.getSeccompProfile() == null || seccompAllowed(psc.getSeccompProfile()),
          "pod seccompProfile " + type(psc.getSeccompProfile()));
      check(out, where, psc.getWindowsOptions() == null || !Boolean.TRUE.equals(psc.getWindowsOptions()
          .getHostProcess()), "pod hostProcess");
      check(out, where, psc.getSeLinuxOptions() == null || seLinuxAllowed(psc.getSeLinuxOptions()),
          "pod seLinuxOptions");
      check(out, where, psc.getAppArmorProfile() == null || !"Unconfined".equals(psc.getAppArmorProfile().getType()),
          "pod appArmorProfile Unconfined");
      psc.getSysctls().forEach(s -> check(out, where, SAFE_SYSCTLS.contains(s.getName()), "sysctl " + s.getName()));
    }
    Stream.concat(pod.getInitContainers().stream(), pod.getContainers().stream()).forEach(c -> {
      String in = where + " container " + c.getName();
      out.addAll(container(in, c.getSecurityContext(), podNonRoot, podSeccomp));
      for (ContainerPort port : c.getPorts()) {
        check(out, in, port.getHostPort() == null || port.getHostPort() == 0, "hostPort " + port.getHostPort());
      }
    });
    check(out, where, pod.getEphemeralContainers().isEmpty(), "ephemeral containers");
    return out;
  }

  /** One container; {@code podNonRoot}/{@code podSeccomp}: whether the pod level already satisfies those rules. */
  static List<String> container(String where, SecurityContext sc, boolean podNonRoot, boolean podSeccomp) {
    List<String> out = new ArrayList<>();
    if (sc == null) {
      out.add(where + ": no securityContext (allowPrivilegeEscalation and capabilities must be set)");
      return out;
    }
    check(out, where, !Boolean.TRUE.equals(sc.getPrivileged()), "privileged");
    check(out, where, Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation()), "allowPrivilegeEscalation is not false");
    check(out, where, Boolean.TRUE.equals(sc.getRunAsNonRoot()) || (podNonRoot && sc.getRunAsNonRoot() == null),
        "runAsNonRoot is not true");
    check(out, where, sc.getRunAsUser() == null || sc.getRunAsUser() != 0, "runAsUser 0");
    check(out, where, seccompAllowed(sc.getSeccompProfile()) || (podSeccomp && sc.getSeccompProfile() == null),
        "seccompProfile " + type(sc.getSeccompProfile()));
    Capabilities caps = sc.getCapabilities();
    check(out, where, caps != null && caps.getDrop().contains("ALL"), "capabilities do not drop ALL");
    if (caps != null) {
      caps.getAdd().forEach(a -> check(out, where, a.equals("NET_BIND_SERVICE"), "adds capability " + a));
    }
    check(out, where, sc.getProcMount() == null || sc.getProcMount().equals("Default"), "procMount");
    check(out, where, sc.getSeLinuxOptions() == null || seLinuxAllowed(sc.getSeLinuxOptions()), "seLinuxOptions");
    check(out, where, sc.getWindowsOptions() == null || !Boolean.TRUE.equals(sc.getWindowsOptions().getHostProcess()),
        "hostProcess");
    check(out, where, sc.getAppArmorProfile() == null || !"Unconfined".equals(sc.getAppArmorProfile().getType()),
        "appArmorProfile Unconfined");
    return out;
  }

  private static boolean seccompAllowed(SeccompProfile profile) {
    return profile != null && SECCOMP_TYPES.contains(profile.getType());
  }

  private static boolean seLinuxAllowed(io.fabric8.kubernetes.api.model.SELinuxOptions o) {
    return o.getUser() == null && o.getRole() == null && (o.getType() == null || o.getType().isEmpty()
        || SE_LINUX_TYPES.contains(o.getType()));
  }

  private static String type(SeccompProfile profile) {
    return profile == null ? "unset" : profile.getType();
  }

  /** The volume's source field name, as PSS names volume types. */
  static String volumeType(Volume v) {
    var tree = new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(v);
    List<String> fields = new ArrayList<>();
    tree.fieldNames().forEachRemaining(f -> {
      if (!f.equals("name") && !tree.get(f).isNull()) {
        fields.add(f);
      }
    });
    return fields.size() == 1 ? fields.get(0) : fields.toString();
  }

  private static void check(List<String> out, String where, boolean holds, String problem) {
    if (!holds) {
      out.add(where + ": " + problem);
    }
  }
}
