package dev.weblog.spark.ingest;

import dev.weblog.common.ParseResult;
import dev.weblog.common.Rejection;
import dev.weblog.common.WebLogCsvCodec;
import dev.weblog.spark.HadoopConf;
import java.io.IOException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function2;
import scala.Tuple2;

/**
 * The whole of ingest for one input split, in one pass: every line decoded once by the common codec, valid records
 * written as Parquet by date ({@link DateFiles}), rejected lines logged verbatim ({@link RejectLog}). Each attempt
 * writes into a folder of its own; the driver commits the folders of the attempts whose outcome it received.
 */
final class SplitIngest
    implements Function2<InputSplit, Iterator<Tuple2<LongWritable, Text>>, Iterator<SplitOutcome>> {

  private static final long serialVersionUID = 1L;

  private final HadoopConf conf;
  private final String attempts;

  /** Attempts write under {@code attempts}, each in a folder named after its task attempt. */
  SplitIngest(HadoopConf conf, Path attempts) {
    this.conf = conf;
    this.attempts = attempts.toString();
  }

  @Override
  public Iterator<SplitOutcome> call(InputSplit split, Iterator<Tuple2<LongWritable, Text>> lines)
      throws IOException {
    FileSplit fileSplit = (FileSplit) split;
    TaskContext task = TaskContext.get();
    Path folder = new Path(attempts, "task-" + task.taskAttemptId());
    FileSystem fs = folder.getFileSystem(conf.get());
    long index = 0;
    long valid = 0;
    long headers = 0;
    Map<String, Long> rejectedByKind = new TreeMap<>();
    DateFiles data = new DateFiles(conf.get(), folder, String.format("part-%05d", task.partitionId()));
    RejectLog rejects = new RejectLog(fs, new Path(folder, SplitOutcome.REJECT_LOG));
    try (data; rejects) {
      while (lines.hasNext()) {
        Tuple2<LongWritable, Text> line = lines.next();
        // The reader reuses its Text object: the codec gets a copy of exactly the line's bytes.
        byte[] bytes = Arrays.copyOf(line._2().getBytes(), line._2().getLength());
        long offset = line._1().get();
        ParseResult result = WebLogCsvCodec.decode(bytes);
        if (result instanceof ParseResult.Valid v) {
          data.write(v.record());
          valid++;
        } else {
          Rejection rejection = ((ParseResult.Rejected) result).rejection();
          if (rejection.kind() == Rejection.Kind.HEADER && offset == 0) {
            // A file's own first-line header is not input: counted apart, neither stored nor quarantined.
            headers++;
          } else {
            rejects.add(index, offset, rejection, bytes);
            rejectedByKind.merge(rejection.kind().name(), 1L, Long::sum);
          }
        }
        index++;
      }
    }
    return List.of(new SplitOutcome(fileSplit.getPath().toString(), fileSplit.getStart(), index, valid, headers,
        rejectedByKind, folder.toString(), List.copyOf(data.files()), rejects.any())).iterator();
  }
}
