package dev.weblog.spark.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weblog.common.HdfsLayout;
import dev.weblog.common.JobContract;
import dev.weblog.common.ParseResult;
import dev.weblog.common.PredictionEvent;
import dev.weblog.common.RealtimeMetricNames;
import dev.weblog.common.Target;
import dev.weblog.common.WebLogCsvCodec;
import dev.weblog.spark.HostileCorpusTest;
import dev.weblog.spark.JobFailure;
import dev.weblog.spark.MetricsScrape;
import dev.weblog.spark.SharedCluster;
import dev.weblog.spark.SharedKafka;
import dev.weblog.spark.StreamTestData;
import dev.weblog.spark.WebLogSparkSchema;
import dev.weblog.spark.model.ModelRegistry;
import dev.weblog.spark.model.RecordScorer;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

/**
 * The real-time job on a real broker, HDFS and Spark: every line becomes exactly the event the models give it (at
 * least once, so counted by source offset), rejected lines become quarantine events with their reason, a model
 * promoted while the query runs scores the events that follow, without a restart, the hostile corpus gets an event
 * per record, and the driver's metrics show what its query wrote.
 */
class RealtimeJobTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void everyLineBecomesItsEventAndAPromotedModelIsSwappedIn() throws Exception {
    String base = StreamTestData.baseWithModels("realtime");
    Topics topics = Topics.create("rt");
    RealtimeOptions options = topics.options(base, "--model-refresh", "2", "--checkpoint-interval", "20 seconds");
    ModelRegistry registry = StreamTestData.registry(base);
    Map<Target, RecordScorer> v1 = Map.of(Target.AGE_GROUP, scorer(registry, Target.AGE_GROUP, 1),
        Target.GENDER, scorer(registry, Target.GENDER, 1));
    RealtimeJob.Running running = RealtimeJob.start(SharedCluster.spark(), options);
    try (Events events = new Events(topics.predictions(), topics.quarantine())) {
      List<byte[]> sent = StreamTestData.generatedLines(600);
      SharedKafka.send(topics.lines(), sent);
      Map<String, JsonNode> bySource = events.awaitSources(sent.size(), Duration.ofMinutes(3));

      List<String> valid = new ArrayList<>();
      long rejected = 0;
      for (byte[] line : sent) {
        if (WebLogCsvCodec.decode(line).isValid()) {
          valid.add(new String(line, StandardCharsets.UTF_8));
        } else {
          rejected++;
        }
      }
      assertEquals(sent.size(), bySource.size(), "one event per line sent, by source partition and offset");
      assertEquals(valid.size(), events.predictions.size(), "a prediction event per valid line (repeats counted: "
          + (events.predictions.size() - events.distinct(events.predictions)) + ")");
      assertEquals(rejected, events.distinct(events.quarantined), "a quarantine event per rejected line");
      for (JsonNode q : events.quarantined) {
        assertTrue(q.path(PredictionEvent.REJECTION).path(PredictionEvent.REASON).asText().length() > 5, q::toString);
        assertTrue(q.path(PredictionEvent.LINE).asText().startsWith("broken line"), q::toString);
      }
      // Each event holds what the CURRENT models give its line, with their versions and the features they read.
      Map<String, String> lineOfDevice = new HashMap<>();
      for (JsonNode p : events.predictions) {
        String deviceId = p.path(PredictionEvent.DEVICE_ID).asText();
        assertNotNull(deviceId);
        assertTrue(p.path(PredictionEvent.FEATURES).has("product_category_id"), p::toString);
        assertTrue(p.path(PredictionEvent.SOURCE).path(PredictionEvent.TIMESTAMP_MS).asLong() > 0, p::toString);
        lineOfDevice.put(deviceId, p.toString());
      }
      int checked = 0;
      for (String line : valid.subList(0, 50)) {
        Object[] values = WebLogSparkSchema.values(((ParseResult.Valid) WebLogCsvCodec.decode(line)).record());
        JsonNode event = eventOf(events.predictions, WebLogCsvCodec.deviceIdOf(line), line);
        for (Target t : Target.values()) {
          JsonNode prediction = event.path(PredictionEvent.PREDICTIONS).path(t.id());
          assertEquals(v1.get(t).predict(values), prediction.path(PredictionEvent.LABEL).asText(), event::toString);
          assertEquals(1, prediction.path(PredictionEvent.MODEL_VERSION).asInt(), event::toString);
        }
        checked++;
      }
      assertEquals(50, checked);

      // The hot swap: gender v2 promoted while the query runs; lines sent after it are scored by v2.
      registry.promote(Target.GENDER, 2);
      long promoted = System.nanoTime();
      int before = events.predictions.size();
      JsonNode swapped = null;
      for (int round = 0; round < 60 && swapped == null; round++) {
        SharedKafka.send(topics.lines(), StreamTestData.generatedLines(20));
        events.poll(Duration.ofSeconds(1));
        swapped = events.predictions.subList(before, events.predictions.size()).stream()
            .filter(e -> e.path(PredictionEvent.PREDICTIONS).path(Target.GENDER.id())
                .path(PredictionEvent.MODEL_VERSION).asInt() == 2)
            .findFirst().orElse(null);
      }
      assertNotNull(swapped, "no event scored by the promoted gender v2 within a minute (refresh 2 s)");
      System.out.println("realtime: gender v2 scored its first event " + (System.nanoTime() - promoted) / 1_000_000
          + " ms after its promotion (refresh 2 s)");
      assertEquals(1, swapped.path(PredictionEvent.PREDICTIONS).path(Target.AGE_GROUP.id())
          .path(PredictionEvent.MODEL_VERSION).asInt(), "age_group still v1");
      assertTrue(SharedCluster.exists(new HdfsLayout(base).realtimeScorer(Target.GENDER, 2)),
          "the driver compiled v2 for the executors");
    } finally {
      running.stop();
    }
    // The tasks ended: the executor's models stop being refreshed once two refresh intervals pass unused.
    java.net.URI fs = SharedCluster.fs().getUri();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (LiveModels.held(fs, base) && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    assertTrue(!LiveModels.held(fs, base), "the models of a stopped query are let go");
  }

  @Test
  void theDriverServesTheEventsItsQueryWroteTheirLatencyTheLagAndThePublishedVersions() throws Exception {
    String base = StreamTestData.baseWithModels("realtime-metrics");
    Topics topics = Topics.create("rtm");
    RealtimeOptions options = topics.options(base, "--model-refresh", "2", "--checkpoint-interval", "20 seconds",
        JobContract.OPT_METRICS_PORT, "0");
    long started = System.currentTimeMillis();
    RealtimeJob.Running running = RealtimeJob.start(SharedCluster.spark(), options);
    String url = running.metricsUrl().orElseThrow();
    try {
      List<byte[]> sent = StreamTestData.generatedLines(300);
      long rejected = sent.stream().filter(l -> !WebLogCsvCodec.decode(l).isValid()).count();
      assertTrue(rejected > 0);
      SharedKafka.send(topics.lines(), sent);

      // Both series: a scrape reads one series after the other, and the tail takes a poll's events in one burst,
      // so a scrape can land between an event's count and its latency.
      MetricsScrape scrape = awaitScrape(url, s -> s.sum(RealtimeMetricNames.EVENTS) >= sent.size()
          && s.sum(RealtimeMetricNames.LATENCY + "_count") >= sent.size(), Duration.ofMinutes(3));
      assertEquals(sent.size() - rejected, scrape.sum(RealtimeMetricNames.EVENTS, RealtimeMetricNames.KIND,
          RealtimeMetricNames.PREDICTION), "a prediction event per valid line");
      assertEquals(rejected, scrape.sum(RealtimeMetricNames.EVENTS, RealtimeMetricNames.KIND,
          RealtimeMetricNames.QUARANTINE), "a quarantine event per rejected line");
      assertEquals(sent.size(), scrape.sum(RealtimeMetricNames.LATENCY + "_count"), "a latency per event seen");
      assertEquals(sent.size(), scrape.sum(RealtimeMetricNames.LATENCY + "_bucket", RealtimeMetricNames.LE, "+Inf"));
      assertTrue(scrape.sum(RealtimeMetricNames.LAST_EVENT) >= started / 1000.0);
      for (Target t : Target.values()) {
        assertEquals(1, scrape.sum(RealtimeMetricNames.MODEL_VERSION, RealtimeMetricNames.TARGET, t.id()), t.id());
      }
      MetricsScrape caughtUp = awaitScrape(url, s -> s.sum(RealtimeMetricNames.LAG, RealtimeMetricNames.PARTITION,
          "0") == 0 && s.sum(RealtimeMetricNames.LAG, RealtimeMetricNames.PARTITION, "1") == 0, Duration.ofSeconds(30));
      // Every series the operator reads is served (RealtimeMetricNames).
      for (String name : List.of(RealtimeMetricNames.EVENTS, RealtimeMetricNames.LATENCY + "_bucket",
          RealtimeMetricNames.LAG, RealtimeMetricNames.LAST_EVENT, RealtimeMetricNames.MODEL_VERSION)) {
        caughtUp.sum(name);
      }

      StreamTestData.registry(base).promote(Target.GENDER, 2);
      awaitScrape(url, s -> s.sum(RealtimeMetricNames.MODEL_VERSION, RealtimeMetricNames.TARGET,
          Target.GENDER.id()) == 2, Duration.ofSeconds(30));
    } finally {
      running.stop();
    }
    assertThrows(UncheckedIOException.class, () -> MetricsScrape.of(url), "the endpoint stops with the job");
  }

  /**
   * HostileCorpusTest's corpus (every rejection kind, shuffled with valid lines) through the real-time job: each
   * record gets an event, a prediction for a valid line, else a quarantine event with the kind the line was broken
   * for and a reason; no fault, so no record gets two.
   */
  @Test
  void hostileCorpusGivesEveryRecordAPredictionOrAQuarantineEventWithItsReason() throws Exception {
    List<HostileCorpusTest.Line> corpus = HostileCorpusTest.corpus();
    String base = StreamTestData.baseWithModels("realtime-hostile");
    Topics topics = Topics.create("rth");
    Map<String, HostileCorpusTest.Line> byCoordinates = HostileCorpusTest.send(topics.lines(), corpus);
    long started = System.nanoTime();
    RealtimeJob.Running running = RealtimeJob.start(SharedCluster.spark(), topics.options(base));
    try (Events events = new Events(topics.predictions(), topics.quarantine())) {
      Map<String, JsonNode> bySource = events.awaitSources(corpus.size(), Duration.ofMinutes(3));
      double seconds = (System.nanoTime() - started) / 1e9;
      assertEquals(byCoordinates.keySet(), bySource.keySet(), "an event for every record, none for another");
      for (JsonNode p : events.predictions) {
        HostileCorpusTest.Line line = byCoordinates.get(Events.source(p));
        assertNull(line.kind(), () -> "record " + Events.source(p) + " is " + line.kind() + " but was predicted");
        assertEquals(WebLogCsvCodec.deviceIdOf(new String(line.bytes(), StandardCharsets.UTF_8)),
            p.path(PredictionEvent.DEVICE_ID).asText());
      }
      for (JsonNode q : events.quarantined) {
        HostileCorpusTest.Line line = byCoordinates.get(Events.source(q));
        JsonNode rejection = q.path(PredictionEvent.REJECTION);
        assertNotNull(line.kind(), () -> "record " + Events.source(q) + " is valid but was quarantined: " + q);
        assertEquals(line.kind().name(), rejection.path(PredictionEvent.KIND).asText(), q::toString);
        assertFalse(rejection.path(PredictionEvent.REASON).asText("").isBlank(), () -> "no reason: " + q);
        assertEquals(new String(line.bytes(), StandardCharsets.UTF_8), q.path(PredictionEvent.LINE).asText(null),
            "the quarantine event keeps the line");
      }
      long repeats = events.predictions.size() + events.quarantined.size() - bySource.size();
      System.out.printf("Reliability realtime: %d records (%d valid, %d malformed), %d prediction events, %d "
          + "quarantine events, lost 0, repeats %d (%.1f s)%n", corpus.size(), HostileCorpusTest.VALID,
          corpus.size() - HostileCorpusTest.VALID, events.predictions.size(), events.quarantined.size(), repeats,
          seconds);
      assertEquals(HostileCorpusTest.VALID, events.distinct(events.predictions), "a prediction per valid line");
      assertEquals(corpus.size() - HostileCorpusTest.VALID, events.distinct(events.quarantined),
          "a quarantine event per malformed line");
      assertEquals(0, repeats, "no restart, so no repeat");
    } finally {
      running.stop();
    }
  }

  @Test
  void missingOutputTopicIsNamedBeforeAnythingStarts() {
    String base = StreamTestData.baseWithModels("realtime-no-topic");
    String lines = topic("rt-in");
    SharedKafka.createTopic(lines, 1);
    RealtimeOptions options = RealtimeOptions.parse(List.of(SharedCluster.args(base, JobContract.OPT_BOOTSTRAP,
        SharedKafka.bootstrapServers(), JobContract.OPT_TOPIC, lines, JobContract.OPT_PREDICTIONS_TOPIC,
        "no-such-predictions")));
    JobFailure failure = assertThrows(JobFailure.class, () -> RealtimeJob.start(SharedCluster.spark(), options));
    assertEquals(JobContract.EXIT_UNAVAILABLE, failure.exitCode());
    assertTrue(failure.getMessage().contains("topic 'no-such-predictions' does not exist on Kafka at "
        + SharedKafka.bootstrapServers() + " (" + JobContract.OPT_PREDICTIONS_TOPIC + "); create it first"),
        failure.getMessage());
  }

  @Test
  void moreTopicPartitionsThanTaskSlotsIsRefused() {
    String base = StreamTestData.baseWithModels("realtime-slots");
    String lines = topic("rt-wide");
    String out = topic("rt-out");
    SharedKafka.createTopic(lines, 3);
    SharedKafka.createTopic(out, 1);
    RealtimeOptions options = RealtimeOptions.parse(List.of(SharedCluster.args(base, JobContract.OPT_BOOTSTRAP,
        SharedKafka.bootstrapServers(), JobContract.OPT_TOPIC, lines, JobContract.OPT_PREDICTIONS_TOPIC, out,
        JobContract.OPT_QUARANTINE_TOPIC, out)));
    JobFailure failure = assertThrows(JobFailure.class, () -> RealtimeJob.start(SharedCluster.spark(), options));
    assertTrue(failure.getMessage().contains("topic '" + lines + "' has 3 partitions but the real-time job has 2 "
        + "task slot(s)"), failure.getMessage());
  }

  @Test
  void badOptionsAreRefusedNamingTheOption() {
    assertTrue(assertThrows(JobFailure.class, () -> RealtimeOptions.parse(List.of("--checkpoint-interval", "soon")))
        .getMessage().contains("--checkpoint-interval 'soon'"));
    assertTrue(assertThrows(JobFailure.class, () -> RealtimeOptions.parse(List.of(JobContract.OPT_TOPIC, "t",
        JobContract.OPT_PREDICTIONS_TOPIC, "t"))).getMessage().contains("must differ from --topic 't'"));
    assertTrue(assertThrows(JobFailure.class, () -> RealtimeOptions.parse(List.of("--model-refresh", "0")))
        .getMessage().contains("--model-refresh"));
    RealtimeOptions defaults = RealtimeOptions.parse(List.of());
    assertEquals(JobContract.DEFAULT_PREDICTIONS_TOPIC, defaults.predictionsTopic());
    assertEquals(Duration.ofSeconds(60), defaults.modelRefresh());
    assertEquals("realtime", defaults.queryName());
    assertEquals(OptionalInt.empty(), defaults.metricsPort(), "no endpoint unless asked");
    assertEquals(OptionalInt.of(0), RealtimeOptions.parse(List.of(JobContract.OPT_METRICS_PORT, "0")).metricsPort(),
        "the operator passes it to every driver");
    assertTrue(assertThrows(JobFailure.class, () -> RealtimeOptions.parse(List.of(JobContract.OPT_METRICS_PORT,
        "70000"))).getMessage().contains(JobContract.OPT_METRICS_PORT));
    assertEquals(0, RealtimeJob.execute(new String[] {"--help"}, () -> {
      throw new AssertionError("--help starts nothing");
    }));
  }

  /** A scrape of {@code url} once {@code ready} holds for it (a series not there yet counts as not ready). */
  private static MetricsScrape awaitScrape(String url, Predicate<MetricsScrape> ready, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      MetricsScrape scrape = MetricsScrape.of(url);
      AssertionError missing = null;
      try {
        if (ready.test(scrape)) {
          return scrape;
        }
      } catch (AssertionError e) {
        missing = e;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the driver's metrics did not get there within " + timeout
            + (missing == null ? "" : ": " + missing.getMessage()));
      }
      Thread.sleep(250);
    }
  }

  private static RecordScorer scorer(ModelRegistry registry, Target target, int version) {
    return RecordScorer.compile(target, version, registry.load(target, version));
  }

  /** The prediction event of a line: the device's events, the one whose timestamp and features match. */
  private static JsonNode eventOf(List<JsonNode> events, String deviceId, String line) {
    String timestamp = line.split(",")[1];
    return events.stream().filter(e -> e.path(PredictionEvent.DEVICE_ID).asText().equals(deviceId)
        && e.path(PredictionEvent.TIMESTAMP).asText().equals(timestamp)).findFirst()
        .orElseThrow(() -> new AssertionError("no event for line " + line));
  }

  private static String topic(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** A query's input topic (2 partitions, the tests' task slots) and output topics, new and empty. */
  private record Topics(String lines, String predictions, String quarantine) {
    static Topics create(String prefix) {
      Topics topics = new Topics(topic(prefix + "-lines"), topic(prefix + "-predictions"),
          topic(prefix + "-quarantine"));
      SharedKafka.createTopic(topics.lines, 2);
      SharedKafka.createTopic(topics.predictions, 2);
      SharedKafka.createTopic(topics.quarantine, 1);
      return topics;
    }

    /** The job's options on these topics, then {@code more}. */
    RealtimeOptions options(String base, String... more) {
      List<String> args = new ArrayList<>(List.of(JobContract.OPT_BOOTSTRAP, SharedKafka.bootstrapServers(),
          JobContract.OPT_TOPIC, lines, JobContract.OPT_PREDICTIONS_TOPIC, predictions,
          JobContract.OPT_QUARANTINE_TOPIC, quarantine));
      args.addAll(List.of(more));
      return RealtimeOptions.parse(List.of(SharedCluster.args(base, args.toArray(String[]::new))));
    }
  }

  /** The events on both output topics, read from the beginning. */
  private static final class Events implements AutoCloseable {
    final List<JsonNode> predictions = new ArrayList<>();
    final List<JsonNode> quarantined = new ArrayList<>();
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String predictionsTopic;

    Events(String predictionsTopic, String quarantineTopic) {
      this.predictionsTopic = predictionsTopic;
      consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
          ConsumerConfig.GROUP_ID_CONFIG, "realtime-test-" + UUID.randomUUID(),
          ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new ByteArrayDeserializer(),
          new ByteArrayDeserializer());
      consumer.subscribe(List.of(predictionsTopic, quarantineTopic));
    }

    void poll(Duration d) throws Exception {
      for (ConsumerRecord<byte[], byte[]> r : consumer.poll(d)) {
        JsonNode event = JSON.readTree(r.value());
        (r.topic().equals(predictionsTopic) ? predictions : quarantined).add(event);
      }
    }

    /** Events by source {@code partition@offset} once {@code count} distinct sources were seen. */
    Map<String, JsonNode> awaitSources(int count, Duration timeout) throws Exception {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (true) {
        poll(Duration.ofMillis(500));
        Map<String, JsonNode> bySource = new HashMap<>();
        for (List<JsonNode> list : List.of(predictions, quarantined)) {
          for (JsonNode e : list) {
            bySource.put(source(e), e);
          }
        }
        if (bySource.size() >= count || System.nanoTime() > deadline) {
          return bySource;
        }
      }
    }

    long distinct(List<JsonNode> events) {
      Set<String> sources = events.stream().map(Events::source).collect(Collectors.toSet());
      return sources.size();
    }

    private static String source(JsonNode e) {
      JsonNode s = e.path(PredictionEvent.SOURCE);
      return s.path(PredictionEvent.PARTITION).asInt() + "@" + s.path(PredictionEvent.OFFSET).asLong();
    }

    @Override
    public void close() {
      consumer.close();
    }
  }
}
