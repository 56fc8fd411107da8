package dev.weblog.bench;

import dev.weblog.common.JobContract;
import dev.weblog.common.Target;
import dev.weblog.common.WebLogRecord;
import dev.weblog.producer.Rate;
import dev.weblog.spark.model.ModelRegistry;
import dev.weblog.spark.train.TrainJob;
import dev.weblog.spark.train.TrainOptions;
import dev.weblog.spark.train.TrainResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What both streaming stages need, prepared once per run: promoted models of both targets in the project layout
 * (TrainJob's defaults on the bench's ingested history), those models exported to plain Java and checked against
 * Spark, and a topic pre-filled with the generated live lines the drains read.
 *
 * @param drainTopic the pre-filled topic, never written again
 * @param models the CURRENT models exported, one per target
 * @param seed what the topic's lines and the models were made with
 */
record StreamSetup(String drainTopic, long records, Map<Target, ExportedModel> models, long seed) {

  static final int PARTITIONS = JobContract.DEFAULT_PARTITIONS;
  /** Rows on which the exported models must agree with Spark's before anything is measured. */
  static final int CHECK_ROWS = 2_000;

  static StreamSetup prepare(BenchEnvironment env, long records, long seed) {
    TrainStage.ensureIngested(env);
    ModelRegistry registry = new ModelRegistry(env.hdfs().fileSystem(), env.layout());
    for (Target t : Target.values()) {
      promote(env, registry, t, seed);
    }
    Map<Target, ExportedModel> models = ModelExport.current(registry);
    List<WebLogRecord> sample = ExportCheck.sample(CHECK_ROWS, seed);
    List<String> mismatches = new ArrayList<>();
    for (Target t : Target.values()) {
      mismatches.addAll(ExportCheck.compare(env.spark(), t, registry.loadCurrent(t).orElseThrow().model(),
          models.get(t), sample, 5).mismatches());
    }
    if (!mismatches.isEmpty()) {
      throw new BenchFailure("stream: the models exported to plain Java do not predict as Spark does, so the "
          + "plain-java floor would not do the project's work: " + String.join("; ", mismatches));
    }
    String bootstrap = env.kafka().bootstrapServers();
    try (BenchTopics topics = BenchTopics.open(bootstrap)) {
      String topic = topics.createFresh("bench-stream-drain", PARTITIONS);
      LiveLines.send(bootstrap, topic, PARTITIONS, records, seed, Rate.UNLIMITED);
      long held = topics.records(topic, PARTITIONS);
      if (held != records) {
        throw new BenchFailure("stream: topic " + topic + " at " + bootstrap + " holds " + held + " records after "
            + "the pre-fill, expected " + records);
      }
      return new StreamSetup(topic, records, models, seed);
    }
  }

  /**
   * A decision tree on the history only, promoted (the plain-Java floor can export trees only); a model already
   * CURRENT (an earlier stage's) stays.
   */
  private static void promote(BenchEnvironment env, ModelRegistry registry, Target target, long seed) {
    if (registry.current(target).isPresent()) {
      return;
    }
    List<String> args = new ArrayList<>(JobContract.trainArgs(env.hdfs().uri(), env.layout(), target,
        "decision_tree"));
    args.addAll(List.of(JobContract.OPT_SEED, Long.toString(seed), "--without-stream-archive"));
    TrainResult result = TrainJob.run(env.spark(), TrainOptions.parse(args.toArray(String[]::new)));
    if (registry.current(target).isEmpty()) {
      throw new BenchFailure("stream: the " + target.id() + " model TrainJob wrote was not promoted: "
          + result.summary());
    }
  }
}
