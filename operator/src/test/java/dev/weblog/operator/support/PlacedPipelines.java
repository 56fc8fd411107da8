package dev.weblog.operator.support;

import dev.weblog.operator.api.Placement;
import dev.weblog.operator.api.WebLogPipeline;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClassBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Pipelines with a placement on every component, each one different, so a test can tell which component's placement
 * a pod got: node label {@code weblog.dev/pool} and toleration value are the field's name, the priority class is
 * {@code weblog-<field in lower case>}.
 */
public final class PlacedPipelines {

  public static final String POOL = "weblog.dev/pool";
  public static final String DEDICATED = "weblog.dev/dedicated";
  public static final String ZONE = "topology.kubernetes.io/zone";

  private PlacedPipelines() {}

  /** {@link Pipelines#full()} with every component placed. */
  public static WebLogPipeline full() {
    return placed(Pipelines.full());
  }

  /** {@link Pipelines#minimal(String)} with every component placed. */
  public static WebLogPipeline minimal(String name) {
    return placed(Pipelines.minimal(name));
  }

  public static WebLogPipeline placed(WebLogPipeline p) {
    p.getSpec().getPlacement().byField().forEach((field, placement) -> place(field, placement));
    return p;
  }

  /** The placement {@link #placed} gives the component named by its field in spec.placement. */
  public static Placement expected(String field) {
    Placement placement = new Placement();
    place(field, placement);
    return placement;
  }

  public static String priorityClass(String field) {
    return "weblog-" + field.toLowerCase(Locale.ROOT);
  }

  /** A PriorityClass for each component, for a server that must admit the pods. */
  public static List<PriorityClass> priorityClasses(WebLogPipeline p) {
    List<PriorityClass> classes = new ArrayList<>();
    for (String field : p.getSpec().getPlacement().byField().keySet()) {
      classes.add(new PriorityClassBuilder().withNewMetadata().withName(priorityClass(field)).endMetadata()
          .withValue(1000).withDescription("weblog placement test").build());
    }
    return classes;
  }

  private static void place(String field, Placement placement) {
    placement.setNodeSelector(new LinkedHashMap<>(Map.of(POOL, field)));
    placement.setTolerations(new ArrayList<>(List.of(toleration(field),
        new TolerationBuilder().withKey("node.kubernetes.io/unreachable").withOperator("Exists")
            .withEffect("NoExecute").withTolerationSeconds(120L).build())));
    placement.setAffinity(new AffinityBuilder().withNewNodeAffinity()
        .addNewPreferredDuringSchedulingIgnoredDuringExecution().withWeight(10).withNewPreference()
        .addNewMatchExpression().withKey(ZONE).withOperator("In").withValues("zone-" + field.toLowerCase(Locale.ROOT))
        .endMatchExpression().endPreference().endPreferredDuringSchedulingIgnoredDuringExecution().endNodeAffinity()
        .build());
    placement.setPriorityClassName(priorityClass(field));
  }

  private static Toleration toleration(String field) {
    return new TolerationBuilder().withKey(DEDICATED).withOperator("Equal").withValue(field).withEffect("NoSchedule")
        .build();
  }
}
