package dev.weblog.operator.builders;

import dev.weblog.common.JobContract;
import dev.weblog.operator.api.DriftKind;
import dev.weblog.operator.api.ProducerSource;
import dev.weblog.operator.api.ProducerSpec;
import dev.weblog.operator.api.WebLogPipeline;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The replay producer: one pod sending live lines to the topic at the spec's rate. */
public final class ProducerBuilder {

  public static final String APP = "producer";
  public static final String COMPONENT = "replay";
  /** Jib images list their classpath in this file; java reads it as an argument file. */
  public static final String JIB_CLASSPATH = "@/app/jib-classpath-file";

  private ProducerBuilder() {}

  /** Empty when the producer is disabled, so the reconciler removes a running one. */
  public static List<HasMetadata> build(WebLogPipeline p) {
    return p.getSpec().getProducer().isEnabled() ? List.of(deployment(p)) : List.of();
  }

  public static Deployment deployment(WebLogPipeline p) {
    ProducerSpec spec = p.getSpec().getProducer();
    ContainerBuilder container = new ContainerBuilder()
        .withName(APP)
        .withImage(Images.producer(p.getSpec().getImages()))
        .withImagePullPolicy(Images.pullPolicy(p.getSpec().getImages()))
        .withCommand("java", "-cp", JIB_CLASSPATH, JobContract.PRODUCER_MAIN)
        .withArgs(args(p))
        .withResources(Resources.of(spec.getResources()))
        .withSecurityContext(SecurityContexts.container())
        .withVolumeMounts(KafkaCredentials.mounts(p))
        .withPorts(ObjectMetas.metricsPort());
    PodSpecBuilder pod = new PodSpecBuilder()
        .withSecurityContext(SecurityContexts.pod(Images.PRODUCER_UID))
        .withImagePullSecrets(Images.pullSecrets(p.getSpec().getImages()))
        .withEnableServiceLinks(false)
        .withVolumes(KafkaCredentials.volumes(p, KafkaClient.PRODUCER));
    Placements.apply(p.getSpec().getPlacement().getProducer(), pod);
    if (spec.getSource() == ProducerSource.VOLUME) {
      container.addToVolumeMounts(Mounts.mount(Mounts.SOURCE_VOLUME, Mounts.SOURCE_DIR, true));
      pod.addToVolumes(Mounts.claim(spec.getVolume()));
    }
    return new DeploymentBuilder()
        .withMetadata(ObjectMetas.of(p, Names.producer(p), APP, COMPONENT))
        .withNewSpec()
        .withReplicas(1)
        // Never two producers at once: the rate is per pipeline, not per pod.
        .withNewStrategy().withType("Recreate").endStrategy()
        .withNewSelector().withMatchLabels(ObjectMetas.selector(p, APP, COMPONENT)).endSelector()
        .withNewTemplate()
        .withNewMetadata().withLabels(ObjectMetas.labels(p, APP, COMPONENT))
        .withAnnotations(ObjectMetas.SCRAPE_ANNOTATIONS).endMetadata()
        .withSpec(pod.withContainers(container.build()).build())
        .endTemplate()
        .endSpec()
        .build();
  }

  /** Enough generated lines to replay for years at the default rate: in the cluster the replay is endless. */
  static final long GENERATED_LIVE_LINES = 1_000_000_000L;

  static List<String> args(WebLogPipeline p) {
    ProducerSpec spec = p.getSpec().getProducer();
    List<String> args = new ArrayList<>(List.of(
        JobContract.OPT_BOOTSTRAP, Endpoints.bootstrapServers(p),
        JobContract.OPT_TOPIC, p.getSpec().getKafka().getTopic(),
        JobContract.OPT_RATE, String.valueOf(spec.getRate()),
        JobContract.OPT_PARTITIONS, String.valueOf(p.getSpec().getKafka().getPartitions())));
    if (spec.getSource() == ProducerSource.VOLUME) {
      args.addAll(List.of(JobContract.OPT_FILE, Mounts.sourcePath(spec.getVolume())));
    } else {
      args.addAll(List.of(JobContract.OPT_GENERATE, String.valueOf(GENERATED_LIVE_LINES),
          JobContract.OPT_SEED, String.valueOf(spec.getSeed())));
      if (spec.getMalformedEvery() > 0) {
        args.addAll(List.of(JobContract.OPT_MALFORMED_EVERY, String.valueOf(spec.getMalformedEvery())));
      }
      if (spec.getDriftAt() > 0) {
        List<DriftKind> kinds = spec.getDriftKinds() == null || spec.getDriftKinds().isEmpty()
            ? List.of(DriftKind.ALL) : spec.getDriftKinds();
        args.addAll(List.of(JobContract.OPT_DRIFT_AT, String.valueOf(spec.getDriftAt()), JobContract.OPT_DRIFT_KIND,
            kinds.stream().map(DriftKind::id).collect(Collectors.joining(","))));
      }
    }
    args.addAll(List.of(JobContract.OPT_METRICS_PORT, String.valueOf(JobContract.DRIVER_METRICS_PORT)));
    args.addAll(JobContract.kafkaPropertyArgs(KafkaCredentials.clientProperties(p)));
    return args;
  }
}
