package dev.weblog.spark.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weblog.common.Column;
import dev.weblog.common.HdfsLayout;
import dev.weblog.common.JobContract;
import dev.weblog.common.ParseResult;
import dev.weblog.common.WebLogCsvCodec;
import dev.weblog.common.MetricsEndpoint;
import dev.weblog.spark.JobFailure;
import dev.weblog.spark.MetricsScrape;
import dev.weblog.spark.SharedCluster;
import dev.weblog.spark.WebLogSparkSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class IngestJobTest {

  private static final String GOOD_1 =
      "d1,2019-04-01 10:00:00,12,10.0.0.1,25.03,121.56,1,2,36-50,1,ab12";
  private static final String GOOD_2 =
      "d2,2019-04-02 23:59:59,7,10.0.0.2,24.1,120.6,2,1,,,";
  private static final String GOOD_3 =
      "d3,2019-04-02 00:00:00,3,192.168.1.9,22.6,120.3,3,3,retired,F,";
  private static final String BAD_FIELDS = "d4,2019-04-02 00:00:00,3";
  private static final String BAD_NUMBER =
      "d5,2019-04-02 00:00:00,abc,10.0.0.5,22.6,120.3,3,3,over 50,0,";
  /** Any text is a label ("ancient" too); one holding a control character (an ANSI escape) is not. */
  private static final String BAD_LABEL =
      "d6,2019-04-03 08:00:00,3,10.0.0.6,22.6,120.3,3,3,ancient\u001b[1m,0,";

  private final SparkSession spark = SharedCluster.spark();

  @Test
  void everyLineEndsUpValidOrQuarantinedWithItsReasonAndLineNumber() {
    String base = SharedCluster.freshBase("ingest-small");
    HdfsLayout layout = new HdfsLayout(base);
    String csv = String.join("\n", Column.HEADER, GOOD_1, BAD_FIELDS, GOOD_2, "", BAD_NUMBER, GOOD_3, BAD_LABEL,
        Column.HEADER)
        + "\n";
    SharedCluster.write(layout.raw() + "/part-1.csv", csv);
    SharedCluster.write(layout.raw() + "/day/part-2.csv", Column.HEADER + "\r\n" + GOOD_1 + "\r\n");

    IngestResult result = IngestJob.run(spark, options(base));

    assertEquals(9, result.inputLines(), "the files' own header lines are not input");
    assertEquals(2, result.headerLines());
    assertEquals(4, result.valid());
    assertEquals(5, result.quarantined());
    assertEquals(Map.of("FIELD_COUNT", 1L, "EMPTY_LINE", 1L, "BAD_NUMBER", 1L, "BAD_LABEL", 1L, "HEADER", 1L),
        result.quarantinedByKind());

    Dataset<Row> data = spark.read().parquet(SharedCluster.uri() + layout.data());
    assertEquals(4, data.count());
    assertEquals(WebLogSparkSchema.stored().fieldNames().length, data.schema().fieldNames().length);
    Map<String, Long> perDate = data.groupBy(WebLogSparkSchema.DATE).count().collectAsList().stream()
        .collect(Collectors.toMap(r -> r.get(0).toString(), r -> r.getLong(1)));
    assertEquals(Map.of("2019-04-01", 2L, "2019-04-02", 2L), perDate);
    Row d2 = data.where("device_id = 'd2'").first();
    assertTrue(d2.isNullAt(d2.fieldIndex("age_group")), "an empty label stays unknown");
    assertEquals(LocalDateTime.of(2019, 4, 2, 23, 59, 59), d2.get(d2.fieldIndex("timestamp")),
        "timestamps keep their wall-clock value");

    List<Row> quarantine = spark.read().json(SharedCluster.uri() + layout.historyQuarantine())
        .where("file LIKE '%part-1.csv'").orderBy(IngestJob.Q_LINE_NUMBER).collectAsList();
    List<String> expectedLines = List.of(BAD_FIELDS, "", BAD_NUMBER, BAD_LABEL, Column.HEADER);
    List<Long> expectedNumbers = List.of(3L, 5L, 6L, 8L, 9L);
    assertEquals(expectedLines.size(), quarantine.size());
    for (int i = 0; i < quarantine.size(); i++) {
      Row q = quarantine.get(i);
      String line = q.getAs(IngestJob.Q_LINE);
      assertEquals(expectedLines.get(i), line, "verbatim line");
      assertEquals(expectedNumbers.get(i), (Long) q.getAs(IngestJob.Q_LINE_NUMBER));
      ParseResult.Rejected codec = (ParseResult.Rejected) WebLogCsvCodec.decode(line);
      assertEquals(codec.rejection().kind().name(), q.getAs(IngestJob.Q_KIND));
      assertEquals(codec.rejection().field(), q.getAs(IngestJob.Q_FIELD));
      assertEquals(codec.rejection().reason(), q.getAs(IngestJob.Q_REASON));
    }
  }

  @Test
  void committedSampleWithItsMalformedLinesIsCountedExactlyAndReRunsAddNothing() throws IOException {
    Path sample = Path.of("..", "test-data", "history-sample.csv");
    assertTrue(Files.isRegularFile(sample), "the committed sample " + sample.toAbsolutePath() + " exists");
    List<byte[]> lines = linesOf(Files.readAllBytes(sample));
    long expectedValid = lines.stream().filter(l -> WebLogCsvCodec.decode(l).isValid()).count();
    assertTrue(expectedValid < lines.size(), "the sample holds malformed lines");
    String base = SharedCluster.freshBase("ingest-sample");
    HdfsLayout layout = new HdfsLayout(base);
    SharedCluster.upload(sample, layout.raw() + "/history-sample.csv");

    IngestResult first = IngestJob.run(spark, options(base));
    IngestResult second = IngestJob.run(spark, options(base));

    long dataLines = lines.size() - 1;
    for (IngestResult r : List.of(first, second)) {
      assertEquals(dataLines, r.inputLines(), "every line but the header");
      assertEquals(1, r.headerLines());
      assertEquals(expectedValid, r.valid());
      assertEquals(dataLines - expectedValid, r.quarantined());
    }
    long parquetRows = spark.read().parquet(SharedCluster.uri() + layout.data()).count();
    Dataset<Row> quarantine = spark.read().json(SharedCluster.uri() + layout.historyQuarantine());
    assertEquals(expectedValid, parquetRows, "a second run adds no rows");
    assertEquals(dataLines, parquetRows + quarantine.count());
    assertEquals(0, quarantine.where("reason IS NULL OR reason = '' OR kind IS NULL OR line IS NULL").count(),
        "every quarantined line carries its reason");
  }

  @Test
  void progressEndpointCountsTheRowsAndFilesTheRunWrote() {
    String base = SharedCluster.freshBase("ingest-metrics");
    HdfsLayout layout = new HdfsLayout(base);
    SharedCluster.write(layout.raw() + "/part-1.csv", String.join("\n", Column.HEADER, GOOD_1, BAD_FIELDS, GOOD_2,
        BAD_NUMBER, BAD_FIELDS) + "\n");
    SharedCluster.write(layout.raw() + "/day/part-2.csv", String.join("\n", GOOD_3, BAD_LABEL, GOOD_1) + "\n");
    IngestJob.Options options = options(base, JobContract.OPT_METRICS_PORT, "0");
    long startedSeconds = System.currentTimeMillis() / 1000;

    IngestResult result;
    MetricsScrape metrics;
    try (MetricsEndpoint endpoint = MetricsEndpoint.start(options.metricsPort(), JobFailure::new)) {
      result = IngestJob.run(spark, options, endpoint);
      metrics = MetricsScrape.of(endpoint.url().orElseThrow());
    }

    long parquetRows = spark.read().parquet(SharedCluster.uri() + layout.data()).count();
    assertEquals(4, parquetRows);
    assertEquals(parquetRows, metrics.sum("weblog_ingest_rows_written_total"), "rows written = rows in data/");
    assertEquals(result.quarantined(), metrics.sum("weblog_ingest_rows_quarantined_total"));
    assertEquals(Map.of("FIELD_COUNT", 2L, "BAD_NUMBER", 1L, "BAD_LABEL", 1L), result.quarantinedByKind());
    result.quarantinedByKind().forEach((kind, n) -> assertEquals(n.doubleValue(), metrics.sum(
        "weblog_ingest_rows_quarantined_total", "reason", kind.toLowerCase(Locale.ROOT)), kind));
    assertEquals(2, result.inputFiles());
    assertEquals(result.inputFiles(), metrics.sum("weblog_ingest_files"));
    assertEquals(result.inputFiles(), metrics.sum("weblog_ingest_files_done_total"));
    assertTrue(metrics.sum("weblog_ingest_splits") >= result.inputFiles());
    assertEquals(metrics.sum("weblog_ingest_splits"), metrics.sum("weblog_ingest_splits_done_total"));
    assertTrue(metrics.sum("weblog_ingest_last_progress_timestamp_seconds") >= startedSeconds);
  }

  @Test
  void endpointServesOnlyWhileTheJobRunsAndOnlyWhenAsked() {
    String base = SharedCluster.freshBase("ingest-endpoint");
    HdfsLayout layout = new HdfsLayout(base);
    SharedCluster.write(layout.raw() + "/part.csv", Column.HEADER + "\n" + GOOD_1 + "\n");

    SharedCluster.Outcome asked = SharedCluster.capture(() -> IngestJob.execute(
        SharedCluster.args(base, JobContract.OPT_METRICS_PORT, "0"), SharedCluster::spark));
    SharedCluster.Outcome notAsked = SharedCluster.capture(() -> IngestJob.execute(SharedCluster.args(base),
        SharedCluster::spark));

    assertEquals(0, asked.exitCode(), asked.stderr());
    Matcher url = Pattern.compile("IngestJob: metrics at (http://\\S+)").matcher(asked.stdout());
    assertTrue(url.find(), asked.stdout());
    UncheckedIOException closed = assertThrows(UncheckedIOException.class, () -> MetricsScrape.of(url.group(1)));
    assertTrue(closed.getCause() instanceof ConnectException, "the endpoint stops with the job: " + closed);
    assertEquals(0, notAsked.exitCode(), notAsked.stderr());
    assertFalse(notAsked.stdout().contains("metrics at"), notAsked.stdout());
  }

  @Test
  void missingInputIsOneLineNamingThePath() {
    String base = SharedCluster.freshBase("ingest-missing");
    SharedCluster.Outcome outcome = SharedCluster.capture(
        () -> IngestJob.execute(SharedCluster.args(base), SharedCluster::spark));
    assertEquals(JobContract.EXIT_USAGE, outcome.exitCode());
    assertTrue(outcome.stderr().contains("input path not found: " + SharedCluster.uri() + base + "/raw"),
        outcome.stderr());
  }

  @Test
  void emptyInputFailsWithoutWritingAnything() {
    String base = SharedCluster.freshBase("ingest-empty");
    HdfsLayout layout = new HdfsLayout(base);
    SharedCluster.write(layout.raw() + "/empty.csv", "");
    SharedCluster.Outcome outcome = SharedCluster.capture(
        () -> IngestJob.execute(SharedCluster.args(base), SharedCluster::spark));
    assertEquals(JobContract.EXIT_USAGE, outcome.exitCode());
    assertTrue(outcome.stderr().contains("empty input"), outcome.stderr());
    assertTrue(outcome.stderr().contains(layout.raw()), outcome.stderr());
    assertFalse(SharedCluster.exists(layout.data()));
  }

  @Test
  void unwritableOutputFailsBeforeWritingAnything() {
    String base = SharedCluster.freshBase("ingest-unwritable");
    HdfsLayout layout = new HdfsLayout(base);
    SharedCluster.write(layout.raw() + "/part.csv", Column.HEADER + "\n" + GOOD_1 + "\n");
    SharedCluster.write(layout.quarantine(), "a file where the quarantine folder should be");
    SharedCluster.Outcome outcome = SharedCluster.capture(
        () -> IngestJob.execute(SharedCluster.args(base), SharedCluster::spark));
    assertEquals(JobContract.EXIT_USAGE, outcome.exitCode());
    assertTrue(outcome.stderr().contains("cannot write " + SharedCluster.uri() + layout.historyQuarantine()),
        outcome.stderr());
    assertFalse(SharedCluster.exists(layout.data()));
  }

  @Test
  void unknownOptionIsAUsageError() {
    SharedCluster.Outcome outcome = SharedCluster.capture(
        () -> IngestJob.execute(new String[] {"--no-such-option"}, SharedCluster::spark));
    assertEquals(JobContract.EXIT_USAGE, outcome.exitCode());
    assertNotNull(outcome.stderr());
    assertTrue(outcome.stderr().contains("--no-such-option"), outcome.stderr());
  }

  /** Lines as Hadoop's reader cuts them (the sample has no CR), kept as bytes: one line is not UTF-8. */
  private static List<byte[]> linesOf(byte[] content) {
    List<byte[]> lines = new java.util.ArrayList<>();
    int start = 0;
    for (int i = 0; i < content.length; i++) {
      if (content[i] == '\n') {
        lines.add(java.util.Arrays.copyOfRange(content, start, i));
        start = i + 1;
      }
    }
    if (start < content.length) {
      lines.add(java.util.Arrays.copyOfRange(content, start, content.length));
    }
    return lines;
  }

  private static IngestJob.Options options(String base, String... more) {
    IngestJob.Options options = new IngestJob.Options();
    new picocli.CommandLine(options).parseArgs(SharedCluster.args(base, more));
    return options;
  }
}
