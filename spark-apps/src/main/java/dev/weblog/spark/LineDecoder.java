package dev.weblog.spark;

import dev.weblog.common.ParseResult;
import dev.weblog.common.Rejection;
import dev.weblog.common.WebLogCsvCodec;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/**
 * Decodes every line of one input split with the common codec into one row: the record's columns when valid,
 * the verbatim line, its file and its rejection otherwise. Nothing is dropped, so rows out = lines in; with a
 * {@link SplitLineCounts} every line is also counted per split and kind.
 */
final class LineDecoder implements Function2<InputSplit, Iterator<Tuple2<LongWritable, Text>>, Iterator<Row>> {

  private static final long serialVersionUID = 1L;

  static final String FILE = "file";
  static final String SPLIT_START = "split_start";
  static final String LINE_IN_SPLIT = "line_in_split";
  static final String BYTE_OFFSET = "byte_offset";
  static final String LINE = "line";
  static final String KIND = "kind";
  static final String FIELD = "field";
  static final String REASON = "reason";

  /** The kind given to a file's own header (its first line): counted apart, neither data nor quarantined. */
  static final String FILE_HEADER = "_FILE_HEADER";

  /** The record columns (all nullable here, since rejected lines have none) and where each line came from. */
  static final StructType SCHEMA = buildSchema();

  private static final int RECORD_COLUMNS = WebLogSparkSchema.record().size();

  private final SplitLineCounts counts;

  /** A decoder that counts every line it decodes into {@code counts}; null counts nothing. */
  LineDecoder(SplitLineCounts counts) {
    this.counts = counts;
  }

  @Override
  public Iterator<Row> call(InputSplit split, Iterator<Tuple2<LongWritable, Text>> lines) {
    FileSplit fileSplit = (FileSplit) split;
    String file = fileSplit.getPath().toString();
    long splitStart = fileSplit.getStart();
    return new Iterator<>() {
      private long index;
      // Counted here and handed over once the split is read, so the accumulator sees a handful of updates per task.
      private final Map<String, long[]> byKind = new HashMap<>();

      @Override
      public boolean hasNext() {
        boolean more = lines.hasNext();
        if (!more && counts != null && !byKind.isEmpty()) {
          byKind.forEach((kind, n) -> counts.add(new SplitLineCounts.Key(file, splitStart, kind), n[0]));
          byKind.clear();
        }
        return more;
      }

      @Override
      public Row next() {
        Tuple2<LongWritable, Text> line = lines.next();
        // The reader reuses its Text object: copy the bytes before anything else.
        byte[] bytes = Arrays.copyOf(line._2().getBytes(), line._2().getLength());
        Object[] values = new Object[SCHEMA.size()];
        ParseResult result = WebLogCsvCodec.decode(bytes);
        if (result instanceof ParseResult.Valid valid) {
          System.arraycopy(WebLogSparkSchema.values(valid.record()), 0, values, 0, RECORD_COLUMNS);
        } else {
          Rejection rejection = ((ParseResult.Rejected) result).rejection();
          values[RECORD_COLUMNS + 4] = new String(bytes, StandardCharsets.UTF_8);
          boolean fileHeader = rejection.kind() == Rejection.Kind.HEADER && line._1().get() == 0;
          values[RECORD_COLUMNS + 5] = fileHeader ? FILE_HEADER : rejection.kind().name();
          values[RECORD_COLUMNS + 6] = rejection.field();
          values[RECORD_COLUMNS + 7] = rejection.reason();
          // Only rejected lines need their file (for the quarantine); a path per valid row costs a string copy.
          values[RECORD_COLUMNS] = file;
        }
        byKind.computeIfAbsent((String) values[RECORD_COLUMNS + 5], k -> new long[1])[0]++;
        values[RECORD_COLUMNS + 1] = splitStart;
        values[RECORD_COLUMNS + 2] = index++;
        values[RECORD_COLUMNS + 3] = line._1().get();
        return RowFactory.create(values);
      }
    };
  }

  private static StructType buildSchema() {
    StructType schema = new StructType();
    for (StructField f : WebLogSparkSchema.record().fields()) {
      schema = schema.add(f.name(), f.dataType(), true);
    }
    return schema
        .add(FILE, DataTypes.StringType, true)
        .add(SPLIT_START, DataTypes.LongType, false)
        .add(LINE_IN_SPLIT, DataTypes.LongType, false)
        .add(BYTE_OFFSET, DataTypes.LongType, false)
        .add(LINE, DataTypes.StringType, true)
        .add(KIND, DataTypes.StringType, true)
        .add(FIELD, DataTypes.StringType, true)
        .add(REASON, DataTypes.StringType, true);
  }
}
