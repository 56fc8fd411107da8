package dev.weblog.common;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How the pipeline's programs are started: main classes and their options. The jobs declare their options
 * with these names and the operator builds argument lists with the helpers here, so both sides share one
 * definition.
 */
public final class JobContract {

  public static final String INGEST_MAIN = "dev.weblog.spark.ingest.IngestJob";
  public static final String TRAIN_MAIN = "dev.weblog.spark.train.TrainJob";
  public static final String STREAM_MAIN = "dev.weblog.spark.stream.StreamJob";
  public static final String REALTIME_MAIN = "dev.weblog.spark.realtime.RealtimeJob";
  public static final String PRODUCER_MAIN = "dev.weblog.producer.ReplayProducer";
  public static final String GENERATOR_MAIN = "dev.weblog.common.generator.GenerateCommand";
  /** Prints one JSON line accounting for what the stream committed (for users checking a pipeline, and e2e). */
  public static final String AUDIT_MAIN = "dev.weblog.spark.stream.StreamAudit";

  /** Options every Spark job takes. */
  public static final String OPT_HDFS = "--hdfs";
  public static final String OPT_BASE = "--base";

  /** TrainJob. */
  public static final String OPT_TARGET = "--target";
  public static final String OPT_ALGORITHM = "--algorithm";
  public static final String OPT_MAX_DEPTH = "--max-depth";
  public static final String OPT_NUM_TREES = "--num-trees";
  public static final String OPT_MIN_ACCURACY = "--min-accuracy";
  public static final String OPT_MAX_REGRESSION = "--max-regression";
  public static final String OPT_SEED = "--seed";
  /**
   * TrainJob, retraining on recent data: the archived live lines processed within this span before the newest
   * archived line are recent ({@code <n>s|m|h|d}, see {@link RecentWindow}); they weigh {@link #OPT_RECENT_SHARE}
   * of the training rows, and the most recent {@link #OPT_RECENT_HOLDOUT} of their labelled lines are held back to
   * judge the candidate against the serving model.
   */
  public static final String OPT_RECENT_WINDOW = "--recent-window";
  /** TrainJob: recent lines only from this instant (ISO-8601) on, e.g. when drift began; narrows the window. */
  public static final String OPT_RECENT_SINCE = "--recent-since";
  /** TrainJob: the share (0..1) of the training weight the recent lines carry together. */
  public static final String OPT_RECENT_SHARE = "--recent-share";
  /** TrainJob: the share (0..1) of the recent labelled lines, the newest, held back for the gate. */
  public static final String OPT_RECENT_HOLDOUT = "--recent-holdout";
  public static final String DEFAULT_RECENT_WINDOW = "24h";
  public static final double DEFAULT_RECENT_SHARE = 0.8;
  public static final double DEFAULT_RECENT_HOLDOUT = 0.2;

  /** StreamJob, drift monitoring: the drift rule ({@code dev.weblog.common.monitor.DriftRule}, defaults there). */
  public static final String OPT_DRIFT_PSI = "--drift-psi";
  public static final String OPT_DRIFT_ACCURACY_DROP = "--drift-accuracy-drop";
  public static final String OPT_DRIFT_BATCHES = "--drift-batches";
  public static final String OPT_DRIFT_MIN_LINES = "--drift-min-lines";
  public static final String OPT_DRIFT_MIN_LABELLED = "--drift-min-labelled";
  /** StreamJob: no drift monitoring at all (no counting per line, no {@code stream/monitor/} rows, no drift series). */
  public static final String OPT_NO_DRIFT_MONITORING = "--no-drift-monitoring";

  /** StreamJob and ReplayProducer. */
  public static final String OPT_BOOTSTRAP = "--bootstrap-servers";
  public static final String OPT_TOPIC = "--topic";
  public static final String OPT_TRIGGER = "--trigger";
  public static final String OPT_MAX_OFFSETS = "--max-offsets-per-trigger";
  /**
   * The most records one micro-batch takes from a backlog: a bound on a batch's size (a few seconds' work on two
   * cores) that does not cap a catch-up's rate. 250,000 did on two cores: a 1 s trigger's batch was done in 0.7 s
   * and waited for the next trigger, so a backlog drained at 250,000 records/s whatever the stream could do.
   */
  public static final long DEFAULT_MAX_OFFSETS = 1_000_000;
  public static final String OPT_STARTING_OFFSETS = "--starting-offsets";
  /** StreamJob: on SIGTERM, how long the running micro-batch may take to finish (the driver pod allows for it). */
  public static final String OPT_STOP_TIMEOUT = "--stop-timeout";
  public static final int DEFAULT_STOP_TIMEOUT_SECONDS = 120;
  /** A Kafka client setting KEY=VALUE (security, tuning); repeatable. Values may be config-provider references. */
  public static final String OPT_KAFKA_PROPERTY = "--kafka-property";
  /**
   * The port of a program's Prometheus endpoint ({@link #METRICS_PATH}); 0 takes a free one. StreamJob serves one by
   * default (port 0: several streams in one JVM); IngestJob, TrainJob and ReplayProducer only when given the option.
   * A pod's driver or producer is given {@link #DRIVER_METRICS_PORT}.
   */
  public static final String OPT_METRICS_PORT = "--metrics-port";
  /** The one metrics port of every pod that serves {@link #METRICS_PATH}: the Spark drivers and the producer. */
  public static final int DRIVER_METRICS_PORT = 9095;
  /** The stream driver's metrics port: {@link #DRIVER_METRICS_PORT}, as every driver's. */
  public static final int STREAM_METRICS_PORT = DRIVER_METRICS_PORT;
  public static final String METRICS_PATH = "/metrics";
  /**
   * StreamJob: after its query stopped, how long the endpoint keeps serving the final figures, so the last scrape
   * sees them (default 0); a pod's stream driver is given {@link #DRIVER_METRICS_LINGER_SECONDS}.
   */
  public static final String OPT_METRICS_LINGER = "--metrics-linger-seconds";
  /** Three scrapes at the e2e's 5 s, half of one at a common 30 s. */
  public static final int DRIVER_METRICS_LINGER_SECONDS = 15;

  /** ReplayProducer: a file, or N generated live lines. */
  public static final String OPT_FILE = "--file";
  public static final String OPT_GENERATE = "--generate";
  /** Producer, generator only: every Nth line is broken in one of the ways the codec refuses (0 = never). */
  public static final String OPT_MALFORMED_EVERY = "--malformed-every";
  /** The generator (and the producer's --generate): the first live row of a shifted world, and what shifts. */
  public static final String OPT_DRIFT_AT = "--drift-at";
  public static final String OPT_DRIFT_KIND = "--drift-kind";
  public static final String OPT_RATE = "--rate";
  public static final String OPT_PARTITIONS = "--partitions";
  public static final String OPT_LIMIT = "--limit";

  /** The generator ({@code generate}): sizes and the output folder, which receives history.csv and live.csv. */
  public static final String OPT_ROWS = "--rows";
  public static final String OPT_LIVE_ROWS = "--live-rows";
  public static final String OPT_OUT = "--out";

  public static final String DEFAULT_TOPIC = "ec_web_logs_stream";
  /** The real-time path's outputs: one prediction event per valid line, one quarantine event per rejected one. */
  public static final String OPT_PREDICTIONS_TOPIC = "--predictions-topic";
  public static final String OPT_QUARANTINE_TOPIC = "--quarantine-topic";
  public static final String DEFAULT_PREDICTIONS_TOPIC = "ec_web_logs_predictions";
  public static final String DEFAULT_QUARANTINE_TOPIC = "ec_web_logs_quarantine";
  /** RealtimeJob: how often its offsets are checkpointed (what a restart repeats at most) and models looked up. */
  public static final String OPT_CHECKPOINT_INTERVAL = "--checkpoint-interval";
  public static final String DEFAULT_CHECKPOINT_INTERVAL = "1 minute";
  public static final String OPT_MODEL_REFRESH = "--model-refresh";
  public static final int DEFAULT_MODEL_REFRESH_SECONDS = 60;
  public static final int DEFAULT_PARTITIONS = 3;
  public static final String DEFAULT_TRIGGER = "1 second";

  /** Exit code of a batch job that ran but whose model was refused by the quality gate, when asked to fail. */
  public static final int EXIT_GATE_REFUSED = 3;
  /** Exit code for a usage or input error a person must fix (bad option, missing path, empty input). */
  public static final int EXIT_USAGE = 2;
  /**
   * Exit code when a service the job needs did not answer or is not there yet (HDFS, Kafka, the topic): the same
   * run may succeed later, so the operator retries it with its backoff, where it never retries {@link #EXIT_USAGE}.
   */
  public static final int EXIT_UNAVAILABLE = 4;

  private JobContract() {}

  public static List<String> ingestArgs(String hdfsUri, HdfsLayout layout) {
    return common(hdfsUri, layout);
  }

  public static List<String> trainArgs(String hdfsUri, HdfsLayout layout, Target target, String algorithm) {
    List<String> args = common(hdfsUri, layout);
    args.add(OPT_TARGET);
    args.add(target.id());
    args.add(OPT_ALGORITHM);
    args.add(algorithm);
    return args;
  }

  public static List<String> streamArgs(String hdfsUri, HdfsLayout layout, String bootstrap, String topic,
      String trigger) {
    List<String> args = common(hdfsUri, layout);
    args.add(OPT_BOOTSTRAP);
    args.add(bootstrap);
    args.add(OPT_TOPIC);
    args.add(topic);
    args.add(OPT_TRIGGER);
    args.add(trigger);
    return args;
  }

  /** The real-time job's arguments; the Kafka client settings follow as {@link #kafkaPropertyArgs}. */
  public static List<String> realtimeArgs(String hdfsUri, HdfsLayout layout, String bootstrap, String topic,
      String predictionsTopic, String quarantineTopic) {
    List<String> args = common(hdfsUri, layout);
    args.addAll(List.of(OPT_BOOTSTRAP, bootstrap, OPT_TOPIC, topic, OPT_PREDICTIONS_TOPIC, predictionsTopic,
        OPT_QUARANTINE_TOPIC, quarantineTopic));
    return args;
  }

  /** One {@link #OPT_KAFKA_PROPERTY} per setting, in the map's order. */
  public static List<String> kafkaPropertyArgs(Map<String, String> properties) {
    List<String> args = new ArrayList<>();
    properties.forEach((key, value) -> {
      args.add(OPT_KAFKA_PROPERTY);
      args.add(key + "=" + value);
    });
    return args;
  }

  private static List<String> common(String hdfsUri, HdfsLayout layout) {
    List<String> args = new ArrayList<>();
    args.add(OPT_HDFS);
    args.add(hdfsUri);
    args.add(OPT_BASE);
    args.add(layout.base());
    return args;
  }
}
