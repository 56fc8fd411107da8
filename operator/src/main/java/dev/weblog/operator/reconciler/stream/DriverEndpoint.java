package dev.weblog.operator.reconciler.stream;

import dev.weblog.common.JobContract;
import dev.weblog.operator.builders.SparkAppBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import java.net.URI;
import java.util.Optional;

/** Where a driver pod serves its metrics: its IP and the container port named {@code metrics}. */
public final class DriverEndpoint {

  private DriverEndpoint() {}

  /** Empty while the pod has no IP yet. */
  public static Optional<URI> of(Pod pod) {
    String ip = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
    if (ip == null || ip.isBlank()) {
      return Optional.empty();
    }
    String host = ip.contains(":") ? "[" + ip + "]" : ip;
    return Optional.of(URI.create("http://" + host + ":" + port(pod) + JobContract.METRICS_PATH));
  }

  static int port(Pod pod) {
    if (pod.getSpec() != null && pod.getSpec().getContainers() != null) {
      for (Container c : pod.getSpec().getContainers()) {
        for (ContainerPort p : c.getPorts() == null ? java.util.List.<ContainerPort>of() : c.getPorts()) {
          if (SparkAppBuilder.METRICS_PORT_NAME.equals(p.getName()) && p.getContainerPort() != null) {
            return p.getContainerPort();
          }
        }
      }
    }
    return JobContract.DRIVER_METRICS_PORT;
  }
}
