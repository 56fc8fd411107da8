package dev.weblog.reliability;

import dev.weblog.common.HdfsLayout;
import dev.weblog.common.JobContract;
import dev.weblog.common.Target;
import dev.weblog.common.generator.GeneratorConfig;
import dev.weblog.common.generator.WebLogGenerator;
import dev.weblog.embedded.EmbeddedHdfs;
import dev.weblog.embedded.EmbeddedKafka;
import dev.weblog.spark.OneMachineSession;
import dev.weblog.spark.ingest.IngestJob;
import dev.weblog.spark.model.ModelRegistry;
import dev.weblog.spark.stream.StreamOptions;
import dev.weblog.spark.train.TrainJob;
import dev.weblog.spark.train.TrainOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.spark.sql.SparkSession;

/**
 * The real components one fault test class breaks: an HDFS, a Kafka broker and a SparkSession of its own, and the
 * models StreamJob applies, trained on a small generated history (once per Maven run, see {@link #trainModels}). Each test takes a fresh base holding a
 * copy of those models: age_group v1 and gender v1 promoted, gender v2 and v3 published for model swaps.
 */
final class FaultBed implements AutoCloseable {

  static final int PARTITIONS = 3;
  /** Micro-batches of at most this many records: several per fault, yet a stream that catches up after one. */
  static final int MAX_OFFSETS_PER_TRIGGER = 2_000;
  /** The gender versions a test can promote besides the CURRENT v1 (copies of it: the version is what counts). */
  static final List<Integer> SPARE_GENDER_VERSIONS = List.of(2, 3);

  private static final GeneratorConfig HISTORY = GeneratorConfig.defaults().withHistoryRows(4_000).withSeed(7);
  /** A local folder for the models trained by the first class of a Maven run (the pom names one per run). */
  private static final String MODEL_CACHE_PROPERTY = "weblog.reliability.model-cache";

  private final String name;
  private final Path work;
  private final EmbeddedHdfs hdfs;
  private final SparkSession spark;
  private final AtomicInteger bases = new AtomicInteger();
  private EmbeddedKafka kafka;
  private String modelsBase;

  private FaultBed(String name, Path work, EmbeddedHdfs hdfs, EmbeddedKafka kafka, SparkSession spark) {
    this.name = name;
    this.work = work;
    this.hdfs = hdfs;
    this.kafka = kafka;
    this.spark = spark;
  }

  /** Starts HDFS with {@code dataNodes} DataNodes (replication as many, at most 2), Kafka, Spark, and trains. */
  static FaultBed start(String name, int dataNodes) {
    Path work;
    try {
      work = Files.createTempDirectory("reliability-" + name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    EmbeddedHdfs hdfs = EmbeddedHdfs.builder(work.resolve("hdfs")).dataNodes(dataNodes).start();
    EmbeddedKafka kafka = EmbeddedKafka.start(work.resolve("kafka"));
    SparkSession spark = OneMachineSession.builder("reliability-" + name, "local[2]")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.session.timeZone", "UTC")
        // Spark's HDFS client would ask for 3 replicas (Hadoop's default) where the cluster has fewer DataNodes.
        .config("spark.hadoop.dfs.replication", hdfs.configuration().get("dfs.replication"))
        .getOrCreate();
    FaultBed bed = new FaultBed(name, work, hdfs, kafka, spark);
    bed.modelsBase = bed.trainModels();
    return bed;
  }

  EmbeddedHdfs hdfs() {
    return hdfs;
  }

  SparkSession spark() {
    return spark;
  }

  FileSystem fs() {
    return hdfs.fileSystem();
  }

  Path work() {
    return work;
  }

  String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  /** Stops the broker (its controlled shutdown); its folder and port are kept for {@link #startKafka}. */
  void stopKafka() {
    kafka.close();
  }

  /** Starts the broker again on the same folder and port: same topics, same offsets. */
  void startKafka() {
    kafka = EmbeddedKafka.start(work.resolve("kafka"));
  }

  /** A base no other test of the class uses, with a copy of the trained models. */
  String baseWithModels(String test) {
    String base = "/reliability/" + test + "-" + bases.incrementAndGet();
    FileSystem fs = fs();
    try {
      fs.mkdirs(new org.apache.hadoop.fs.Path(base));
      FileUtil.copy(fs, new org.apache.hadoop.fs.Path(new HdfsLayout(modelsBase).models()), fs,
          new org.apache.hadoop.fs.Path(new HdfsLayout(base).models()), false, fs.getConf());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy the models to " + base, e);
    }
    return base;
  }

  ModelRegistry registry(String base) {
    return new ModelRegistry(fs(), new HdfsLayout(base));
  }

  /** StreamJob's options as its command line would give them: small micro-batches, so faults land between and in them. */
  StreamOptions streamOptions(String base, String topic, String query) {
    return StreamOptions.parse(streamArgs(base, topic, query));
  }

  List<String> streamArgs(String base, String topic, String query) {
    List<String> args = new ArrayList<>(JobContract.streamArgs(hdfs.uri(), new HdfsLayout(base), bootstrapServers(),
        topic, "500 milliseconds"));
    args.addAll(List.of(JobContract.OPT_MAX_OFFSETS, Integer.toString(MAX_OFFSETS_PER_TRIGGER), "--query-name", query));
    return args;
  }

  org.apache.hadoop.fs.Path checkpoint(String base, String query) {
    return fs().makeQualified(new org.apache.hadoop.fs.Path(new HdfsLayout(base).checkpoint(query)));
  }

  @Override
  public void close() {
    try {
      spark.stop();
    } finally {
      try {
        kafka.close();
      } catch (RuntimeException e) {
        System.err.println(name + ": stopping Kafka: " + e);
      }
      hdfs.close();
      delete(work);
    }
  }

  /**
   * Trains both targets on the generated history, or, when an earlier class of the same Maven run already did,
   * uploads its models: the bytes are the same, and training is the slowest part of a class's start.
   */
  private String trainModels() {
    HdfsLayout layout = new HdfsLayout("/reliability/models-" + name);
    org.apache.hadoop.fs.Path models = new org.apache.hadoop.fs.Path(layout.models());
    String cacheProperty = System.getProperty(MODEL_CACHE_PROPERTY);
    Path cache = cacheProperty == null ? null : Path.of(cacheProperty).toAbsolutePath();
    try {
      if (cache != null && Files.isDirectory(cache)) {
        fs().mkdirs(new org.apache.hadoop.fs.Path(layout.base()));
        fs().copyFromLocalFile(localPath(cache), models);
        return layout.base();
      }
      train(layout);
      if (cache != null) {
        Path partial = cache.resolveSibling(cache.getFileName() + ".partial");
        Files.createDirectories(partial.getParent());
        if (Files.exists(partial)) {
          delete(partial);
        }
        fs().copyToLocalFile(false, models, localPath(partial), true);
        Files.move(partial, cache);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot share the trained models through " + cache, e);
    }
    return layout.base();
  }

  private void train(HdfsLayout layout) throws IOException {
    Path history = work.resolve("history.csv");
    new WebLogGenerator(HISTORY).writeHistory(history);
    fs().copyFromLocalFile(localPath(history), new org.apache.hadoop.fs.Path(layout.raw() + "/history.csv"));
    IngestJob.run(spark, IngestJob.Options.parse(JobContract.ingestArgs(hdfs.uri(), layout).toArray(String[]::new)));
    for (Target target : Target.values()) {
      List<String> args = JobContract.trainArgs(hdfs.uri(), layout, target, "decision_tree");
      args.addAll(List.of(JobContract.OPT_MAX_DEPTH, "4"));
      TrainJob.run(spark, TrainOptions.parse(args.toArray(String[]::new)));
    }
    ModelRegistry registry = new ModelRegistry(fs(), layout);
    for (int version : SPARE_GENDER_VERSIONS) {
      FileUtil.copy(fs(), registry.versionPath(Target.GENDER, 1), fs(), registry.versionPath(Target.GENDER, version),
          false, fs().getConf());
    }
  }

  private static org.apache.hadoop.fs.Path localPath(Path local) {
    return new org.apache.hadoop.fs.Path(local.toUri());
  }

  private static void delete(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("could not remove " + dir + ": " + e.getMessage());
    }
  }
}
