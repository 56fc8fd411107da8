package dev.weblog.operator.builders;

import dev.weblog.common.HdfsLayout;
import dev.weblog.common.JobContract;
import dev.weblog.common.generator.GenerateCommand;
import dev.weblog.operator.api.DataSpec;
import dev.weblog.operator.api.ImagesSpec;
import dev.weblog.operator.api.WebLogPipeline;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;

/**
 * The Job that puts the history source into HDFS {@code raw/}: generated, downloaded or taken from a volume into
 * a scratch directory by an init container, then copied with the Hadoop CLI as the jobs' user. Re-running it
 * overwrites, so a retried Job leaves one copy. For a managed HDFS its first init container hands the base to the
 * jobs' user.
 */
public final class HistoryLoaderBuilder {

  public static final String APP = "history-loader";
  public static final String COMPONENT = "load";
  public static final String STAGING_DIR = "/staging";
  /** The generator writes its history file under this name into the folder it is given. */
  public static final String STAGED_FILE = STAGING_DIR + "/" + GenerateCommand.HISTORY_FILE;
  /** The generator's options, until JobContract names them. */
  static final String STAGING_VOLUME = "staging";

  /** A directory source is copied file by file, so raw/ holds CSV files and never a nested folder. */
  public static final String PUT_SCRIPT = """
      set -eu
      hdfs dfs -fs "$HDFS_URI" -mkdir -p "$RAW_DIR"
      if [ -d "$SOURCE" ]; then set -- "$SOURCE"/*; else set -- "$SOURCE"; fi
      hdfs dfs -fs "$HDFS_URI" -D dfs.replication="$REPLICATION" -put -f "$@" "$RAW_DIR/"
      echo "loaded $# file(s) into $HDFS_URI$RAW_DIR"
      """;

  private HistoryLoaderBuilder() {}

  public static Job job(WebLogPipeline p, int attempt) {
    DataSpec data = p.getSpec().getData();
    ImagesSpec images = p.getSpec().getImages();
    PodSpecBuilder pod = new PodSpecBuilder()
        .withRestartPolicy("Never")
        .withSecurityContext(SecurityContexts.pod(Images.HADOOP_UID))
        .withImagePullSecrets(Images.pullSecrets(images))
        .withEnableServiceLinks(false)
        .addNewVolume().withName(STAGING_VOLUME).withNewEmptyDir().endEmptyDir().endVolume();
    // A batch pod that runs the generator and the HDFS client, started just before the ingest driver: it goes where
    // the Spark drivers go, not onto the NameNode's nodes, which are often kept for HDFS itself.
    Placements.apply(p.getSpec().getPlacement().getSparkDrivers(), pod);
    if (p.getSpec().getHdfs().isManaged()) {
      pod.addToInitContainers(ownBase(p));
    }
    ContainerBuilder put = hadoop(p, "put-into-hdfs")
        .withCommand("sh", "-c", PUT_SCRIPT)
        .addToEnv(env("HDFS_URI", Endpoints.hdfsUri(p)), env("RAW_DIR", Endpoints.layout(p).raw()),
            env("REPLICATION", String.valueOf(replication(p))), env(HdfsAccess.USER_ENV, HdfsAccess.JOBS_USER));
    switch (data.getSource()) {
      case GENERATOR -> {
        pod.addToInitContainers(generate(p));
        put.addToEnv(env("SOURCE", STAGED_FILE));
      }
      case URL -> {
        pod.addToInitContainers(hadoop(p, "download")
            .withCommand("sh", "-c", "curl -fsSL --retry 5 -o \"$TARGET\" \"$SOURCE_URL\"")
            .addToEnv(env("SOURCE_URL", data.getUrl()), env("TARGET", STAGED_FILE))
            .build());
        put.addToEnv(env("SOURCE", STAGED_FILE));
      }
      case VOLUME -> {
        pod.addToVolumes(Mounts.claim(data.getVolume()));
        put.addToVolumeMounts(Mounts.mount(Mounts.SOURCE_VOLUME, Mounts.SOURCE_DIR, true));
        put.addToEnv(env("SOURCE", Mounts.sourcePath(data.getVolume())));
      }
      default -> throw new IllegalArgumentException("spec.data.source of pipeline "
          + p.getMetadata().getName() + " is not set");
    }
    return new JobBuilder()
        .withMetadata(ObjectMetas.of(p, Names.historyLoader(p, attempt), APP, COMPONENT))
        .withNewSpec()
        .withBackoffLimit(3)
        .withNewTemplate()
        .withNewMetadata().withLabels(ObjectMetas.labels(p, APP, COMPONENT)).endMetadata()
        .withSpec(pod.withContainers(put.build()).build())
        .endTemplate()
        .endSpec()
        .build();
  }

  /**
   * The managed HDFS's base handed to the jobs' user. No HADOOP_USER_NAME: the container runs as the Hadoop image's
   * user, the one the NameNode runs as, which makes it the HDFS superuser. An external HDFS is its admins' to set up.
   */
  private static Container ownBase(WebLogPipeline p) {
    return hadoop(p, "own-base")
        .withCommand("sh", "-c", HdfsAccess.OWN_BASE_SCRIPT)
        .addToEnv(env("HDFS_URI", Endpoints.hdfsUri(p)), env("BASE", Endpoints.layout(p).base()),
            env("OWNER", HdfsAccess.JOBS_USER), env("MODE", HdfsLayout.BASE_MODE))
        .build();
  }

  /** Runs the generator from common, shipped in the spark-apps image, on Spark's classpath. */
  private static Container generate(WebLogPipeline p) {
    String jar = Images.SPARK_APPS_JAR.replaceFirst("^local://", "");
    return new ContainerBuilder()
        .withName("generate")
        .withImage(Images.sparkApps(p.getSpec().getImages()))
        .withImagePullPolicy(Images.pullPolicy(p.getSpec().getImages()))
        .withCommand("java", "-cp", jar + ":/opt/spark/jars/*", JobContract.GENERATOR_MAIN,
            JobContract.OPT_ROWS, String.valueOf(p.getSpec().getData().getGenerator().getRows()),
            JobContract.OPT_LIVE_ROWS, "0",
            JobContract.OPT_SEED, String.valueOf(p.getSpec().getData().getGenerator().getSeed()),
            JobContract.OPT_OUT, STAGING_DIR)
        .withResources(Resources.of(p.getSpec().getHdfs().getResources()))
        .withSecurityContext(SecurityContexts.container(Images.SPARK_UID))
        .withVolumeMounts(Mounts.mount(STAGING_VOLUME, STAGING_DIR, false))
        .build();
  }

  private static ContainerBuilder hadoop(WebLogPipeline p, String name) {
    return new ContainerBuilder()
        .withName(name)
        .withImage(Images.hadoop(p.getSpec().getImages()))
        .withImagePullPolicy(Images.pullPolicy(p.getSpec().getImages()))
        .withResources(Resources.of(p.getSpec().getHdfs().getResources()))
        .withSecurityContext(SecurityContexts.container(Images.HADOOP_UID))
        .addToVolumeMounts(Mounts.mount(STAGING_VOLUME, STAGING_DIR, false));
  }

  /** A managed HDFS may have fewer DataNodes than HDFS's default of three replicas. */
  static int replication(WebLogPipeline p) {
    return p.getSpec().getHdfs().isManaged() ? Math.min(p.getSpec().getHdfs().getDatanodes(), 3) : 3;
  }

  private static EnvVar env(String name, String value) {
    return new EnvVar(name, value, null);
  }
}
