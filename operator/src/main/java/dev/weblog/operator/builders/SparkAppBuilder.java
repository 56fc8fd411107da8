package dev.weblog.operator.builders;

import dev.weblog.common.JobContract;
import dev.weblog.operator.api.ImagesSpec;
import dev.weblog.operator.api.Rules;
import dev.weblog.operator.api.SparkApplicationSpec;
import dev.weblog.operator.api.SparkResources;
import dev.weblog.operator.api.WebLogPipeline;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodFluent;
import io.fabric8.kubernetes.api.model.Service;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.deploy.k8s.Constants;
import org.apache.spark.deploy.k8s.KubernetesDriverSpec;
import org.apache.spark.deploy.k8s.submit.JavaMainAppResource;
import org.apache.spark.deploy.k8s.submit.KubernetesClientUtils;
import org.apache.spark.deploy.k8s.submit.KubernetesDriverBuilder;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/**
 * A Spark application's driver pod and its ConfigMaps, built in-process by spark-kubernetes exactly as
 * spark-submit would, then given the pipeline's owner reference, security context, restart policy and the drivers'
 * placement. The driver creates its executors itself, from the executor template.
 */
public final class SparkAppBuilder {

  public static final String APP = "spark";
  public static final String MASTER = "k8s://https://kubernetes.default.svc";
  public static final String EXECUTOR_TEMPLATE_DIR = "/opt/spark/pod-templates";
  public static final String EXECUTOR_TEMPLATE_FILE = "executor.yaml";
  static final String EXECUTOR_TEMPLATE_VOLUME = "executor-template";
  static final String LOCAL_DIR = "/var/data/spark-local";
  /**
   * A stream driver's SIGTERM lets the running micro-batch finish within StreamJob's stop timeout; Kubernetes'
   * default 30 s would kill it first (the batch is then replayed: correct, but the graceful stop is lost). The
   * real-time driver gets as long: its stop waits for the running tasks and its metrics linger too.
   */
  static final long STREAM_GRACE_SECONDS = JobContract.DEFAULT_STOP_TIMEOUT_SECONDS
      + JobContract.DRIVER_METRICS_LINGER_SECONDS + 30L;
  public static final String METRICS_PORT_NAME = ObjectMetas.METRICS_PORT_NAME;

  private SparkAppBuilder() {}

  public static SparkApp build(WebLogPipeline p, SparkStage stage, int attempt) {
    String appId = Names.sparkApp(p, stage, attempt);
    SparkConf conf = SparkConfs.of(p, stage, appId);
    PipelineDriverConf driverConf = new PipelineDriverConf(conf, appId,
        new JavaMainAppResource(Option.apply(Images.SPARK_APPS_JAR)), JobArgs.mainClass(stage),
        JobArgs.of(p, stage).toArray(String[]::new));
    // spark-kubernetes uses the client only to load pod template files, which SparkConfs refuses.
    KubernetesDriverSpec spec = new KubernetesDriverBuilder().buildFromFeatures(driverConf, null);

    Map<String, String> properties = new LinkedHashMap<>(CollectionConverters.asJava(spec.systemProperties()));
    // Set only inside the driver: at build time Spark would read the template from the operator's disk.
    properties.put("spark.kubernetes.executor.podTemplateFile",
        EXECUTOR_TEMPLATE_DIR + "/" + EXECUTOR_TEMPLATE_FILE);
    properties.put("spark.kubernetes.executor.podTemplateContainerName", "executor");
    String confMapName = KubernetesClientUtils.configMapName(appId + "-driver");
    Map<String, String> confFiles = withoutTimestamps(KubernetesClientUtils.buildSparkConfDirFilesMapJava(
        confMapName, conf, properties));
    ConfigMap sparkConf = new ConfigMapBuilder(KubernetesClientUtils.buildConfigMapJava(confMapName, confFiles,
        Map.of()))
        .withMetadata(ObjectMetas.of(p, confMapName, APP, stage.id()))
        .build();
    ConfigMap template = ExecutorTemplate.configMap(p, stage, appId);

    List<HasMetadata> resources = new ArrayList<>();
    for (HasMetadata r : CollectionConverters.asJava(spec.driverKubernetesResources())) {
      r.getMetadata().setNamespace(p.getMetadata().getNamespace());
      r.getMetadata().getLabels().putAll(ObjectMetas.labels(p, APP, stage.id()));
      r.getMetadata().setOwnerReferences(List.of(ObjectMetas.ownerReference(p)));
      if (r instanceof Service service) {
        // Spark leaves the driver Service's protocol unset; server-side apply on 1.20 refuses such a port.
        service.getSpec().getPorts().stream().filter(port -> port.getProtocol() == null)
            .forEach(port -> port.setProtocol("TCP"));
      }
      resources.add(r);
    }
    Pod driver = driverPod(p, stage, spec, confMapName, confFiles, template.getMetadata().getName());
    return new SparkApp(appId, stage, driver, sparkConf, template, resources);
  }

  private static Pod driverPod(WebLogPipeline p, SparkStage stage, KubernetesDriverSpec spec, String confMapName,
      Map<String, String> confFiles, String templateMapName) {
    // What Spark's submission client adds around the built pod: the conf volume and SPARK_CONF_DIR.
    Container container = new ContainerBuilder(spec.pod().container())
        // Spark would otherwise take the operator process's OS user; executors inherit the driver's.
        .removeMatchingFromEnv(e -> e.getName().equals("SPARK_USER"))
        .addNewEnv().withName("SPARK_USER").withValue(HdfsAccess.JOBS_USER).endEnv()
        .addNewEnv().withName(Constants.ENV_SPARK_CONF_DIR()).withValue(Constants.SPARK_CONF_DIR_INTERNAL())
        .endEnv()
        .addNewVolumeMount().withName(Constants.SPARK_CONF_VOLUME_DRIVER())
        .withMountPath(Constants.SPARK_CONF_DIR_INTERNAL()).endVolumeMount()
        .addNewVolumeMount().withName(EXECUTOR_TEMPLATE_VOLUME).withMountPath(EXECUTOR_TEMPLATE_DIR)
        .withReadOnly(true).endVolumeMount()
        .withSecurityContext(SecurityContexts.container())
        .build();
    // Every driver serves its progress (JobArgs gives each the port): declared, and announced to Prometheus.
    container = new ContainerBuilder(container).addToPorts(ObjectMetas.metricsPort()).build();
    Pod built = spec.pod().pod();
    PodFluent<PodBuilder>.SpecNested<PodBuilder> pod = new PodBuilder(built)
        .withMetadata(new ObjectMetaBuilder(built.getMetadata())
            .withNamespace(p.getMetadata().getNamespace())
            .addToLabels(ObjectMetas.labels(p, APP, stage.id()))
            .addToAnnotations(ObjectMetas.SCRAPE_ANNOTATIONS)
            .withOwnerReferences(ObjectMetas.ownerReference(p))
            .build())
        .editSpec()
        .addToContainers(container)
        .addNewVolume().withName(Constants.SPARK_CONF_VOLUME_DRIVER()).withNewConfigMap().withName(confMapName)
        .withItems(KubernetesClientUtils.buildKeyToPathObjectsJava(confFiles)).endConfigMap().endVolume()
        .addNewVolume().withName(EXECUTOR_TEMPLATE_VOLUME).withNewConfigMap().withName(templateMapName)
        .endConfigMap().endVolume()
        // Every driver reports failure to the reconciler, which starts a new attempt: a driver restarted in place
        // would create executors named like its dead ones' leftover pods and fail on the name clash.
        .withRestartPolicy("Never")
        .withTerminationGracePeriodSeconds(stage.isBatch() ? null : STREAM_GRACE_SECONDS)
        .withSecurityContext(SecurityContexts.pod(Images.SPARK_UID));
    return Placements.apply(p.getSpec().getPlacement().getSparkDrivers(), pod).endSpec().build();
  }

  /** The Spark properties of one application; the user's sparkConf is applied last and wins. */
  static final class SparkConfs {

    private SparkConfs() {}

    static SparkConf of(WebLogPipeline p, SparkStage stage, String appId) {
      ImagesSpec images = p.getSpec().getImages();
      SparkApplicationSpec app = switch (stage.kind()) {
        case STREAM -> p.getSpec().getStreaming();
        case REALTIME -> p.getSpec().getRealtime();
        case INGEST, TRAIN -> p.getSpec().getTraining();
      };
      SparkResources driver = app.getDriver();
      SparkResources executor = app.getExecutor();

      SparkConf conf = new SparkConf(false)
          .set("spark.master", MASTER)
          .set("spark.app.name", Names.instance(p) + "-" + stage.id())
          .set("spark.app.id", appId)
          .set("spark.submit.deployMode", "cluster")
          .set("spark.kubernetes.namespace", p.getMetadata().getNamespace())
          .set("spark.kubernetes.container.image", Images.sparkApps(images))
          // spark-submit adds the application jar to spark.jars on the submitting side; building the driver
          // in-process skips that, and executors then cannot load the jobs' classes (seen on a real cluster:
          // "cannot assign instance of SerializedLambda" in the first task).
          .set("spark.jars", Images.SPARK_APPS_JAR)
          .set("spark.kubernetes.container.image.pullPolicy", Images.pullPolicy(images))
          .set("spark.kubernetes.authenticate.driver.serviceAccountName", Names.spark(p))
          .set("spark.kubernetes.driver.pod.name", appId + "-driver")
          .set("spark.kubernetes.executor.podNamePrefix", appId)
          .set("spark.hadoop.fs.defaultFS", Endpoints.hdfsUri(p))
          // Spark picks a random scratch directory name otherwise, and the pod would differ on every build.
          .set("spark.local.dir", LOCAL_DIR)
          .set("spark.driver.cores", String.valueOf(driver.getCores()))
          .set("spark.kubernetes.driver.request.cores", driver.requestedCpu())
          .set("spark.kubernetes.driver.limit.cores", String.valueOf(driver.getCores()))
          .set("spark.driver.memory", driver.getMemory())
          .set("spark.executor.instances", String.valueOf(app.getExecutors()))
          .set("spark.executor.cores", String.valueOf(executor.getCores()))
          .set("spark.kubernetes.executor.request.cores", executor.requestedCpu())
          .set("spark.kubernetes.executor.limit.cores", String.valueOf(executor.getCores()))
          .set("spark.executor.memory", executor.getMemory());
      if (stage.kind() == SparkStage.Kind.STREAM) {
        KafkaCredentials.mountInSpark(p, KafkaClient.STREAM, conf);
      } else if (stage.kind() == SparkStage.Kind.REALTIME) {
        KafkaCredentials.mountInSpark(p, KafkaClient.REALTIME, conf);
      }
      if (!images.getPullSecrets().isEmpty()) {
        conf.set("spark.kubernetes.container.image.pullSecrets", String.join(",", images.getPullSecrets()));
      }
      ObjectMetas.labels(p, APP, stage.id()).forEach((k, v) -> {
        conf.set("spark.kubernetes.driver.label." + k, v);
        conf.set("spark.kubernetes.driver.service.label." + k, v);
      });
      ObjectMetas.labels(p, APP, stage.id() + "-executor").forEach(
          (k, v) -> conf.set("spark.kubernetes.executor.label." + k, v));
      app.getSparkConf().forEach((key, value) -> {
        if (key.endsWith(".podTemplateFile")) {
          throw new IllegalArgumentException("spec." + section(stage) + ".sparkConf of pipeline "
              + p.getMetadata().getName() + " sets " + key + "; " + Rules.NO_POD_TEMPLATES_MSG);
        }
        conf.set(key, value);
      });
      return conf;
    }

    private static String section(SparkStage stage) {
      return switch (stage.kind()) {
        case STREAM -> "streaming";
        case REALTIME -> "realtime";
        case INGEST, TRAIN -> "training";
      };
    }
  }

  /**
   * Spark writes the properties with java.util.Properties, whose first comment is the current date: dropped,
   * so that the same spec always gives the same ConfigMap and the reconciler sees no change where there is none.
   */
  static Map<String, String> withoutTimestamps(Map<String, String> files) {
    Map<String, String> clean = new LinkedHashMap<>();
    files.forEach((name, content) -> clean.put(name,
        content.lines().filter(line -> !line.matches("#\\w{3} \\w{3} .*\\d{4}"))
            .collect(java.util.stream.Collectors.joining("\n", "", "\n"))));
    return clean;
  }
}
