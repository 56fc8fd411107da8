package dev.weblog.bench;

import dev.weblog.common.JobContract;
import dev.weblog.common.Target;
import dev.weblog.spark.ingest.IngestJob;
import dev.weblog.spark.train.TrainJob;
import dev.weblog.spark.train.TrainOptions;
import dev.weblog.spark.train.TrainResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;

/**
 * One target's training: the project's default (model selection among candidates, {@code --algorithm auto})
 * against the previous default (one depth-10 decision tree on categorical codes, aggregated rows) and the original
 * notebook's method (a depth-10 tree on the category as a number, raw rows), all on the same data and split, next
 * to the Bayes-optimal accuracy.
 */
final class TrainStage implements Stage {

  private static final List<String> DEPTH_10 = List.of(JobContract.OPT_MAX_DEPTH, "10");

  private final BenchEnvironment env;
  private final BenchData data;
  private final Target target;
  private final long seed;

  TrainStage(BenchEnvironment env, BenchData data, Target target, long seed) {
    this.env = env;
    this.data = data;
    this.target = target;
    this.seed = seed;
  }

  /** Training reads the project's Parquet: ingest it once when the ingest stage did not run before. */
  static void ensureIngested(BenchEnvironment env) {
    Path parquet = new Path(env.hdfs().uri() + env.layout().data());
    try {
      if (!env.hdfs().fileSystem().exists(parquet)) {
        IngestJob.run(env.spark(), IngestJob.Options.parse(
            JobContract.ingestArgs(env.hdfs().uri(), env.layout()).toArray(String[]::new)));
      }
    } catch (IOException e) {
      throw new BenchFailure("train: cannot check for the ingested data at " + parquet + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String id() {
    return "train " + target.id();
  }

  @Override
  public Figure primary() {
    return Figure.SECONDS;
  }

  @Override
  public List<Variant> variants() {
    List<String> original = new ArrayList<>(DEPTH_10);
    original.addAll(List.of("--category-encoding", "continuous", "--training-rows", "raw"));
    return List.of(new Method("project", "auto", List.of()), new Method("tree-default", "decision_tree", DEPTH_10),
        new Method("original", "decision_tree", original));
  }

  @Override
  public Map<String, Double> references() {
    return Map.of("bayes_optimal_accuracy", data.truth().bayesOptimal(target));
  }

  /**
   * TrainJob with extra options; evaluation only for both, so the seconds compare the same work, and on the history
   * only, so a stream stage run earlier does not change the data.
   */
  private final class Method implements Variant {
    private final String name;
    private final String algorithm;
    private final List<String> extra;

    Method(String name, String algorithm, List<String> extra) {
      this.name = name;
      this.algorithm = algorithm;
      this.extra = extra;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public Measurement run() {
      List<String> args = new ArrayList<>(JobContract.trainArgs(env.hdfs().uri(), env.layout(), target, algorithm));
      args.addAll(List.of(JobContract.OPT_SEED, Long.toString(seed), "--evaluate-only", "--without-stream-archive"));
      args.addAll(extra);
      TrainOptions options = TrainOptions.parse(args.toArray(String[]::new));
      long started = System.nanoTime();
      TrainResult result = TrainJob.run(env.spark(), options);
      double seconds = (System.nanoTime() - started) / 1e9;
      return Measurement.of(Figure.SECONDS, seconds).with(Figure.ACCURACY, result.metrics().accuracy());
    }
  }
}
