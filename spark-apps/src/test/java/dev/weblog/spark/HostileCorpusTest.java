package dev.weblog.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.weblog.common.Column;
import dev.weblog.common.HdfsLayout;
import dev.weblog.common.ParseResult;
import dev.weblog.common.Rejection;
import dev.weblog.common.WebLogCsvCodec;
import dev.weblog.common.WebLogRecord;
import dev.weblog.common.generator.GeneratorConfig;
import dev.weblog.common.generator.Malformer;
import dev.weblog.common.generator.WebLogGenerator;
import dev.weblog.spark.ingest.IngestJob;
import dev.weblog.spark.ingest.IngestResult;
import dev.weblog.spark.stream.RunningStream;
import dev.weblog.spark.stream.StreamJob;
import dev.weblog.spark.stream.StreamOptions;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * A generated corpus of 10,400 malformed lines (800 of every rejection kind, made by the Malformer) shuffled with
 * 6,000 valid ones, run once through IngestJob and once through StreamJob (RealtimeJobTest runs it through the
 * real-time job). Conservation is checked per line, not
 * only in totals: every valid line is found once by a tag it carries (a unique member id), every malformed line
 * once by its coordinates (file line number for ingest, Kafka partition and offset for the stream), with the kind
 * it was broken for. Figures go to stdout for the README's Reliability table.
 */
public class HostileCorpusTest {

  public static final int VALID = 6_000;
  static final int PER_KIND = 800;
  static final Duration WAIT = Duration.ofSeconds(300);
  static final int PARTITIONS = 3;

  private static List<Line> corpus;

  private final SparkSession spark = SharedCluster.spark();

  /** One input line: its bytes, the kind it must be refused for (null when valid), and the valid line's tag. */
  public record Line(byte[] bytes, Rejection.Kind kind, String tag) {}

  public static synchronized List<Line> corpus() {
    if (corpus == null) {
      SplittableRandom random = new SplittableRandom(10);
      Iterator<WebLogRecord> rows = new WebLogGenerator(GeneratorConfig.defaults().withSeed(10)
          .withHistoryRows(VALID + PER_KIND * Rejection.Kind.values().length)).history();
      List<Line> lines = new ArrayList<>();
      int n = 0;
      while (rows.hasNext()) {
        String tag = String.format("%08x", n);
        String valid = withMemberId(rows.next(), tag).toCsvLine();
        if (n < VALID) {
          lines.add(new Line(valid.getBytes(StandardCharsets.UTF_8), null, tag));
        } else {
          Rejection.Kind kind = Rejection.Kind.values()[(n - VALID) / PER_KIND];
          lines.add(new Line(Malformer.malform(valid, kind, random), kind, null));
        }
        n++;
      }
      Collections.shuffle(lines, new Random(10));
      for (Line line : lines) {
        ParseResult decoded = WebLogCsvCodec.decode(line.bytes());
        Rejection.Kind kind = decoded instanceof ParseResult.Rejected r ? r.rejection().kind() : null;
        assertEquals(line.kind(), kind, "the corpus is what it claims to be");
      }
      corpus = List.copyOf(lines);
    }
    return corpus;
  }

  @Test
  void ingestKeepsEveryValidLineOnceAndQuarantinesEveryMalformedLineOnceAtItsLineNumber() {
    List<Line> lines = corpus();
    HdfsLayout layout = new HdfsLayout(SharedCluster.freshBase("hostile-ingest"));
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    file.writeBytes((Column.HEADER + "\n").getBytes(StandardCharsets.UTF_8));
    for (Line line : lines) {
      file.writeBytes(line.bytes());
      file.write('\n');
    }
    SharedCluster.write(layout.raw() + "/hostile.csv", file.toByteArray());

    IngestResult result = IngestJob.run(spark, IngestJob.Options.parse(SharedCluster.args(layout.base())));

    assertEquals(lines.size(), result.inputLines());
    assertEquals(VALID, result.valid());
    assertEquals(lines.size() - VALID, result.quarantined());
    Map<String, Long> perKind = new TreeMap<>();
    for (Rejection.Kind kind : Rejection.Kind.values()) {
      perKind.put(kind.name(), (long) PER_KIND);
    }
    assertEquals(perKind, result.quarantinedByKind());

    // The file's line number of corpus line i is i + 2: the header is line 1.
    Map<Long, Line> expectedQuarantine = new HashMap<>();
    Map<String, Line> expectedValid = new HashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      Line line = lines.get(i);
      if (line.kind() == null) {
        expectedValid.put(line.tag(), line);
      } else {
        expectedQuarantine.put(i + 2L, line);
      }
    }
    List<Row> quarantine = spark.read().json(SharedCluster.uri() + layout.historyQuarantine())
        .select(IngestJob.Q_LINE_NUMBER, IngestJob.Q_KIND, IngestJob.Q_FIELD, IngestJob.Q_REASON, IngestJob.Q_LINE)
        .collectAsList();
    Map<Long, Row> seenQuarantine = new HashMap<>();
    for (Row q : quarantine) {
      long number = q.getLong(0);
      assertNull(seenQuarantine.put(number, q), "line " + number + " quarantined twice");
      Line line = expectedQuarantine.get(number);
      assertNotNull(line, "line " + number + " quarantined but valid: " + q);
      assertEquals(line.kind().name(), q.getString(1), "kind of line " + number);
      assertFalse(q.isNullAt(2) || q.getString(2).isBlank() || q.isNullAt(3) || q.getString(3).isBlank(),
          "field and reason of line " + number + ": " + q);
      assertEquals(new String(line.bytes(), StandardCharsets.UTF_8), q.getString(4), "verbatim line " + number);
    }
    assertEquals(expectedQuarantine.keySet(), seenQuarantine.keySet(), "every malformed line is quarantined");

    List<Row> data = spark.read().parquet(SharedCluster.uri() + layout.data())
        .select(Column.MEMBER_ID.columnName(), Column.DEVICE_ID.columnName()).collectAsList();
    Map<String, Row> seenValid = new HashMap<>();
    for (Row r : data) {
      String tag = r.getString(0);
      assertNull(seenValid.put(tag, r), "valid line " + tag + " stored twice");
      Line line = expectedValid.get(tag);
      assertNotNull(line, "row " + r + " matches no valid input line");
      assertEquals(WebLogCsvCodec.deviceIdOf(new String(line.bytes(), StandardCharsets.UTF_8)), r.getString(1));
    }
    assertEquals(expectedValid.keySet(), seenValid.keySet(), "every valid line is stored");
    System.out.printf("Reliability ingest: %d lines (%d valid, %d malformed of %d kinds), lost 0, duplicated 0%n",
        lines.size(), VALID, lines.size() - VALID, Rejection.Kind.values().length);
  }

  @Test
  void streamPredictsEveryValidRecordOnceAndQuarantinesEveryMalformedRecordOnceWithItsKind() throws Exception {
    List<Line> lines = corpus();
    String base = StreamTestData.baseWithModels("hostile-stream");
    HdfsLayout layout = new HdfsLayout(base);
    String topic = "hostile-" + System.nanoTime();
    SharedKafka.createTopic(topic, PARTITIONS);
    Map<String, Line> byCoordinates = send(topic, lines);
    assertEquals(lines.size(), byCoordinates.size(), "each record has its own partition and offset");

    long started = System.nanoTime();
    RunningStream stream = StreamJob.start(spark, StreamOptions.parse(List.of(SharedCluster.args(base,
        "--bootstrap-servers", SharedKafka.bootstrapServers(), "--topic", topic, "--trigger", "500 milliseconds",
        "--max-offsets-per-trigger", "6000", "--query-name", "hostile"))));
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (stream.committedRecords() < lines.size()) {
      if (!stream.isActive()) {
        fail("the query ended early: " + stream.exception().map(Throwable::toString).orElse("stopped"));
      }
      if (System.nanoTime() > deadline) {
        stream.stopGracefully(Duration.ofSeconds(10));
        fail("only " + stream.committedRecords() + " of " + lines.size() + " records committed within " + WAIT);
      }
      Thread.sleep(100);
    }
    assertTrue(stream.stopGracefully(Duration.ofSeconds(60)));
    assertTrue(stream.exception().isEmpty(), () -> "stopped cleanly: " + stream.exception());
    assertEquals(lines.size(), stream.committedRecords());
    double seconds = (System.nanoTime() - started) / 1e9;

    Map<String, Line> seen = new HashMap<>();
    List<Row> predictions = spark.read().parquet(SharedCluster.uri() + layout.streamPredictions())
        .select(StreamColumns.KAFKA_PARTITION, StreamColumns.KAFKA_OFFSET, Column.DEVICE_ID.columnName())
        .collectAsList();
    for (Row p : predictions) {
      String at = p.get(0) + "@" + p.get(1);
      Line line = byCoordinates.get(at);
      assertNotNull(line, "prediction for a record never sent: " + p);
      assertNull(seen.put(at, line), "record " + at + " in the outputs twice");
      assertNull(line.kind(), "record " + at + " is malformed (" + line.kind() + ") but was predicted");
      assertEquals(WebLogCsvCodec.deviceIdOf(new String(line.bytes(), StandardCharsets.UTF_8)), p.getString(2));
    }
    List<Row> quarantine = spark.read().parquet(SharedCluster.uri() + layout.streamQuarantine())
        .select(StreamColumns.KAFKA_PARTITION, StreamColumns.KAFKA_OFFSET, StreamColumns.KIND, StreamColumns.FIELD,
            StreamColumns.REASON, StreamColumns.LINE_BYTES)
        .collectAsList();
    for (Row q : quarantine) {
      String at = q.get(0) + "@" + q.get(1);
      Line line = byCoordinates.get(at);
      assertNotNull(line, "quarantine for a record never sent: " + q);
      assertNull(seen.put(at, line), "record " + at + " in the outputs twice");
      assertNotNull(line.kind(), "record " + at + " is valid but was quarantined: " + q.getString(4));
      assertEquals(line.kind().name(), q.getString(2), "kind of record " + at);
      assertFalse(q.isNullAt(3) || q.getString(3).isBlank() || q.isNullAt(4) || q.getString(4).isBlank(),
          "field and reason of record " + at);
      assertArrayEquals(line.bytes(), q.getAs(5), "quarantine keeps the bytes of record " + at);
    }
    assertEquals(byCoordinates.keySet(), seen.keySet(), "every record sent is predicted or quarantined");
    assertEquals(VALID, predictions.size());
    assertEquals(lines.size() - VALID, quarantine.size());
    assertEquals(VALID, spark.read().parquet(SharedCluster.uri() + layout.streamRaw()).count(),
        "every valid line is archived raw once");
    System.out.printf("Reliability stream: %d records (%d valid, %d malformed), lost 0, duplicated 0 (%.1f s)%n",
        lines.size(), VALID, lines.size() - VALID, seconds);
  }

  /** Sends as the producer does and returns each line by its Kafka coordinates {@code partition@offset}. */
  public static Map<String, Line> send(String topic, List<Line> lines) throws Exception {
    List<Future<RecordMetadata>> sent = new ArrayList<>(lines.size());
    try (KafkaProducer<byte[], byte[]> producer = SharedKafka.producer()) {
      for (Line line : lines) {
        String deviceId = WebLogCsvCodec.deviceIdOf(new String(line.bytes(), StandardCharsets.UTF_8));
        byte[] key = deviceId == null ? null : deviceId.getBytes(StandardCharsets.UTF_8);
        sent.add(producer.send(new ProducerRecord<>(topic, key, line.bytes())));
      }
      producer.flush();
    }
    Map<String, Line> byCoordinates = new HashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      RecordMetadata meta = sent.get(i).get();
      byCoordinates.put(meta.partition() + "@" + meta.offset(), lines.get(i));
    }
    return byCoordinates;
  }

  private static WebLogRecord withMemberId(WebLogRecord r, String memberId) {
    return new WebLogRecord(r.deviceId(), r.timestamp(), r.productCategoryId(), r.ip(), r.lat(), r.lon(),
        r.deviceType(), r.connectType(), r.ageGroup(), r.gender(), memberId);
  }
}
