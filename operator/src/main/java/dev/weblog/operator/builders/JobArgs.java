package dev.weblog.operator.builders;

import dev.weblog.common.JobContract;
import dev.weblog.common.monitor.DriftRule;
import dev.weblog.operator.api.Algorithm;
import dev.weblog.operator.api.RealtimeSpec;
import dev.weblog.operator.api.RetrainSpec;
import dev.weblog.operator.api.StageStatus;
import dev.weblog.operator.api.StreamingSpec;
import dev.weblog.operator.api.TrainingSpec;
import dev.weblog.operator.api.WebLogPipeline;
import dev.weblog.operator.api.WebLogPipelineStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The main class and arguments of each Spark stage, from the job contract in common. */
public final class JobArgs {

  private JobArgs() {}

  public static String mainClass(SparkStage stage) {
    return switch (stage.kind()) {
      case INGEST -> JobContract.INGEST_MAIN;
      case TRAIN -> JobContract.TRAIN_MAIN;
      case STREAM -> JobContract.STREAM_MAIN;
      case REALTIME -> JobContract.REALTIME_MAIN;
    };
  }

  public static List<String> of(WebLogPipeline p, SparkStage stage) {
    String hdfs = Endpoints.hdfsUri(p);
    List<String> args = new ArrayList<>(switch (stage.kind()) {
      case INGEST -> JobContract.ingestArgs(hdfs, Endpoints.layout(p));
      case TRAIN -> train(p, stage, hdfs);
      case STREAM -> stream(p, hdfs);
      case REALTIME -> realtime(p, hdfs);
    });
    // Every driver serves its progress on the port its pod declares (SparkAppBuilder).
    add(args, JobContract.OPT_METRICS_PORT, JobContract.DRIVER_METRICS_PORT);
    return args;
  }

  private static List<String> train(WebLogPipeline p, SparkStage stage, String hdfs) {
    TrainingSpec training = p.getSpec().getTraining();
    List<String> args = JobContract.trainArgs(hdfs, Endpoints.layout(p), stage.target(),
        training.getAlgorithm().id());
    if (training.getAlgorithm() != Algorithm.AUTO) {
      add(args, JobContract.OPT_MAX_DEPTH, training.getMaxDepth());
    }
    if (training.getAlgorithm() == Algorithm.RANDOM_FOREST) {
      add(args, JobContract.OPT_NUM_TREES, training.getNumTrees());
    }
    add(args, JobContract.OPT_MIN_ACCURACY, training.getQualityGate().getMinAccuracy());
    add(args, JobContract.OPT_MAX_REGRESSION, training.getQualityGate().getMaxRegression());
    add(args, JobContract.OPT_SEED, training.getSeed());
    RetrainSpec retrain = training.getRetrain();
    add(args, JobContract.OPT_RECENT_WINDOW, retrain.getRecentWindow());
    add(args, JobContract.OPT_RECENT_SHARE, retrain.getRecentShare());
    add(args, JobContract.OPT_RECENT_HOLDOUT, retrain.getRecentHoldout());
    driftSince(p, stage).ifPresent(since -> add(args, JobContract.OPT_RECENT_SINCE, since));
    return args;
  }

  private static List<String> stream(WebLogPipeline p, String hdfs) {
    StreamingSpec streaming = p.getSpec().getStreaming();
    List<String> args = JobContract.streamArgs(hdfs, Endpoints.layout(p), Endpoints.bootstrapServers(p),
        p.getSpec().getKafka().getTopic(), streaming.getTrigger());
    if (streaming.getMaxOffsetsPerTrigger() != null) {
      add(args, JobContract.OPT_MAX_OFFSETS, streaming.getMaxOffsetsPerTrigger());
    }
    add(args, JobContract.OPT_STARTING_OFFSETS, streaming.getStartingOffsets().id());
    DriftRule drift = streaming.getDrift().rule();
    add(args, JobContract.OPT_DRIFT_PSI, drift.psiThreshold());
    add(args, JobContract.OPT_DRIFT_ACCURACY_DROP, drift.accuracyDrop());
    add(args, JobContract.OPT_DRIFT_BATCHES, drift.batches());
    add(args, JobContract.OPT_DRIFT_MIN_LINES, drift.minLines());
    add(args, JobContract.OPT_DRIFT_MIN_LABELLED, drift.minLabelled());
    // The stopped driver's final counts stay up for a last scrape: Prometheus then adds up every record.
    add(args, JobContract.OPT_METRICS_LINGER, JobContract.DRIVER_METRICS_LINGER_SECONDS);
    args.addAll(JobContract.kafkaPropertyArgs(KafkaCredentials.clientProperties(p)));
    return args;
  }

  private static List<String> realtime(WebLogPipeline p, String hdfs) {
    RealtimeSpec realtime = p.getSpec().getRealtime();
    List<String> args = JobContract.realtimeArgs(hdfs, Endpoints.layout(p), Endpoints.bootstrapServers(p),
        p.getSpec().getKafka().getTopic(), realtime.getPredictionsTopic(), realtime.getQuarantineTopic());
    add(args, JobContract.OPT_CHECKPOINT_INTERVAL, realtime.getCheckpointInterval());
    add(args, JobContract.OPT_MODEL_REFRESH, realtime.getModelRefreshSeconds());
    add(args, JobContract.OPT_STARTING_OFFSETS, realtime.getStartingOffsets().id());
    args.addAll(JobContract.kafkaPropertyArgs(KafkaCredentials.clientProperties(p)));
    return args;
  }

  /**
   * When drift began, for the train run a drift detection started (status.drift): its recent lines start there.
   * Any other run, and the same run once a spec change superseded it, uses the whole recent window.
   */
  private static Optional<String> driftSince(WebLogPipeline p, SparkStage stage) {
    WebLogPipelineStatus status = p.getStatus();
    if (status == null || status.getDrift() == null || status.getDrift().getRetrainKey() == null) {
      return Optional.empty();
    }
    StageStatus st = status.getStages().get(stage.id());
    return st != null && status.getDrift().getRetrainKey().equals(st.getRunKey())
        ? Optional.ofNullable(status.getDrift().getRecentSince()) : Optional.empty();
  }

  private static void add(List<String> args, String option, Object value) {
    args.add(option);
    args.add(String.valueOf(value));
  }
}
