package dev.weblog.spark;

import dev.weblog.common.HdfsLayout;
import dev.weblog.common.Target;
import dev.weblog.common.WebLogRecord;
import dev.weblog.common.generator.GeneratorConfig;
import dev.weblog.common.generator.WebLogGenerator;
import dev.weblog.spark.ingest.IngestJob;
import dev.weblog.spark.model.ModelRegistry;
import dev.weblog.spark.train.TrainJob;
import dev.weblog.spark.train.TrainOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.fs.FileUtil;

/**
 * Models and lines for the streaming tests. Models are trained once per JVM through IngestJob and TrainJob on
 * generated history: age_group v1, gender v1 (CURRENT) and gender v2 (published, not promoted), then copied
 * into each test's own base.
 */
public final class StreamTestData {

  private static final GeneratorConfig CONFIG = GeneratorConfig.defaults().withHistoryRows(20_000);
  private static String modelsBase;

  private StreamTestData() {}

  /** A base no other test uses, holding a copy of the trained models. */
  public static String baseWithModels(String name) {
    HdfsLayout source = new HdfsLayout(trainedBase());
    String base = SharedCluster.freshBase(name);
    HdfsLayout target = new HdfsLayout(base);
    try {
      SharedCluster.fs().mkdirs(new org.apache.hadoop.fs.Path(base));
      FileUtil.copy(SharedCluster.fs(), new org.apache.hadoop.fs.Path(source.models()), SharedCluster.fs(),
          new org.apache.hadoop.fs.Path(target.models()), false, SharedCluster.fs().getConf());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return base;
  }

  public static ModelRegistry registry(String base) {
    return new ModelRegistry(SharedCluster.fs(), new HdfsLayout(base));
  }

  /** The committed live sample without its first line (the header a producer skips): 2000 valid, 10 not. */
  public static List<byte[]> liveSample() {
    try {
      List<byte[]> lines = linesOf(Files.readAllBytes(Path.of("..", "test-data", "live-sample.csv")));
      return lines.subList(1, lines.size());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Generated live lines, with a malformed line after every 100th. */
  public static List<byte[]> generatedLines(int count) {
    Iterator<WebLogRecord> live = new WebLogGenerator(CONFIG.withLiveRows(count)).live();
    List<byte[]> lines = new ArrayList<>();
    while (live.hasNext()) {
      lines.add(live.next().toCsvLine().getBytes(StandardCharsets.UTF_8));
      if (lines.size() % 101 == 100) {
        lines.add(("broken line " + lines.size()).getBytes(StandardCharsets.UTF_8));
      }
    }
    return lines;
  }

  private static synchronized String trainedBase() {
    if (modelsBase == null) {
      String base = SharedCluster.freshBase("stream-models");
      try {
        Path history = Files.createTempFile("stream-history", ".csv");
        new WebLogGenerator(CONFIG).writeHistory(history);
        SharedCluster.upload(history, new HdfsLayout(base).raw() + "/history.csv");
        Files.delete(history);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      IngestJob.Options ingest = new IngestJob.Options();
      new picocli.CommandLine(ingest).parseArgs(SharedCluster.args(base));
      IngestJob.run(SharedCluster.spark(), ingest);
      train(base, Target.AGE_GROUP, "6");
      train(base, Target.GENDER, "6");
      copyVersion(base, Target.GENDER, 1, 2);
      modelsBase = base;
    }
    return modelsBase;
  }

  /** A second published version (a copy; training another costs seconds) for the hot swap to promote. */
  private static void copyVersion(String base, Target target, int from, int to) {
    ModelRegistry registry = registry(base);
    try {
      FileUtil.copy(SharedCluster.fs(), registry.versionPath(target, from), SharedCluster.fs(),
          registry.versionPath(target, to), false, SharedCluster.fs().getConf());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A forced tree: the stream tests need models, not the search (LabelVocabularyTest streams a chosen one). */
  private static void train(String base, Target target, String maxDepth) {
    TrainOptions options = new TrainOptions();
    new picocli.CommandLine(options).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(SharedCluster.args(base,
        "--target", target.id(), "--algorithm", "decision_tree", "--max-depth", maxDepth));
    TrainJob.run(SharedCluster.spark(), options);
  }

  private static List<byte[]> linesOf(byte[] content) {
    List<byte[]> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < content.length; i++) {
      if (content[i] == '\n') {
        lines.add(Arrays.copyOfRange(content, start, i));
        start = i + 1;
      }
    }
    if (start < content.length) {
      lines.add(Arrays.copyOfRange(content, start, content.length));
    }
    return lines;
  }
}
