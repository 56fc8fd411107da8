package dev.weblog.bench;

import dev.weblog.common.generator.GeneratorConfig;
import dev.weblog.common.generator.GroundTruth;
import dev.weblog.common.generator.WebLogGenerator;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.fs.FileSystem;

/** The benchmark's input: generated history with a known Bayes-optimal accuracy, uploaded once to raw/. */
record BenchData(long rows, Path localCsv, String rawDir, GroundTruth truth) {

  static final String FILE_NAME = "history.csv";

  static BenchData prepare(BenchEnvironment env, long rows, long seed) {
    Path csv = env.work().resolve("input").resolve(FILE_NAME);
    String raw = env.layout().raw();
    try {
      Files.createDirectories(csv.getParent());
      WebLogGenerator generator = new WebLogGenerator(
          GeneratorConfig.defaults().withHistoryRows(rows).withLiveRows(0).withSeed(seed));
      generator.writeHistory(csv);
      FileSystem fs = env.hdfs().fileSystem();
      org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(raw, FILE_NAME);
      try (InputStream in = Files.newInputStream(csv); OutputStream out = fs.create(target, true)) {
        in.transferTo(out);
      }
      return new BenchData(rows, csv, raw, generator.groundTruth());
    } catch (IOException e) {
      throw new BenchFailure("cannot prepare " + rows + " generated rows in " + csv + " and " + raw + ": "
          + e.getMessage(), e);
    }
  }
}
