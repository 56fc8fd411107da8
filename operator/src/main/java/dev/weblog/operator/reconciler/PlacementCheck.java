package dev.weblog.operator.reconciler;

import dev.weblog.operator.api.Placement;
import dev.weblog.operator.api.WebLogPipelineSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What only the cluster knows about a placement: whether each named PriorityClass exists. The API server refuses a
 * pod whose class is missing, so a StatefulSet or Deployment would make no pods and a driver's create would fail;
 * the reconciler asks first and creates nothing until every class is there. PriorityClasses are not watched, so
 * it asks again after {@link #RECHECK}.
 */
public final class PlacementCheck {

  public static final String REASON = "UnknownPriorityClass";
  public static final Duration RECHECK = Duration.ofSeconds(30);
  private static final Logger LOG = LoggerFactory.getLogger(PlacementCheck.class);

  private PlacementCheck() {}

  /** One line per named class the cluster lacks, naming the field; empty when all exist. */
  public static List<String> unknownPriorityClasses(KubernetesClient client, WebLogPipelineSpec spec) {
    List<String> problems = new ArrayList<>();
    Map<String, Boolean> exists = new HashMap<>();
    inUse(spec).forEach((field, placement) -> {
      String name = placement.getPriorityClassName();
      if (name != null && !exists.computeIfAbsent(name, n -> exists(client, n))) {
        problems.add("spec.placement." + field + ".priorityClassName: the cluster has no PriorityClass '" + name
            + "' (the API server would refuse these pods)");
      }
    });
    return problems;
  }

  /** The placements of the components this spec runs: HDFS and Kafka only when managed, the producer when on. */
  static Map<String, Placement> inUse(WebLogPipelineSpec spec) {
    Map<String, Placement> used = new LinkedHashMap<>(spec.getPlacement().byField());
    if (!spec.getHdfs().isManaged()) {
      used.remove("nameNode");
      used.remove("dataNodes");
    }
    if (!spec.getKafka().isManaged()) {
      used.remove("kafka");
    }
    if (!spec.getProducer().isEnabled()) {
      used.remove("producer");
    }
    return used;
  }

  /**
   * A 403 means the operator may not read PriorityClasses (they are cluster-scoped: a namespaced Role cannot grant
   * them); it then cannot know, and lets the API server judge the pods.
   */
  private static boolean exists(KubernetesClient client, String name) {
    try {
      return client.scheduling().v1().priorityClasses().withName(name).get() != null;
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_FORBIDDEN) {
        throw e;
      }
      LOG.warn("cannot read PriorityClass {} to check it exists (no ClusterRole grants it): {}", name,
          e.getMessage());
      return true;
    }
  }
}
