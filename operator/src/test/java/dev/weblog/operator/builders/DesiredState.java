package dev.weblog.operator.builders;

import dev.weblog.common.Target;
import dev.weblog.operator.api.TrainingTarget;
import dev.weblog.operator.api.WebLogPipeline;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;

/** Every object the builders emit for a pipeline, for tests that check them all alike. */
final class DesiredState {

  private DesiredState() {}

  static List<HasMetadata> all(WebLogPipeline p) {
    List<HasMetadata> all = new ArrayList<>();
    all.addAll(SparkRbacBuilder.build(p));
    all.addAll(HdfsNetworkPolicies.build(p));
    all.addAll(HdfsBuilder.build(p));
    all.addAll(KafkaBuilder.build(p));
    all.add(HistoryLoaderBuilder.job(p, 1));
    all.addAll(SparkAppBuilder.build(p, SparkStage.ingest(), 1).all());
    for (TrainingTarget t : p.getSpec().getTraining().getTargets()) {
      Target target = t.target();
      all.addAll(SparkAppBuilder.build(p, SparkStage.train(target), 1).all());
    }
    all.addAll(SparkAppBuilder.build(p, SparkStage.stream(), 1).all());
    all.addAll(ProducerBuilder.build(p));
    return all;
  }
}
