package dev.weblog.bench;

import dev.weblog.common.ParseResult;
import dev.weblog.common.WebLogCsvCodec;
import dev.weblog.common.WebLogRecord;
import dev.weblog.embedded.EmbeddedHdfs;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;

/**
 * The floor of ingest: one thread per core, each reading its byte range of the CSV from HDFS, decoding with the
 * common codec and writing one Parquet file with parquet-java. No Spark, no partitioning by date, no quarantine
 * files: what is left is the work any ingest must do.
 */
final class PlainJavaIngest implements Variant {

  private static final int BUFFER = 1 << 20;

  private final EmbeddedHdfs hdfs;
  private final BenchData data;
  private final String outDir;

  PlainJavaIngest(EmbeddedHdfs hdfs, BenchData data, String outDir) {
    this.hdfs = hdfs;
    this.data = data;
    this.outDir = outDir;
  }

  /** A byte range of a file; its lines are those whose first byte lies in [start, end). */
  private record Split(Path file, long start, long end) {}

  @Override
  public String name() {
    return "plain-java";
  }

  @Override
  public Measurement run() throws Exception {
    Configuration conf = hdfs.configuration();
    // The same early first retry as the Spark session gets, so both write to HDFS alike.
    conf.set("dfs.client.block.write.locateFollowingBlock.initial.delay.ms", "10");
    FileSystem fs = hdfs.fileSystem();
    Path out = new Path(hdfs.uri() + outDir);
    fs.delete(out, true);
    int threads = Runtime.getRuntime().availableProcessors();
    long started = System.nanoTime();
    List<Split> splits = splits(fs, new Path(hdfs.uri() + data.rawDir()), threads);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    long valid = 0;
    try {
      List<Future<Long>> parts = new ArrayList<>();
      for (int i = 0; i < splits.size(); i++) {
        Split split = splits.get(i);
        Path file = new Path(out, String.format("part-%05d.parquet", i));
        parts.add(pool.submit(() -> convert(fs, conf, split, file)));
      }
      for (Future<Long> part : parts) {
        valid += part.get();
      }
    } finally {
      pool.shutdownNow();
    }
    Measurement m = IngestStage.throughput(data.rows(), started);
    if (valid != data.rows()) {
      throw new BenchFailure("ingest plain-java: " + valid + " valid rows written to " + out + ", expected "
          + data.rows() + " generated rows");
    }
    return m;
  }

  private static List<Split> splits(FileSystem fs, Path raw, int perFile) throws IOException {
    List<Split> splits = new ArrayList<>();
    for (FileStatus f : fs.listStatus(raw)) {
      if (!f.isFile()) {
        continue;
      }
      long size = f.getLen();
      for (int i = 0; i < perFile; i++) {
        long start = size * i / perFile;
        long end = size * (i + 1) / perFile;
        if (end > start) {
          splits.add(new Split(f.getPath(), start, end));
        }
      }
    }
    if (splits.isEmpty()) {
      throw new BenchFailure("ingest plain-java: no data in the files under " + raw);
    }
    return splits;
  }

  /** Decodes one split and writes its valid records; returns how many it wrote. */
  private static long convert(FileSystem fs, Configuration conf, Split split, Path file) throws IOException {
    long written = 0;
    try (FSDataInputStream raw = fs.open(split.file());
        ParquetWriter<WebLogRecord> writer = WebLogWriteSupport
            .builder(HadoopOutputFile.fromPath(file, conf))
            .withConf(conf)
            .withCompressionCodec(CompressionCodecName.SNAPPY)
            .build()) {
      // Starting one byte early tells whether the split begins on a line start: the partial line is skipped.
      long pos = Math.max(0, split.start() - 1);
      raw.seek(pos);
      InputStream in = new BufferedInputStream(raw, BUFFER);
      LineReader lines = new LineReader(in);
      if (split.start() > 0) {
        pos += lines.skipLine();
      }
      while (pos < split.end()) {
        int consumed = lines.next();
        if (consumed == 0) {
          break;
        }
        pos += consumed;
        if (WebLogCsvCodec.decode(lines.bytes()) instanceof ParseResult.Valid valid) {
          writer.write(valid.record());
          written++;
        }
      }
    }
    return written;
  }

  /** Byte lines of a stream, without their terminator, in one reused buffer. */
  private static final class LineReader {
    private final InputStream in;
    private byte[] line = new byte[256];
    private int length;

    LineReader(InputStream in) {
      this.in = in;
    }

    /** Skips through the next newline; returns the bytes skipped. */
    int skipLine() throws IOException {
      int n = 0;
      for (int b = in.read(); b != -1; b = in.read()) {
        n++;
        if (b == '\n') {
          break;
        }
      }
      return n;
    }

    /** Reads the next line; returns the bytes consumed, terminator included, 0 at the end of the stream. */
    int next() throws IOException {
      length = 0;
      int consumed = 0;
      for (int b = in.read(); b != -1; b = in.read()) {
        consumed++;
        if (b == '\n') {
          break;
        }
        if (length == line.length) {
          line = Arrays.copyOf(line, length * 2);
        }
        line[length++] = (byte) b;
      }
      if (length > 0 && line[length - 1] == '\r') {
        length--;
      }
      return consumed;
    }

    /** The line just read, as the codec takes it. */
    byte[] bytes() {
      return Arrays.copyOf(line, length);
    }
  }
}
