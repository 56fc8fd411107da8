package dev.weblog.operator.builders;

import dev.weblog.common.JobContract;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import dev.weblog.operator.api.WebLogPipeline;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.LinkedHashMap;
import java.util.Map;

/** Labels, namespace and owner reference of every object a pipeline owns, built in one place. */
public final class ObjectMetas {

  public static final String NAME = "app.kubernetes.io/name";
  public static final String INSTANCE = "app.kubernetes.io/instance";
  public static final String COMPONENT = "app.kubernetes.io/component";
  public static final String PART_OF = "app.kubernetes.io/part-of";
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String PART_OF_VALUE = "weblog-pipeline";
  public static final String MANAGED_BY_VALUE = "weblog-operator";
  /** The container port of a pod that serves Prometheus metrics: every Spark driver and the producer. */
  public static final String METRICS_PORT_NAME = "metrics";
  /** The conventional annotations a Prometheus discovering pods (kubernetes_sd) reads to scrape them. */
  public static final Map<String, String> SCRAPE_ANNOTATIONS = Map.of("prometheus.io/scrape", "true",
      "prometheus.io/port", Integer.toString(JobContract.DRIVER_METRICS_PORT), "prometheus.io/path",
      JobContract.METRICS_PATH);

  private ObjectMetas() {}

  /** The recommended labels; {@code app} says what runs (hdfs, kafka, spark, producer), component which part. */
  public static Map<String, String> labels(WebLogPipeline p, String app, String component) {
    Map<String, String> labels = selector(p, app, component);
    labels.put(PART_OF, PART_OF_VALUE);
    labels.put(MANAGED_BY, MANAGED_BY_VALUE);
    return labels;
  }

  /** The subset used in selectors: stable for the life of the pipeline. */
  public static Map<String, String> selector(WebLogPipeline p, String app, String component) {
    Map<String, String> labels = appSelector(p, app);
    labels.put(COMPONENT, component);
    return labels;
  }

  /** Every pod of one app of this pipeline, whatever its component (all Spark drivers and executors, say). */
  public static Map<String, String> appSelector(WebLogPipeline p, String app) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(NAME, app);
    labels.put(INSTANCE, Names.instance(p));
    return labels;
  }

  public static ObjectMeta of(WebLogPipeline p, String name, String app, String component) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(p.getMetadata().getNamespace())
        .withLabels(labels(p, app, component))
        .withOwnerReferences(ownerReference(p))
        .build();
  }

  /** Controller reference: deleting the pipeline deletes everything it made. */
  public static OwnerReference ownerReference(WebLogPipeline p) {
    return new OwnerReferenceBuilder()
        .withApiVersion(WebLogPipeline.GROUP + "/" + WebLogPipeline.VERSION)
        .withKind(WebLogPipeline.KIND)
        .withName(p.getMetadata().getName())
        .withUid(p.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }

  public static ContainerPort metricsPort() {
    return new ContainerPortBuilder().withName(METRICS_PORT_NAME).withContainerPort(JobContract.DRIVER_METRICS_PORT)
        .withProtocol("TCP").build();
  }
}
