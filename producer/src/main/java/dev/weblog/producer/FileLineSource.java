package dev.weblog.producer;

import dev.weblog.common.Column;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Streams a CSV file line by line as raw bytes, so lines that are not UTF-8 are replayed unchanged. A line
 * ends at LF; a CR right before it belongs to the terminator. The first line is skipped only when it is the
 * header (a UTF-8 BOM before it allowed).
 */
public final class FileLineSource implements LineSource {

  /** A longer line means the file is not a CSV file; refusing it keeps memory bounded. */
  static final int MAX_LINE_BYTES = 8 << 20;

  private static final byte[] HEADER = Column.HEADER.getBytes(StandardCharsets.UTF_8);
  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  private final Path file;
  private final InputStream in;
  private final byte[] buf = new byte[1 << 16];
  private int pos;
  private int limit;
  private boolean eof;
  private byte[] partial = new byte[256];
  private int partialLength;
  private long lineNumber;
  private boolean headerSkipped;

  private FileLineSource(Path file, InputStream in) {
    this.file = file;
    this.in = in;
  }

  /** Opens the file, failing with a usage error that names it when it is missing, a folder or unreadable. */
  public static FileLineSource open(Path file) {
    if (Files.isDirectory(file)) {
      throw ReplayException.usage("input file " + file + " is a directory, not a CSV file");
    }
    try {
      return new FileLineSource(file, Files.newInputStream(file));
    } catch (NoSuchFileException e) {
      throw ReplayException.usage("input file " + file + " does not exist");
    } catch (AccessDeniedException e) {
      throw ReplayException.usage("input file " + file + " is not readable (permission denied)");
    } catch (IOException e) {
      throw ReplayException.usage("cannot open input file " + file + ": " + e.getMessage());
    }
  }

  @Override
  public byte[] next() {
    byte[] line = readLine();
    if (line != null && lineNumber == 1 && isHeader(line)) {
      headerSkipped = true;
      line = readLine();
    }
    return line;
  }

  /** Number of the last line read, counting the header, 1-based. */
  public long lineNumber() {
    return lineNumber;
  }

  public boolean headerSkipped() {
    return headerSkipped;
  }

  @Override
  public String describe() {
    return file.toString();
  }

  @Override
  public void close() {
    try {
      in.close();
    } catch (IOException e) {
      throw ReplayException.failure("cannot close input file " + file + ": " + e.getMessage(), e);
    }
  }

  private byte[] readLine() {
    partialLength = 0;
    while (true) {
      if (pos == limit && !fill()) {
        if (partialLength == 0) {
          return null;
        }
        lineNumber++;
        return Arrays.copyOf(partial, partialLength);
      }
      int newline = indexOfNewline();
      if (newline >= 0) {
        lineNumber++;
        byte[] line;
        if (partialLength == 0) {
          int end = newline > pos && buf[newline - 1] == '\r' ? newline - 1 : newline;
          line = Arrays.copyOfRange(buf, pos, end);
        } else {
          append(pos, newline);
          int end = partialLength > 0 && partial[partialLength - 1] == '\r' ? partialLength - 1 : partialLength;
          line = Arrays.copyOf(partial, end);
        }
        pos = newline + 1;
        return line;
      }
      append(pos, limit);
      pos = limit;
    }
  }

  private int indexOfNewline() {
    for (int i = pos; i < limit; i++) {
      if (buf[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private void append(int from, int to) {
    int length = to - from;
    if (partialLength + length > MAX_LINE_BYTES) {
      throw ReplayException.usage("line " + (lineNumber + 1) + " of " + file + " is longer than "
          + MAX_LINE_BYTES + " bytes; is it a CSV file?");
    }
    if (partialLength + length > partial.length) {
      partial = Arrays.copyOf(partial, Math.max(partial.length * 2, partialLength + length));
    }
    System.arraycopy(buf, from, partial, partialLength, length);
    partialLength += length;
  }

  private boolean fill() {
    if (eof) {
      return false;
    }
    try {
      int n = in.read(buf);
      if (n < 0) {
        eof = true;
        return false;
      }
      pos = 0;
      limit = n;
      return true;
    } catch (IOException e) {
      throw ReplayException.failure("cannot read " + file + " after line " + lineNumber + ": " + e.getMessage(), e);
    }
  }

  private static boolean isHeader(byte[] line) {
    int offset = line.length >= BOM.length && Arrays.equals(line, 0, BOM.length, BOM, 0, BOM.length) ? BOM.length : 0;
    return Arrays.equals(line, offset, line.length, HEADER, 0, HEADER.length);
  }
}
