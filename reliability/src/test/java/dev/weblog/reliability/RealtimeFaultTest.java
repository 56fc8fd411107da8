package dev.weblog.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weblog.common.HdfsLayout;
import dev.weblog.common.JobContract;
import dev.weblog.producer.ReplaySummary;
import dev.weblog.spark.StagedDirectory;
import dev.weblog.spark.realtime.RealtimeJob;
import dev.weblog.spark.realtime.RealtimeOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real-time job (at least once) under faults while the producer sends: its query stopped at random moments and
 * started again on its checkpoint, and the broker bounced. Every input record must get an event, and a repeat must
 * come from a restart: only records after the offsets the checkpoint had committed before it may be sent again.
 */
class RealtimeFaultTest {

  /** Real-time mode holds a task slot per partition for as long as it runs: FaultBed's Spark has 2. */
  private static final int PARTITIONS = 2;
  /** Short, so that a restart has little to send again and the test is quick (the job's default is a minute). */
  private static final String CHECKPOINT_INTERVAL = "5 seconds";
  private static final int CHECKPOINT_MILLIS = 5_000;
  /** 200 lines/s, about 1,000 per checkpoint interval; the file lasts 90 s, the producer is cancelled before. */
  private static final int LINES_PER_100MS = 20;
  private static final int KILL_LINES = 18_000;
  /** Sent at twice that rate, so that most of the file goes during and after the outage (BrokerBounceTest's). */
  private static final int BOUNCE_LINES = 6_000;

  private static FaultBed bed;

  @BeforeAll
  static void start() {
    bed = FaultBed.start("realtime", 1);
  }

  @AfterAll
  static void stop() {
    if (bed != null) {
      bed.close();
    }
  }

  @Test
  void threeAbruptStopsLoseNothingAndRepeatOnlyWhatTheCheckpointHadNotCommitted() {
    int kills = 3;
    long seed = 20_261_205L;
    long started = System.nanoTime();
    Run run = Run.create("rt-kill", KILL_LINES, seed);
    Random random = new Random(seed);
    List<EventLedger.Restart> restarts = new ArrayList<>();
    List<String> stopsReportedAsFailures = new ArrayList<>();

    BackgroundReplay replay = run.replay(LINES_PER_100MS);
    RealtimeJob.Running running = RealtimeJob.start(bed.spark(), run.options());
    for (int k = 0; k < kills; k++) {
      // Anywhere in a checkpoint interval: a restart sends again what came since the last commit, up to a whole one.
      StreamRuns.awaitCommitsAfter(running, run.checkpoint(), run.checkpoint().lastCommitted(), 1);
      StreamRuns.sleep(random.nextInt(CHECKPOINT_MILLIS));
      StreamRuns.stopAbruptly(running);
      if (running.query().exception().isDefined()) {
        stopsReportedAsFailures.add(StagedDirectory.oneLine(running.query().exception().get()));
      }
      restarts.add(run.restartWindow());
      running = RealtimeJob.start(bed.spark(), run.options());
    }
    boolean arriving = !replay.isDone();
    replay.cancel();
    ReplaySummary summary = replay.await(StreamRuns.WAIT);
    StreamRuns.awaitDrained(running, run.checkpoint(), run.topic(), run.end());
    StreamRuns.stopAbruptly(running);

    EventLedger ledger = run.ledger();
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("checkpoint_interval", CHECKPOINT_INTERVAL);
    extra.put("restart_window_records", restarts.stream().map(EventLedger.Restart::records).toList());
    extra.put("repeated_records_per_restart", ledger.repeatedIn(restarts));
    extra.put("stops_spark_reported_as_failures", stopsReportedAsFailures.size());
    extra.put("batches", run.checkpoint().lastCommitted() + 1);
    extra.put("seed", seed);
    Figures.record("RealtimeFaultTest.kill", kills, "real-time query stopped abruptly and restarted on its "
        + "checkpoint", ledger.figures(summary.read()), (System.nanoTime() - started) / 1e9, extra);
    stopsReportedAsFailures.forEach(f -> System.out.println("RealtimeFaultTest: a stop Spark reported as a failure: "
        + f));

    assertTrue(arriving, "records were still arriving when the last kill happened");
    assertEquals(0, summary.failed(), () -> "the producer: " + summary.describe());
    for (EventLedger.Restart restart : restarts) {
      // A restart without a committed offset per partition would allow repeats from offset 0: no bound at all.
      assertEquals(PARTITIONS, restart.committed().size(), () -> "committed offsets before a restart: " + restart);
    }
    ledger.assertEveryRecordHasAnEvent();
    ledger.assertRepeatsExplainedBy(restarts);
  }

  /**
   * The broker stopped and started again under the running query. If the query fails on it, the test starts it
   * again on its checkpoint as the operator restarts a failed driver, and says so in the figures.
   */
  @Test
  void brokerBounceLosesNothing() {
    long started = System.nanoTime();
    Run run = Run.create("rt-bounce", BOUNCE_LINES, 1);
    String servers = bed.bootstrapServers();
    List<EventLedger.Restart> restarts = new ArrayList<>();

    RealtimeJob.Running running = RealtimeJob.start(bed.spark(), run.options());
    BackgroundReplay replay = run.replay(LINES_PER_100MS * 2);
    TopicContents.awaitRecords(servers, run.topic(), PARTITIONS, BrokerBounceTest.LINES_BEFORE_OUTAGE);
    bed.stopKafka();
    StreamRuns.sleep(BrokerBounceTest.OUTAGE.toMillis());
    bed.startKafka();
    assertEquals(servers, bed.bootstrapServers(), "the broker came back on its port");
    boolean producerStillSending = !replay.isDone();

    ReplaySummary summary = replay.await(StreamRuns.WAIT);
    Map<Integer, Long> end = run.end();
    long deadline = System.nanoTime() + StreamRuns.WAIT.toNanos();
    while (running.query().isActive() && !run.checkpoint().reached(run.topic(), end) && System.nanoTime() < deadline) {
      StreamRuns.sleep(100);
    }
    String failure = null;
    if (!running.query().isActive()) {
      failure = running.query().exception().isDefined()
          ? StagedDirectory.oneLine(running.query().exception().get()) : "stopped without an exception";
      System.out.println("RealtimeFaultTest: the broker bounce ended the query: " + failure);
      running.stop();
      restarts.add(run.restartWindow());
      running = RealtimeJob.start(bed.spark(), run.options());
    }
    StreamRuns.awaitDrained(running, run.checkpoint(), run.topic(), end);
    StreamRuns.stopAbruptly(running);

    EventLedger ledger = run.ledger();
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("outage_s", BrokerBounceTest.OUTAGE.toSeconds());
    extra.put("query_failed", failure != null);
    extra.put("restarts", restarts.size());
    extra.put("restart_window_records", restarts.stream().map(EventLedger.Restart::records).toList());
    Figures.record("RealtimeFaultTest.bounce", 1, "broker stopped and restarted under the real-time query",
        ledger.figures(summary.read()), (System.nanoTime() - started) / 1e9, extra);

    assertTrue(summary.complete(), () -> "the producer rode out the outage: " + summary.describe());
    assertEquals(BOUNCE_LINES, summary.sent(), "every line of the file acknowledged");
    assertTrue(producerStillSending, "the outage happened while the producer was still sending");
    ledger.assertEveryRecordHasAnEvent();
    // Without a restart nothing may come twice (the sink's producer is idempotent); with one, its window only.
    ledger.assertRepeatsExplainedBy(restarts);
  }

  /** One real-time run's input and output topics, its tagged lines, options and checkpoint. */
  private record Run(String topic, String predictions, String quarantine, Path file, RealtimeOptions options,
      Checkpoint checkpoint) {

    static Run create(String name, int lines, long seed) {
      String base = bed.baseWithModels(name);
      Path file = bed.work().resolve(name + ".csv");
      TaggedLines.write(file, lines, seed);
      String predictions = name + "-predictions";
      String quarantine = name + "-quarantine";
      for (String topic : List.of(name, predictions, quarantine)) {
        TopicContents.create(bed.bootstrapServers(), topic, PARTITIONS);
      }
      List<String> args = new ArrayList<>(JobContract.realtimeArgs(bed.hdfs().uri(), new HdfsLayout(base),
          bed.bootstrapServers(), name, predictions, quarantine));
      args.addAll(List.of(JobContract.OPT_CHECKPOINT_INTERVAL, CHECKPOINT_INTERVAL, "--query-name", name));
      return new Run(name, predictions, quarantine, file, RealtimeOptions.parse(args),
          new Checkpoint(bed.fs(), bed.checkpoint(base, name)));
    }

    BackgroundReplay replay(int linesPer100ms) {
      return BackgroundReplay.start(bed.bootstrapServers(), topic, PARTITIONS, file, linesPer100ms);
    }

    /** Read once the query stopped: what its next start may send again. */
    EventLedger.Restart restartWindow() {
      return EventLedger.Restart.after(checkpoint, topic, end());
    }

    Map<Integer, Long> end() {
      return TopicContents.endOffsets(bed.bootstrapServers(), topic, PARTITIONS);
    }

    EventLedger ledger() {
      String servers = bed.bootstrapServers();
      return EventLedger.of(topic, TopicContents.readAll(servers, topic, PARTITIONS),
          TopicContents.readAll(servers, predictions, PARTITIONS),
          TopicContents.readAll(servers, quarantine, PARTITIONS));
    }
  }
}
