package dev.weblog.spark.ingest;

import dev.weblog.common.Rejection;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.function.Consumer;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The rejected lines of one split as its task met them, verbatim, with where they were and why: what the driver
 * turns into the quarantine once every split's line count, hence every line number, is known.
 */
final class RejectLog implements AutoCloseable {

  /** One rejected line: its index in the split (0-based), its byte offset in the file, the codec's verdict. */
  record Entry(long lineInSplit, long byteOffset, String kind, String field, String reason, byte[] line) {}

  private final FileSystem fs;
  private final Path path;
  private DataOutputStream out;

  RejectLog(FileSystem fs, Path path) {
    this.fs = fs;
    this.path = path;
  }

  /** Created on the first rejected line: most splits have none. */
  void add(long lineInSplit, long byteOffset, Rejection rejection, byte[] line) throws IOException {
    if (out == null) {
      out = new DataOutputStream(new BufferedOutputStream(fs.create(path, false), 1 << 16));
    }
    out.writeLong(lineInSplit);
    out.writeLong(byteOffset);
    out.writeUTF(rejection.kind().name());
    out.writeUTF(rejection.field());
    out.writeUTF(rejection.reason());
    out.writeInt(line.length);
    out.write(line);
  }

  /** Whether any line was logged, i.e. whether the file exists. */
  boolean any() {
    return out != null;
  }

  @Override
  public void close() throws IOException {
    if (out != null) {
      out.close();
    }
  }

  /** Reads a log back in the order it was written. */
  static void read(FileSystem fs, Path path, Consumer<Entry> each) throws IOException {
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(fs.open(path), 1 << 16))) {
      while (true) {
        long lineInSplit;
        try {
          lineInSplit = in.readLong();
        } catch (EOFException end) {
          return;
        }
        long offset = in.readLong();
        String kind = in.readUTF();
        String field = in.readUTF();
        String reason = in.readUTF();
        byte[] line = new byte[in.readInt()];
        in.readFully(line);
        each.accept(new Entry(lineInSplit, offset, kind, field, reason, line));
      }
    }
  }
}
