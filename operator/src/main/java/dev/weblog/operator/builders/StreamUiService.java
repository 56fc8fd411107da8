package dev.weblog.operator.builders;

import dev.weblog.operator.api.WebLogPipeline;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.Map;
import org.apache.spark.deploy.k8s.Constants;

/**
 * The streaming driver's Spark UI under one name for the pipeline's life: Spark's own driver Service is named per
 * attempt, so a {@code kubectl port-forward} line would change with every restart. It selects whichever stream
 * driver runs; only a ready one is behind it.
 */
public final class StreamUiService {

  public static final String PORT_NAME = Constants.UI_PORT_NAME();
  /** Spark's default {@code spark.ui.port}, which the driver pod declares (StreamUiServiceTest checks it). */
  public static final int PORT = 4040;

  private StreamUiService() {}

  public static Service build(WebLogPipeline p) {
    Map<String, String> selector = ObjectMetas.selector(p, SparkAppBuilder.APP, SparkStage.stream().id());
    selector.put(Constants.SPARK_ROLE_LABEL(), Constants.SPARK_POD_DRIVER_ROLE());
    return new ServiceBuilder()
        .withMetadata(ObjectMetas.of(p, Names.streamUi(p), SparkAppBuilder.APP, SparkStage.stream().id() + "-ui"))
        .withNewSpec()
        .withSelector(selector)
        .addNewPort().withName(PORT_NAME).withPort(PORT).withNewTargetPort(PORT).withProtocol("TCP").endPort()
        .endSpec()
        .build();
  }
}
