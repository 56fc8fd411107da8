package dev.weblog.bench;

import dev.weblog.common.generator.GeneratorConfig;
import dev.weblog.common.generator.WebLogGenerator;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The producer stage's input: N generated live lines as a CSV file for the replay, and a prefix of the same lines,
 * without the header, as ProducerPerformance's payload file.
 *
 * @param valueBytes the bytes of all N lines without their terminators: what the replay sends as record values
 */
record ProducerInput(long records, Path csv, Path payloads, long valueBytes) {

  /**
   * ProducerPerformance reads its payload file whole, several copies at once (bytes, a String, the split lines), and
   * draws a random line per record anyway; this many lines give the same sizes and compressibility in a few MB.
   */
  static final int PAYLOAD_LINES = 200_000;

  double meanRecordBytes() {
    return valueBytes / (double) records;
  }

  static ProducerInput prepare(Path dir, long records, long seed) {
    Path csv = dir.resolve("live.csv");
    Path payloads = dir.resolve("payloads.txt");
    try {
      Files.createDirectories(dir);
      new WebLogGenerator(GeneratorConfig.defaults().withLiveRows(records).withSeed(seed)).writeLive(csv);
      long bytes = 0;
      long lines = 0;
      try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
          BufferedWriter out = Files.newBufferedWriter(payloads, StandardCharsets.UTF_8)) {
        in.readLine();
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          bytes += line.getBytes(StandardCharsets.UTF_8).length;
          if (lines++ < PAYLOAD_LINES) {
            out.write(line);
            out.write('\n');
          }
        }
      }
      if (lines != records) {
        throw new BenchFailure("producer: " + csv + " holds " + lines + " lines after its header, expected " + records);
      }
      return new ProducerInput(records, csv, payloads, bytes);
    } catch (IOException e) {
      throw new BenchFailure("producer: cannot write " + records + " generated live lines to " + csv + " and "
          + payloads + ": " + e.getMessage(), e);
    }
  }
}
