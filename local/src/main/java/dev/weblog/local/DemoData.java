package dev.weblog.local;

import dev.weblog.common.Column;
import dev.weblog.common.Rejection;
import dev.weblog.common.WebLogRecord;
import dev.weblog.common.generator.GenerateCommand;
import dev.weblog.common.generator.GeneratorConfig;
import dev.weblog.common.generator.GroundTruth;
import dev.weblog.common.generator.Malformer;
import dev.weblog.common.generator.WebLogGenerator;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.LongConsumer;

/** The demo's input: the user's two files, or generated ones with a known ground truth. */
final class DemoData {

  /**
   * Where the input came from, and what is known about it.
   *
   * @param driftStart the event time of the first shifted live row; null without drift
   */
  record Inputs(Path history, Path live, GroundTruth truth, LocalDateTime driftStart) {}

  private DemoData() {}

  static Inputs prepare(DemoSettings s, LongConsumer progress) throws IOException {
    if (!s.generated()) {
      return new Inputs(s.history(), s.live(), null, null);
    }
    Path folder = s.work().resolve("input");
    Files.createDirectories(folder);
    GeneratorConfig config = GeneratorConfig.defaults().withHistoryRows(s.historyRows())
        .withLiveRows(s.liveRows()).withSeed(s.seed()).withDrift(s.drift());
    WebLogGenerator generator = new WebLogGenerator(config);
    Path history = folder.resolve(GenerateCommand.HISTORY_FILE);
    Path live = folder.resolve(GenerateCommand.LIVE_FILE);
    generator.writeHistory(history, progress);
    LocalDateTime[] driftStart = new LocalDateTime[1];
    long driftRow = s.drift() == null ? 0 : s.drift().atLine();
    Iterator<WebLogRecord> rows = new Iterator<>() {
      private final Iterator<WebLogRecord> all = generator.live();
      private long row;

      @Override
      public boolean hasNext() {
        return all.hasNext();
      }

      @Override
      public WebLogRecord next() {
        WebLogRecord r = all.next();
        if (++row == driftRow) {
          driftStart[0] = r.timestamp();
        }
        return r;
      }
    };
    writeLive(rows, live, s.malformedShare(), s.seed(),
        n -> progress.accept(s.historyRows() + Math.min(n, s.liveRows())));
    GroundTruth truth = generator.groundTruth();
    truth.write(folder.resolve(GroundTruth.FILE_NAME));
    return new Inputs(history, live, truth, driftStart[0]);
  }

  /**
   * Live lines with a share of malformed ones mixed in, every kind in turn, so the stream's quarantine has
   * something to show; each one replaces nothing, it is an extra line.
   */
  static long writeLive(Iterator<WebLogRecord> rows, Path csv, double malformedShare, long seed,
      LongConsumer progress) throws IOException {
    SplittableRandom random = new SplittableRandom(seed ^ 0xBADL);
    List<Rejection.Kind> kinds = Malformer.KINDS;
    long lines = 0;
    int nextKind = 0;
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(csv), 1 << 20)) {
      out.write((Column.HEADER + "\n").getBytes(StandardCharsets.UTF_8));
      while (rows.hasNext()) {
        String line = rows.next().toCsvLine();
        if (random.nextDouble() < malformedShare) {
          out.write(Malformer.malform(line, kinds.get(nextKind++ % kinds.size()), random));
          out.write('\n');
          lines++;
        }
        out.write(line.getBytes(StandardCharsets.UTF_8));
        out.write('\n');
        if (++lines % 100_000 == 0) {
          progress.accept(lines);
        }
      }
    }
    progress.accept(lines);
    return lines;
  }
}
