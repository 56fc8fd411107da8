package dev.weblog.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weblog.common.Column;
import dev.weblog.common.JobContract;
import dev.weblog.common.MetricsEndpoint;
import dev.weblog.common.WebLogCsvCodec;
import dev.weblog.common.WebLogRecord;
import dev.weblog.common.generator.GeneratorConfig;
import dev.weblog.common.generator.WebLogGenerator;
import dev.weblog.embedded.EmbeddedKafka;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(180)
class ReplayProducerTest {

  /** The committed sample; surefire runs in the module folder. */
  static final Path LIVE_SAMPLE = Path.of("..", "test-data", "live-sample.csv");

  @TempDir
  static Path tmp;
  static EmbeddedKafka kafka;

  @BeforeAll
  static void startKafka() {
    kafka = EmbeddedKafka.start(tmp.resolve("kafka"));
  }

  @AfterAll
  static void stopKafka() {
    if (kafka != null) {
      kafka.close();
    }
  }

  private static ReplayOptions options(String topic, int partitions) {
    return ReplayOptions.defaults().withBootstrapServers(kafka.bootstrapServers()).withTopic(topic, partitions);
  }

  /** The file's lines as the contract defines them, split here independently of FileLineSource. */
  private static List<byte[]> expectedLines(Path file) throws Exception {
    byte[] content = Files.readAllBytes(file);
    List<byte[]> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= content.length; i++) {
      if (i == content.length || content[i] == '\n') {
        if (i == content.length && start == i) {
          break;
        }
        int end = i > start && content[i - 1] == '\r' ? i - 1 : i;
        lines.add(java.util.Arrays.copyOfRange(content, start, end));
        start = i + 1;
      }
    }
    if (new String(lines.get(0), StandardCharsets.UTF_8).equals(Column.HEADER)) {
      lines.remove(0);
    }
    return lines;
  }

  private static String keyOfLine(byte[] line) {
    return WebLogCsvCodec.deviceIdOf(new String(line, StandardCharsets.UTF_8));
  }

  /** Asserts the topic holds each line exactly once with its key, and each key's lines in file order. */
  private static void assertTopicHoldsExactly(String topic, List<byte[]> lines) {
    List<TopicContents.Message> messages = TopicContents.read(kafka.bootstrapServers(), topic);
    assertEquals(lines.size(), messages.size(), "messages in " + topic);
    Map<String, Long> expected = lines.stream()
        .collect(Collectors.groupingBy(l -> keyOfLine(l) + "\u0000" + hex(l), Collectors.counting()));
    Map<String, Long> actual = messages.stream()
        .collect(Collectors.groupingBy(m -> m.key() + "\u0000" + hex(m.value()), Collectors.counting()));
    assertEquals(expected, actual, "key and value of every line, each once");
    Map<String, List<String>> expectedOrder = new HashMap<>();
    for (byte[] line : lines) {
      String key = keyOfLine(line);
      if (key != null) {
        expectedOrder.computeIfAbsent(key, k -> new ArrayList<>()).add(hex(line));
      }
    }
    Map<String, List<String>> actualOrder = new HashMap<>();
    for (TopicContents.Message m : messages) {
      if (m.key() != null) {
        actualOrder.computeIfAbsent(m.key(), k -> new ArrayList<>()).add(hex(m.value()));
      }
    }
    assertEquals(expectedOrder, actualOrder, "lines of one device in file order");
  }

  private static String hex(byte[] bytes) {
    StringBuilder sb = new StringBuilder(bytes.length * 2);
    for (byte b : bytes) {
      sb.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
    }
    return sb.toString();
  }

  private static boolean isUtf8(byte[] bytes) {
    try {
      StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  @Test
  void theLiveSampleArrivesOnceByteForByteKeyedByDeviceIdMalformedLinesIncluded() throws Exception {
    List<byte[]> lines = expectedLines(LIVE_SAMPLE);
    // The sample must hold what this test is about, or it proves nothing.
    assertTrue(lines.stream().anyMatch(l -> !isUtf8(l)), "a line that is not UTF-8");
    assertTrue(lines.stream().anyMatch(l -> keyOfLine(l) == null), "a line without a device id");
    assertTrue(lines.stream().anyMatch(l -> new String(l, StandardCharsets.UTF_8).startsWith("\"")),
        "a JSON-quoted line");

    ReplaySummary summary;
    try (FileLineSource source = FileLineSource.open(LIVE_SAMPLE)) {
      summary = ReplayProducer.run(options("live-sample", 3), source);
      assertTrue(source.headerSkipped());
    }

    assertTrue(summary.complete(), summary.describe());
    assertEquals(lines.size(), summary.read());
    assertEquals(lines.size(), summary.sent());
    assertEquals(0, summary.failed());
    assertTrue(summary.topicCreated());
    assertEquals(3, summary.partitions());
    assertEquals(3, TopicContents.partitionCount(kafka.bootstrapServers(), "live-sample"));
    assertTopicHoldsExactly("live-sample", lines);
  }

  @Test
  void generatedLinesAreTheLiveRecordsAsCsv() {
    List<byte[]> expected = new ArrayList<>();
    Iterator<WebLogRecord> live =
        new WebLogGenerator(GeneratorConfig.defaults().withLiveRows(1_000).withSeed(5)).live();
    live.forEachRemaining(r -> expected.add(r.toCsvLine().getBytes(StandardCharsets.UTF_8)));
    ReplaySummary summary = ReplayProducer.run(options("generated", 2), new GeneratorLineSource(1_000, 5));
    assertTrue(summary.complete(), summary.describe());
    assertEquals(1_000, summary.sent());
    assertTopicHoldsExactly("generated", expected);
    assertTrue(TopicContents.read(kafka.bootstrapServers(), "generated").stream()
        .allMatch(m -> m.key() != null && new String(m.value(), StandardCharsets.UTF_8).startsWith(m.key() + ",")));
  }

  @Test
  void anExistingTopicIsUsedWithItsOwnPartitions() throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic("existing", 1, (short) 1))).all().get();
    }
    ReplaySummary summary = ReplayProducer.run(options("existing", 4), new GeneratorLineSource(50, 1));
    assertTrue(summary.complete(), summary.describe());
    assertFalse(summary.topicCreated());
    assertEquals(1, summary.partitions());
    assertEquals(1, TopicContents.partitionCount(kafka.bootstrapServers(), "existing"));
    assertEquals(50, TopicContents.read(kafka.bootstrapServers(), "existing").size());
  }

  @Test
  void theLimitStopsTheReplayAfterThatManyLines() {
    ReplaySummary summary =
        ReplayProducer.run(options("limited", 1).withLimit(10), new GeneratorLineSource(100, 1));
    assertTrue(summary.complete(), summary.describe());
    assertEquals(10, summary.read());
    assertEquals(10, TopicContents.read(kafka.bootstrapServers(), "limited").size());
  }

  @Test
  void cancellingFlushesWhatWasReadAndReportsIt() {
    AtomicBoolean cancel = new AtomicBoolean();
    GeneratorLineSource generator = new GeneratorLineSource(1_000_000, 3);
    LineSource cancelledAfter500 = new LineSource() {
      int given;

      @Override
      public byte[] next() {
        if (++given == 500) {
          cancel.set(true);
        }
        return generator.next();
      }

      @Override
      public String describe() {
        return generator.describe();
      }
    };
    ReplaySummary summary = ReplayProducer.run(options("cancelled", 2), cancelledAfter500, cancel);
    assertTrue(summary.cancelled());
    assertFalse(summary.complete());
    assertEquals(500, summary.read());
    assertEquals(500, summary.sent());
    assertEquals(500, TopicContents.read(kafka.bootstrapServers(), "cancelled").size());
    assertTrue(summary.describe().startsWith("cancelled: sent 500 lines"), summary.describe());
  }

  @Test
  void aLineTooLargeForKafkaIsCountedAsFailedAndTheOthersArrive() throws Exception {
    Path file = tmp.resolve("too-large.csv");
    String big = "big," + "x".repeat(2 * 1024 * 1024);
    Files.writeString(file, Column.HEADER + "\na,1\n" + big + "\nb,2\n");
    ReplaySummary summary;
    try (FileLineSource source = FileLineSource.open(file)) {
      summary = ReplayProducer.run(options("too-large", 1), source);
    }
    assertFalse(summary.complete());
    assertEquals(3, summary.read());
    assertEquals(2, summary.sent());
    assertEquals(1, summary.failed());
    assertNotNull(summary.firstError());
    assertTrue(summary.firstError().startsWith("RecordTooLargeException"), summary.firstError());
    assertTopicHoldsExactly("too-large", List.of("a,1".getBytes(StandardCharsets.UTF_8),
        "b,2".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void theCommandReplaysAFilePrintsOneSummaryLineAndWritesJson() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Path json = tmp.resolve("reports/summary.json");
    int exit = ReplayCommand.execute(new String[] {
        "--bootstrap-servers", kafka.bootstrapServers(), "--topic", "by-command", "--partitions", "2",
        "--file", LIVE_SAMPLE.toString(), "--rate", "0", "--summary-json", json.toString(), "--no-progress"},
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    String stdout = out.toString(StandardCharsets.UTF_8);
    assertEquals(0, exit, stdout + err.toString(StandardCharsets.UTF_8));
    int lines = expectedLines(LIVE_SAMPLE).size();
    assertEquals(1, stdout.lines().count(), stdout);
    assertTrue(stdout.startsWith(String.format("done: sent %,d lines from", lines)), stdout);
    assertEquals("", err.toString(StandardCharsets.UTF_8));
    JsonNode summary = new ObjectMapper().readTree(json.toFile());
    assertEquals(lines, summary.get("sent").asLong());
    assertEquals(0, summary.get("failed").asLong());
    assertEquals("by-command", summary.get("topic").asText());
    assertTrue(summary.get("complete").asBoolean());
    assertTrue(summary.get("lines_per_s").asDouble() > 0);
    assertEquals(lines, TopicContents.read(kafka.bootstrapServers(), "by-command").size());
  }

  @Test
  void theEndpointCountsWhatTheSummaryReports() throws Exception {
    Path file = tmp.resolve("metrics.csv");
    Files.writeString(file, Column.HEADER + "\na,1\nbig," + "x".repeat(2 * 1024 * 1024) + "\nb,2\nc,3\n");
    long startedSeconds = System.currentTimeMillis() / 1000;
    ReplaySummary summary;
    String metrics;
    try (MetricsEndpoint endpoint = MetricsEndpoint.start(OptionalInt.of(0), ReplayException::usage);
        FileLineSource source = FileLineSource.open(file)) {
      summary = ReplayProducer.run(options("metrics", 1).withRate(Rate.perSecond(1000)), source, new AtomicBoolean(),
          endpoint.registry());
      metrics = scrape(endpoint.url().orElseThrow());
    }
    assertEquals(3, summary.sent(), summary.describe());
    assertEquals(1, summary.failed(), summary.describe());
    assertEquals(summary.sent(), sample(metrics, "weblog_producer_records_sent_total"), metrics);
    assertEquals(summary.failed(), sample(metrics, "weblog_producer_records_failed_total"));
    assertEquals(summary.read(), sample(metrics, "weblog_producer_records_read_total"));
    assertEquals(0, sample(metrics, "weblog_producer_records_waiting"), "all answered after the flush");
    assertEquals(1000, sample(metrics, "weblog_producer_target_rate_records_per_second"));
    assertTrue(sample(metrics, "weblog_producer_last_send_timestamp_seconds") >= startedSeconds, metrics);
  }

  @Test
  void theCommandServesMetricsOnlyWhileItRunsAndOnlyWhenAsked() throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = ReplayCommand.execute(new String[] {
        "--bootstrap-servers", kafka.bootstrapServers(), "--topic", "metrics-command", "--generate", "20",
        JobContract.OPT_METRICS_PORT, "0", "--no-progress"},
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    String stderr = err.toString(StandardCharsets.UTF_8);
    assertEquals(0, exit, stderr);
    Matcher url = Pattern.compile("replay-producer: metrics at (http://\\S+)").matcher(stderr);
    assertTrue(url.find(), stderr);
    assertThrows(ConnectException.class, () -> scrape(url.group(1)), "the endpoint stops with the replay");

    ByteArrayOutputStream badErr = new ByteArrayOutputStream();
    int bad = ReplayCommand.execute(new String[] {"--bootstrap-servers", kafka.bootstrapServers(), "--generate", "1",
        JobContract.OPT_METRICS_PORT, "70000"}, new PrintStream(new ByteArrayOutputStream(), true,
            StandardCharsets.UTF_8),
        new PrintStream(badErr, true, StandardCharsets.UTF_8));
    assertEquals(JobContract.EXIT_USAGE, bad);
    assertTrue(badErr.toString(StandardCharsets.UTF_8).contains(JobContract.OPT_METRICS_PORT + " must be a port"),
        badErr.toString(StandardCharsets.UTF_8));
  }

  private static String scrape(String url) throws IOException, InterruptedException {
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), url);
    return response.body();
  }

  /** The value of the one unlabelled sample {@code name} in a scrape. */
  private static double sample(String scrape, String name) {
    return scrape.lines().filter(l -> l.startsWith(name + " ")).mapToDouble(l -> Double.parseDouble(l.substring(
        name.length() + 1).trim())).findFirst().orElseThrow(() -> new AssertionError("no " + name + " in " + scrape));
  }

  @Test
  void theCommandExitsNonZeroWhenALineFails() throws Exception {
    Path file = tmp.resolve("one-too-large.csv");
    Files.writeString(file, "a,1\nbig," + "x".repeat(2 * 1024 * 1024) + "\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int exit = ReplayCommand.execute(new String[] {
        "--bootstrap-servers", kafka.bootstrapServers(), "--topic", "one-too-large", "--file", file.toString()},
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream(), true,
            StandardCharsets.UTF_8));
    assertEquals(ReplayException.EXIT_FAILURE, exit);
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("1 failed; first error: RecordTooLargeException"),
        out.toString(StandardCharsets.UTF_8));
  }
}
