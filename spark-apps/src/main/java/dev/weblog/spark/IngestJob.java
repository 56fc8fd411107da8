package dev.weblog.spark;

import dev.weblog.common.HdfsLayout;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.apache.spark.api.java.JavaNewHadoopRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * History CSV in {@code raw/} to Parquet in {@code data/} (partitioned by date) and rejected lines, verbatim and
 * with their reason, in {@code quarantine/history/}. Lines are decoded by the common codec, so ingest applies
 * exactly the project's validation rules, with a schema that never needs inferring.
 */
public final class IngestJob {

  /** Columns of the quarantine files (JSON lines). */
  public static final String Q_FILE = LineDecoder.FILE;
  public static final String Q_LINE_NUMBER = "line_number";
  public static final String Q_BYTE_OFFSET = LineDecoder.BYTE_OFFSET;
  public static final String Q_KIND = LineDecoder.KIND;
  public static final String Q_FIELD = LineDecoder.FIELD;
  public static final String Q_REASON = LineDecoder.REASON;
  public static final String Q_LINE = LineDecoder.LINE;

  private static final String FIRST_LINE = "first_line";

  /** The quarantine's columns, for the (empty) file written when no line was rejected. */
  private static final StructType QUARANTINE_SCHEMA = new StructType()
      .add(Q_FILE, DataTypes.StringType)
      .add(Q_LINE_NUMBER, DataTypes.LongType)
      .add(Q_BYTE_OFFSET, DataTypes.LongType)
      .add(Q_KIND, DataTypes.StringType)
      .add(Q_FIELD, DataTypes.StringType)
      .add(Q_REASON, DataTypes.StringType)
      .add(Q_LINE, DataTypes.StringType);
  private static final long MIN_SPLIT_BYTES = 4L << 20;
  private static final long MAX_SPLIT_BYTES = 128L << 20;

  /** Options of the ingest job. */
  @Command(name = "IngestJob", mixinStandardHelpOptions = true,
      description = "Validates history CSV from raw/ into Parquet in data/ and rejected lines in quarantine/.")
  public static final class Options {
    @Mixin
    StorageOptions storage = new StorageOptions();

    /** Options from the same arguments main takes; a bad argument is a one-line {@link JobFailure}. */
    public static Options parse(String... args) {
      return JobLauncher.parse(new Options(), args);
    }
  }

  private IngestJob() {}

  public static void main(String[] args) {
    int code = execute(args, () -> JobLauncher.session("weblog-ingest"));
    JobLauncher.stopActiveSession();
    System.exit(code);
  }

  /** Parses the arguments and runs; the exit code main would return. */
  public static int execute(String[] args, Supplier<SparkSession> session) {
    return JobLauncher.launch("IngestJob", new Options(), args, options -> {
      System.out.println(run(session.get(), options).summary());
      return 0;
    });
  }

  public static IngestResult run(SparkSession spark, Options options) {
    long started = System.nanoTime();
    HdfsLayout layout = options.storage.layout();
    FileSystem fs = options.storage.fileSystem(spark);
    Path raw = StorageOptions.qualified(fs, layout.raw());
    InputFiles.Listing listing = InputFiles.require(fs, raw, "history CSV files");
    int files = listing.files();
    // Outputs are rebuilt from all of raw/ and swapped in whole, so a re-run replaces rather than appends.
    StagedDirectory data = StagedDirectory.beside(fs, StorageOptions.qualified(fs, layout.data()));
    StagedDirectory quarantine = StagedDirectory.beside(fs, StorageOptions.qualified(fs, layout.historyQuarantine()));

    SplitLineCounts counts = new SplitLineCounts();
    spark.sparkContext().register(counts, "ingest lines per split and kind");
    try {
      // One pass writes the valid rows and counts every line; rejected lines are rare, so they get a second pass
      // only when there are some, instead of caching the whole decoded input for both.
      decode(spark, raw, listing.bytes(), counts).where(functions.col(LineDecoder.KIND).isNull())
          .select(WebLogSparkSchema.recordColumns())
          .withColumn(WebLogSparkSchema.DATE, WebLogSparkSchema.dateOfTimestamp())
          .write().mode(SaveMode.ErrorIfExists).partitionBy(WebLogSparkSchema.DATE)
          .parquet(data.staging().toString());
      Tally tally = Tally.of(counts.value());
      if (tally.total() == 0) {
        throw new JobFailure("empty input: the " + files + " file(s) under " + raw + " hold no data lines"
            + (tally.headers() > 0 ? " (only " + tally.headers() + " header line(s))" : ""));
      }
      Dataset<Row> rejected = tally.quarantined() == 0
          ? spark.createDataFrame(List.of(), QUARANTINE_SCHEMA)
          : decode(spark, raw, listing.bytes(), null)
              .where(functions.col(LineDecoder.KIND).isNotNull()
                  .and(functions.col(LineDecoder.KIND).notEqual(LineDecoder.FILE_HEADER)))
              .join(functions.broadcast(firstLines(spark, counts.value())),
                  new String[] {LineDecoder.FILE, LineDecoder.SPLIT_START})
              .select(functions.col(Q_FILE),
                  functions.col(FIRST_LINE).plus(functions.col(LineDecoder.LINE_IN_SPLIT)).as(Q_LINE_NUMBER),
                  functions.col(Q_BYTE_OFFSET), functions.col(Q_KIND), functions.col(Q_FIELD),
                  functions.col(Q_REASON), functions.col(Q_LINE))
              .orderBy(Q_FILE, Q_LINE_NUMBER);
      rejected.coalesce(1).write().mode(SaveMode.ErrorIfExists).json(quarantine.staging().toString());
      data.commit();
      quarantine.commit();
      return new IngestResult(tally.total(), tally.valid(), tally.quarantined(), tally.byKind(), tally.headers(),
          files, raw.toString(), data.target().toString(), quarantine.target().toString(),
          (System.nanoTime() - started) / 1e9);
    } catch (RuntimeException e) {
      data.abandon();
      quarantine.abandon();
      throw e;
    }
  }

  /** The totals of one run from its per-split counts; a file's own header line is counted apart. */
  private record Tally(long total, long valid, long headers, Map<String, Long> byKind) {
    static Tally of(Map<SplitLineCounts.Key, Long> counts) {
      long total = 0;
      long valid = 0;
      long headers = 0;
      Map<String, Long> byKind = new TreeMap<>();
      for (Map.Entry<SplitLineCounts.Key, Long> e : counts.entrySet()) {
        String kind = e.getKey().kind();
        long n = e.getValue();
        if (LineDecoder.FILE_HEADER.equals(kind)) {
          headers += n;
          continue;
        }
        total += n;
        if (kind == null) {
          valid += n;
        } else {
          byKind.merge(kind, n, Long::sum);
        }
      }
      return new Tally(total, valid, headers, byKind);
    }

    long quarantined() {
      return total - valid;
    }
  }

  /** Lines as Hadoop splits them (CRLF and gzip handled), each with its file and byte offset. */
  private static Dataset<Row> decode(SparkSession spark, Path raw, long bytes, SplitLineCounts counts) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Configuration conf = new Configuration(spark.sparkContext().hadoopConfiguration());
    conf.setBoolean(FileInputFormat.INPUT_DIR_RECURSIVE, true);
    // One file below a block would be one split, decoded by one core: cut it so every core gets a share.
    long perTask = bytes / (2L * spark.sparkContext().defaultParallelism()) + 1;
    conf.setLong(FileInputFormat.SPLIT_MAXSIZE, Math.max(MIN_SPLIT_BYTES, Math.min(MAX_SPLIT_BYTES, perTask)));
    JavaNewHadoopRDD<LongWritable, Text> lines = (JavaNewHadoopRDD<LongWritable, Text>) jsc.newAPIHadoopFile(
        raw.toString(), TextInputFormat.class, LongWritable.class, Text.class, conf);
    JavaRDD<Row> rows = lines.mapPartitionsWithInputSplit(new LineDecoder(counts), false);
    return spark.createDataFrame(rows, LineDecoder.SCHEMA);
  }

  /** The 1-based line number of each split's first line: the lines of the file's earlier splits, plus one. */
  private static Dataset<Row> firstLines(SparkSession spark, Map<SplitLineCounts.Key, Long> counts) {
    Map<String, TreeMap<Long, Long>> linesPerSplit = new HashMap<>();
    counts.forEach((key, n) -> linesPerSplit.computeIfAbsent(key.file(), f -> new TreeMap<>()).merge(key.splitStart(),
        n, Long::sum));
    List<Row> rows = new ArrayList<>();
    linesPerSplit.forEach((file, splits) -> {
      long next = 1;
      for (Map.Entry<Long, Long> split : splits.entrySet()) {
        rows.add(RowFactory.create(file, split.getKey(), next));
        next += split.getValue();
      }
    });
    StructType schema = new StructType()
        .add(LineDecoder.FILE, DataTypes.StringType, false)
        .add(LineDecoder.SPLIT_START, DataTypes.LongType, false)
        .add(FIRST_LINE, DataTypes.LongType, false);
    return spark.createDataFrame(rows, schema);
  }
}
