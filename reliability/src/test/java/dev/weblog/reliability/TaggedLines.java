package dev.weblog.reliability;

import dev.weblog.common.Rejection;
import dev.weblog.common.WebLogCsvCodec;
import dev.weblog.common.WebLogRecord;
import dev.weblog.common.generator.GeneratorConfig;
import dev.weblog.common.generator.Malformer;
import dev.weblog.common.generator.WebLogGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A replay file in which every line is different, so a line Kafka holds twice is a duplicate and not a
 * coincidence: valid generated lines carry a unique member id, and every {@link #MALFORMED_EVERY}th line is one of
 * them broken by the Malformer (the kinds that keep the member id), for the stream to quarantine.
 */
final class TaggedLines {

  static final int MALFORMED_EVERY = 40;

  /** The kinds that leave the line unique; an empty line or a repeated header would be the same every time. */
  private static final List<Rejection.Kind> KINDS = Malformer.KINDS.stream()
      .filter(k -> k != Rejection.Kind.EMPTY_LINE && k != Rejection.Kind.HEADER).toList();

  private TaggedLines() {}

  /** Writes {@code count} lines (no header) to {@code file} and returns them in file order. */
  static List<byte[]> write(Path file, int count, long seed) {
    return write(file, count, seed, 0);
  }

  /** As {@link #write(Path, int, long)}, tags counted from {@code firstTag}: files with disjoint tags never share a line. */
  static List<byte[]> write(Path file, int count, long seed, int firstTag) {
    Iterator<WebLogRecord> records = new WebLogGenerator(GeneratorConfig.defaults().withSeed(seed)
        .withLiveRows(count)).live();
    SplittableRandom random = new SplittableRandom(seed);
    List<byte[]> lines = new ArrayList<>(count);
    Set<ByteBuffer> seen = new HashSet<>();
    try (OutputStream out = Files.newOutputStream(file)) {
      for (int n = 0; n < count; n++) {
        String valid = tagged(records.next(), String.format("%08x", firstTag + n)).toCsvLine();
        byte[] line = n % MALFORMED_EVERY == MALFORMED_EVERY - 1
            ? Malformer.malform(valid, KINDS.get((n / MALFORMED_EVERY) % KINDS.size()), random)
            : valid.getBytes(StandardCharsets.UTF_8);
        if (!seen.add(ByteBuffer.wrap(line))) {
          throw new IllegalStateException("line " + (n + 1) + " of " + file + " is not unique");
        }
        lines.add(line);
        out.write(line);
        out.write('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    return lines;
  }

  static long validCount(List<byte[]> lines) {
    return lines.stream().filter(l -> WebLogCsvCodec.decode(l).isValid()).count();
  }

  private static WebLogRecord tagged(WebLogRecord r, String memberId) {
    return new WebLogRecord(r.deviceId(), r.timestamp(), r.productCategoryId(), r.ip(), r.lat(), r.lon(),
        r.deviceType(), r.connectType(), r.ageGroup(), r.gender(), memberId);
  }
}
