package dev.weblog.operator.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** One web-log pipeline: HDFS, Kafka, the Spark jobs and the replay producer, reconciled as a unit. */
@Group(WebLogPipeline.GROUP)
@Version(WebLogPipeline.VERSION)
@Kind(WebLogPipeline.KIND)
@Plural(WebLogPipeline.PLURAL)
@Singular("weblogpipeline")
@ShortNames("wlp")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Lag", jsonPath = ".status.stream.lag", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Rate", jsonPath = ".status.stream.recordsPerSecond",
    type = AdditionalPrinterColumn.Type.NUMBER)
// -o wide: the real-time job's p99 (seconds) and lag, when it runs.
@AdditionalPrinterColumn(name = "RealtimeP99", jsonPath = ".status.realtime.latencyP99Seconds",
    type = AdditionalPrinterColumn.Type.NUMBER, priority = 1)
@AdditionalPrinterColumn(name = "RealtimeLag", jsonPath = ".status.realtime.lag",
    type = AdditionalPrinterColumn.Type.INTEGER, priority = 1)
// -o wide: whether the serving models still fit the live lines (ModelsCurrent).
@AdditionalPrinterColumn(name = "ModelsCurrent", jsonPath = ".status.conditions[?(@.type==\"ModelsCurrent\")].status",
    type = AdditionalPrinterColumn.Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "GenderModel", jsonPath = ".status.models.gender.version",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Gender", jsonPath = ".status.models.gender.displayAccuracy",
    type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(name = "AgeGroupModel", jsonPath = ".status.models.age_group.version",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "AgeGroup", jsonPath = ".status.models.age_group.displayAccuracy",
    type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class WebLogPipeline extends CustomResource<WebLogPipelineSpec, WebLogPipelineStatus> implements Namespaced {

  public static final String GROUP = "weblog.dev";
  public static final String VERSION = "v1alpha1";
  public static final String KIND = "WebLogPipeline";
  public static final String PLURAL = "weblogpipelines";

  /** A missing spec means every default, like {@code spec: {}}. */
  @Override
  protected WebLogPipelineSpec initSpec() {
    return new WebLogPipelineSpec();
  }
}
