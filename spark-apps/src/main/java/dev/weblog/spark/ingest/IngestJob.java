package dev.weblog.spark.ingest;

import dev.weblog.common.HdfsLayout;
import dev.weblog.common.MetricsEndpoint;
import dev.weblog.spark.HadoopConf;
import dev.weblog.spark.InputFiles;
import dev.weblog.spark.JobFailure;
import dev.weblog.spark.JobLauncher;
import dev.weblog.spark.MetricsPortOption;
import dev.weblog.spark.StagedDirectory;
import dev.weblog.spark.StorageOptions;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
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
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * History CSV in {@code raw/} to Parquet in {@code data/} (partitioned by date) and rejected lines, verbatim and
 * with their reason, in {@code quarantine/history/}. One Spark job reads the input once: each task decodes its
 * split with the common codec (so ingest applies exactly the project's validation rules, with a schema that never
 * needs inferring) and writes Parquet itself ({@link SplitIngest}); the driver commits the successful attempts and
 * builds the quarantine from their reject logs.
 */
public final class IngestJob {

  /** Columns of the quarantine files (JSON lines). */
  public static final String Q_FILE = "file";
  public static final String Q_LINE_NUMBER = "line_number";
  public static final String Q_BYTE_OFFSET = "byte_offset";
  public static final String Q_KIND = "kind";
  public static final String Q_FIELD = "field";
  public static final String Q_REASON = "reason";
  public static final String Q_LINE = "line";

  private static final String ATTEMPTS = "_attempts";
  private static final long MIN_SPLIT_BYTES = 4L << 20;
  private static final long MAX_SPLIT_BYTES = 128L << 20;

  /** Options of the ingest job. */
  @Command(name = "IngestJob", mixinStandardHelpOptions = true,
      description = "Validates history CSV from raw/ into Parquet in data/ and rejected lines in quarantine/.")
  public static final class Options {
    @Mixin
    StorageOptions storage = new StorageOptions();

    @Mixin
    MetricsPortOption metrics = new MetricsPortOption();

    /** The metrics endpoint asked for: empty without {@code --metrics-port}. */
    public OptionalInt metricsPort() {
      return metrics.port();
    }

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

  /** Runs, serving its progress while it does when {@code --metrics-port} asks for it. */
  public static IngestResult run(SparkSession spark, Options options) {
    try (MetricsEndpoint endpoint = MetricsEndpoint.start(options.metricsPort(), JobFailure::new)) {
      endpoint.url().ifPresent(url -> System.out.println("IngestJob: metrics at " + url));
      return run(spark, options, endpoint);
    }
  }

  /** Runs, recording its progress into {@code endpoint}'s registry; the caller started it and closes it. */
  public static IngestResult run(SparkSession spark, Options options, MetricsEndpoint endpoint) {
    long started = System.nanoTime();
    IngestMetrics progress = new IngestMetrics(endpoint.registry(), System::currentTimeMillis);
    HdfsLayout layout = options.storage.layout();
    FileSystem fs = options.storage.fileSystem(spark);
    Path raw = StorageOptions.qualified(fs, layout.raw());
    InputFiles.Listing listing = InputFiles.require(fs, raw, "history CSV files");
    int files = listing.files();
    // Outputs are rebuilt from all of raw/ and swapped in whole, so a re-run replaces rather than appends.
    StagedDirectory data = StagedDirectory.beside(fs, StorageOptions.qualified(fs, layout.data()));
    StagedDirectory quarantine = StagedDirectory.beside(fs, StorageOptions.qualified(fs, layout.historyQuarantine()));
    try {
      Path attempts = new Path(data.staging(), ATTEMPTS);
      JavaNewHadoopRDD<LongWritable, Text> input = splits(spark, raw, listing.bytes());
      progress.planned(SplitResults.splitsPerFile(input.rdd()));
      List<SplitOutcome> outcomes = SplitResults.collect(input.mapPartitionsWithInputSplit(
          new SplitIngest(new HadoopConf(spark.sparkContext().hadoopConfiguration()), attempts), false),
          progress::splitDone);
      Tally tally = Tally.of(outcomes);
      if (tally.total() == 0) {
        throw new JobFailure("empty input: the " + files + " file(s) under " + raw + " hold no data lines"
            + (tally.headers() > 0 ? " (only " + tally.headers() + " header line(s))" : ""));
      }
      commit(fs, outcomes, data, quarantine, attempts);
      return new IngestResult(tally.total(), tally.valid(), tally.quarantined(), tally.byKind(), tally.headers(),
          files, raw.toString(), data.target().toString(), quarantine.target().toString(),
          (System.nanoTime() - started) / 1e9);
    } catch (RuntimeException e) {
      data.abandon();
      quarantine.abandon();
      throw e;
    }
  }

  /** The successful attempts' files into place, the quarantine from their reject logs, then both swapped in. */
  private static void commit(FileSystem fs, List<SplitOutcome> outcomes, StagedDirectory data,
      StagedDirectory quarantine, Path attempts) {
    try {
      // The staging folder exists even when no line was valid: data/ is then an empty table, not a missing one.
      if (!fs.mkdirs(data.staging()) || !fs.mkdirs(quarantine.staging())) {
        throw new JobFailure("cannot create " + data.staging() + " and " + quarantine.staging());
      }
      AttemptCommit.moveInto(fs, outcomes, data.staging());
      QuarantineFile.write(fs, outcomes, quarantine.staging());
      fs.delete(attempts, true);
    } catch (IOException e) {
      throw new JobFailure("cannot commit " + data.target() + " and " + quarantine.target() + ": "
          + StagedDirectory.oneLine(e), e);
    }
    data.commit();
    quarantine.commit();
  }

  /** The totals of one run from its splits' outcomes; a file's own header line is counted apart. */
  private record Tally(long total, long valid, long headers, Map<String, Long> byKind) {
    static Tally of(List<SplitOutcome> outcomes) {
      long total = 0;
      long valid = 0;
      long headers = 0;
      Map<String, Long> byKind = new TreeMap<>();
      for (SplitOutcome o : outcomes) {
        total += o.lines() - o.headers();
        valid += o.valid();
        headers += o.headers();
        o.rejectedByKind().forEach((kind, n) -> byKind.merge(kind, n, Long::sum));
      }
      return new Tally(total, valid, headers, byKind);
    }

    long quarantined() {
      return total - valid;
    }
  }

  /**
   * Lines as Hadoop splits them (CRLF and gzip handled), each with its byte offset. One split per core: every core
   * gets a share of a single file, and each task's fixed costs (its files, their closing) are paid once per core.
   */
  private static JavaNewHadoopRDD<LongWritable, Text> splits(SparkSession spark, Path raw, long bytes) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Configuration conf = new Configuration(spark.sparkContext().hadoopConfiguration());
    conf.setBoolean(FileInputFormat.INPUT_DIR_RECURSIVE, true);
    long perTask = bytes / spark.sparkContext().defaultParallelism() + 1;
    conf.setLong(FileInputFormat.SPLIT_MAXSIZE, Math.max(MIN_SPLIT_BYTES, Math.min(MAX_SPLIT_BYTES, perTask)));
    return (JavaNewHadoopRDD<LongWritable, Text>) jsc.newAPIHadoopFile(raw.toString(), TextInputFormat.class,
        LongWritable.class, Text.class, conf);
  }
}
