package dev.weblog.operator.builders;

import dev.weblog.operator.api.WebLogPipeline;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import java.util.Map;
import org.apache.spark.deploy.k8s.Constants;

/**
 * What stands beside whichever streaming driver runs, under names fixed for the pipeline's life (Spark names its
 * own objects per attempt): a Service for its Spark UI, so a {@code kubectl port-forward} line outlives restarts,
 * and the optional budget that keeps a drain from evicting it.
 */
public final class StreamDriverObjects {

  public static final String UI_PORT_NAME = Constants.UI_PORT_NAME();
  /** Spark's default {@code spark.ui.port}, which the driver pod declares (StreamDriverObjectsTest checks it). */
  public static final int UI_PORT = 4040;

  private StreamDriverObjects() {}

  /** The stream's driver pods, of any attempt: only one runs at a time. */
  static Map<String, String> driverSelector(WebLogPipeline p) {
    Map<String, String> selector = ObjectMetas.selector(p, SparkAppBuilder.APP, SparkStage.stream().id());
    selector.put(Constants.SPARK_ROLE_LABEL(), Constants.SPARK_POD_DRIVER_ROLE());
    return selector;
  }

  public static Service uiService(WebLogPipeline p) {
    return new ServiceBuilder()
        .withMetadata(ObjectMetas.of(p, Names.streamUi(p), SparkAppBuilder.APP, SparkStage.stream().id() + "-ui"))
        .withNewSpec()
        .withSelector(driverSelector(p))
        .addNewPort().withName(UI_PORT_NAME).withPort(UI_PORT).withNewTargetPort(UI_PORT).withProtocol("TCP")
        .endPort()
        .endSpec()
        .build();
  }

  /** No eviction of the driver at all: with one driver, any other budget would allow its eviction. */
  public static PodDisruptionBudget disruptionBudget(WebLogPipeline p) {
    return new PodDisruptionBudgetBuilder()
        .withMetadata(ObjectMetas.of(p, Names.streamDisruptionBudget(p), SparkAppBuilder.APP,
            SparkStage.stream().id()))
        .withNewSpec()
        .withMaxUnavailable(new IntOrString(0))
        .withNewSelector().withMatchLabels(driverSelector(p)).endSelector()
        .endSpec()
        .build();
  }
}
