package dev.weblog.spark;

import dev.weblog.common.HdfsLayout;
import dev.weblog.common.Target;
import dev.weblog.common.generator.GeneratorConfig;
import dev.weblog.common.generator.WebLogGenerator;
import dev.weblog.spark.ingest.IngestJob;
import dev.weblog.spark.ingest.IngestResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.fs.FileUtil;

/** Generated history with known Bayes-optimal accuracies, ingested once per JVM and copied to each test's base. */
public final class GeneratedHistory {

  public static final long ROWS = 200_000;
  public static final long SEED = 11;

  private static GeneratedHistory instance;

  private final WebLogGenerator generator;
  private final HdfsLayout source;
  private final IngestResult ingest;

  private GeneratedHistory(WebLogGenerator generator, HdfsLayout source, IngestResult ingest) {
    this.generator = generator;
    this.source = source;
    this.ingest = ingest;
  }

  public static synchronized GeneratedHistory get() {
    if (instance == null) {
      WebLogGenerator generator = new WebLogGenerator(
          GeneratorConfig.defaults().withHistoryRows(ROWS).withLiveRows(0).withSeed(SEED));
      HdfsLayout source = new HdfsLayout(SharedCluster.freshBase("generated"));
      try {
        Path csv = Files.createTempFile("history", ".csv");
        generator.writeHistory(csv);
        SharedCluster.upload(csv, source.raw() + "/history.csv");
        Files.delete(csv);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      IngestJob.Options options = new IngestJob.Options();
      new picocli.CommandLine(options).parseArgs(SharedCluster.args(source.base()));
      instance = new GeneratedHistory(generator, source, IngestJob.run(SharedCluster.spark(), options));
    }
    return instance;
  }

  public double bayesOptimal(Target target) {
    return generator.bayesOptimalAccuracy(target);
  }

  /** The labels the generator wrote for a target. */
  public java.util.List<String> labels(Target target) {
    return generator.labels(target);
  }

  IngestResult ingest() {
    return ingest;
  }

  /** A new base holding a copy of the ingested data and no models. */
  public HdfsLayout freshCopy(String name) {
    HdfsLayout copy = new HdfsLayout(SharedCluster.freshBase(name));
    try {
      var fs = SharedCluster.fs();
      fs.mkdirs(new org.apache.hadoop.fs.Path(copy.base()));
      FileUtil.copy(fs, new org.apache.hadoop.fs.Path(source.data()), fs, new org.apache.hadoop.fs.Path(copy.data()),
          false, fs.getConf());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return copy;
  }
}
