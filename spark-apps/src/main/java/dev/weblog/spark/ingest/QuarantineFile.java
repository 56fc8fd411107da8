package dev.weblog.spark.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The quarantine of one run, built on the driver from the tasks' reject logs alone (the input is not read again):
 * one JSON-lines file, ordered by file and line, each line with its 1-based line number in its file, which is the
 * lines of the file's earlier splits plus its index in its own split.
 */
final class QuarantineFile {

  static final String NAME = "part-00000.json";

  private QuarantineFile() {}

  /** Writes the file into {@code folder}; empty when no line was rejected, so readers still find the folder. */
  static void write(FileSystem fs, List<SplitOutcome> outcomes, Path folder) throws IOException {
    Map<String, List<SplitOutcome>> byFile = new TreeMap<>();
    for (SplitOutcome o : outcomes) {
      byFile.computeIfAbsent(o.file(), f -> new ArrayList<>()).add(o);
    }
    JsonFactory json = new JsonFactory();
    try (OutputStream out = fs.create(new Path(folder, NAME), false);
        JsonGenerator g = json.createGenerator(out)) {
      g.setRootValueSeparator(null);
      for (List<SplitOutcome> splits : byFile.values()) {
        splits.sort(Comparator.comparingLong(SplitOutcome::splitStart));
        long firstLine = 1;
        for (SplitOutcome split : splits) {
          if (split.rejects()) {
            long first = firstLine;
            try {
              RejectLog.read(fs, new Path(split.attemptFolder(), SplitOutcome.REJECT_LOG),
                  e -> writeLine(g, split.file(), first, e));
            } catch (UncheckedIOException e) {
              throw e.getCause();
            }
          }
          firstLine += split.lines();
        }
      }
    }
  }

  private static void writeLine(JsonGenerator g, String file, long firstLine, RejectLog.Entry e) {
    try {
      g.writeStartObject();
      g.writeStringField(IngestJob.Q_FILE, file);
      g.writeNumberField(IngestJob.Q_LINE_NUMBER, firstLine + e.lineInSplit());
      g.writeNumberField(IngestJob.Q_BYTE_OFFSET, e.byteOffset());
      g.writeStringField(IngestJob.Q_KIND, e.kind());
      g.writeStringField(IngestJob.Q_FIELD, e.field());
      g.writeStringField(IngestJob.Q_REASON, e.reason());
      // As Spark's text reader would show it: bytes that are not UTF-8 become U+FFFD.
      g.writeStringField(IngestJob.Q_LINE, new String(e.line(), StandardCharsets.UTF_8));
      g.writeEndObject();
      g.writeRaw('\n');
    } catch (IOException io) {
      throw new UncheckedIOException(io);
    }
  }
}
