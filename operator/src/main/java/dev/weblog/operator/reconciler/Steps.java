package dev.weblog.operator.reconciler;

import dev.weblog.operator.reconciler.steps.HdfsStep;
import dev.weblog.operator.reconciler.steps.IngestStep;
import dev.weblog.operator.reconciler.steps.KafkaStep;
import dev.weblog.operator.reconciler.steps.LoadHistoryStep;
import dev.weblog.operator.reconciler.steps.NetworkPolicyStep;
import dev.weblog.operator.reconciler.steps.ProducerStep;
import dev.weblog.operator.reconciler.steps.RealtimeStep;
import dev.weblog.operator.reconciler.steps.SparkRbacStep;
import dev.weblog.operator.reconciler.steps.StreamStep;
import dev.weblog.operator.reconciler.steps.SuspendStep;
import dev.weblog.operator.reconciler.steps.TrainStep;
import java.util.List;

/** The pipeline's stages in the order they depend on each other. */
public final class Steps {

  private Steps() {}

  public static List<Step> ordered() {
    return List.of(new SparkRbacStep(), new NetworkPolicyStep(), new HdfsStep(), new KafkaStep(), new LoadHistoryStep(),
        new IngestStep(),
        new TrainStep(), new StreamStep(), new RealtimeStep(), new ProducerStep());
  }

  /**
   * While {@code spec.suspend}: the workload stopped first, whatever state HDFS and Kafka are in, then only what
   * holds the data, which goes on being provisioned or kept.
   */
  public static List<Step> suspended() {
    return List.of(new SuspendStep(), new SparkRbacStep(), new NetworkPolicyStep(), new HdfsStep(), new KafkaStep());
  }
}
