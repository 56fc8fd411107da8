package dev.weblog.operator.builders;

import dev.weblog.operator.api.TrainingTarget;
import dev.weblog.operator.api.WebLogPipeline;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.spark.SecurityManager;
import org.apache.spark.SparkConf;
import org.apache.spark.deploy.k8s.KubernetesExecutorConf;
import org.apache.spark.resource.ResourceProfile$;
import org.apache.spark.scheduler.cluster.k8s.KubernetesExecutorBuilder;
import scala.Option;

/**
 * Every pod a pipeline runs, labels and spec, by where it comes from: the pod templates of the HDFS StatefulSets,
 * the history loader Job and the producer Deployment, each Spark driver pod, and the executor pods Spark builds
 * from our conf and template (built here by spark-kubernetes itself, as the driver would).
 */
final class EmittedPods {

  private EmittedPods() {}

  /** {@code offline} is a client without a server: spark-kubernetes reads the executor template through one. */
  static Map<String, Pod> of(WebLogPipeline p, Path tmp, KubernetesClient offline) throws IOException {
    Map<String, Pod> pods = new LinkedHashMap<>();
    for (HasMetadata o : HdfsBuilder.build(p)) {
      if (o instanceof StatefulSet s) {
        pods.put("StatefulSet/" + s.getMetadata().getName(), pod(s.getSpec().getTemplate()));
      }
    }
    var job = HistoryLoaderBuilder.job(p, 1);
    pods.put("Job/" + job.getMetadata().getName(), pod(job.getSpec().getTemplate()));
    for (HasMetadata o : ProducerBuilder.build(p)) {
      Deployment d = (Deployment) o;
      pods.put("Deployment/" + d.getMetadata().getName(), pod(d.getSpec().getTemplate()));
    }
    for (SparkStage stage : stages(p)) {
      SparkApp app = SparkAppBuilder.build(p, stage, 1);
      pods.put("Pod/" + app.driver().getMetadata().getName(), app.driver());
      Pod executor = executor(app, tmp, offline);
      pods.put("executor of " + app.appId() + " (" + executor.getSpec().getVolumes().size() + " volumes)", executor);
    }
    return pods;
  }

  static List<SparkStage> stages(WebLogPipeline p) {
    List<SparkStage> stages = new ArrayList<>(List.of(SparkStage.ingest(), SparkStage.stream()));
    for (TrainingTarget t : p.getSpec().getTraining().getTargets()) {
      stages.add(SparkStage.train(t.target()));
    }
    return stages;
  }

  /** The executor pod the driver would create: spark-kubernetes' own builder, on the driver's conf and template. */
  static Pod executor(SparkApp app, Path tmp, KubernetesClient offline) throws IOException {
    Properties properties = new Properties();
    properties.load(new StringReader(app.sparkConf().getData().values().stream()
        .filter(f -> f.contains("spark.app.id")).findFirst().orElseThrow()));
    SparkConf conf = new SparkConf(false);
    properties.forEach((k, v) -> conf.set((String) k, (String) v));
    Path template = Files.writeString(tmp.resolve(app.appId() + "-executor.yaml"),
        app.executorTemplate().getData().get(SparkAppBuilder.EXECUTOR_TEMPLATE_FILE));
    conf.set("spark.kubernetes.executor.podTemplateFile", template.toString());
    KubernetesExecutorConf executorConf = new KubernetesExecutorConf(conf, app.appId(), "1", Option.empty(), 0);
    SecurityManager security = new SecurityManager(conf, Option.empty(),
        org.apache.spark.internal.config.package$.MODULE$.AUTH_SECRET_FILE_EXECUTOR());
    var spec = new KubernetesExecutorBuilder().buildFromFeatures(executorConf, security, offline,
        ResourceProfile$.MODULE$.getOrCreateDefaultProfile(conf));
    return new PodBuilder(spec.pod().pod()).editSpec().withContainers(spec.pod().container()).endSpec().build();
  }

  private static Pod pod(PodTemplateSpec template) {
    return new PodBuilder().withMetadata(template.getMetadata()).withSpec(template.getSpec()).build();
  }
}
