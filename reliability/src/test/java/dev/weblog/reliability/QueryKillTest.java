package dev.weblog.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weblog.common.HdfsLayout;
import dev.weblog.producer.ReplaySummary;
import dev.weblog.spark.stream.RunningStream;
import dev.weblog.spark.stream.StreamJob;
import dev.weblog.spark.stream.StreamOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The streaming query killed at random moments (a seeded Random, so a failing run can be replayed) and started
 * again on its checkpoint each time, while the producer keeps sending. A kill that lands in a micro-batch leaves
 * it written in part and not committed: the restart must re-run it over the same offsets and replace, not add to,
 * what it wrote.
 */
class QueryKillTest {

  /**
   * 100 lines/s, and 120 s of lines per kill: records keep arriving through all the kills even on a slow machine;
   * the producer is cancelled after the last one, and only the lines it read count.
   */
  private static final int LINES_PER_100MS = 10;
  private static final int LINES_PER_KILL = 12_000;

  private static FaultBed bed;

  @BeforeAll
  static void start() {
    bed = FaultBed.start("query-kill", 1);
  }

  @AfterAll
  static void stop() {
    if (bed != null) {
      bed.close();
    }
  }

  @Test
  void fiveAbruptStopsAtRandomPointsLoseAndRepeatNothing() {
    killInProcess("kill5", 5, 20_261_124L);
  }

  @Test
  @Tag("faults")
  void twentyAbruptStopsAtRandomPointsLoseAndRepeatNothing() {
    killInProcess("kill20", 20, 7L);
  }

  /**
   * The driver JVM killed with SIGKILL (what the kernel's OOM killer or a node loss does) at random moments and
   * started again, as Kubernetes restarts a failed driver pod; the last one is stopped with SIGTERM.
   */
  @Test
  @Tag("faults")
  void driverJvmKilledWithSigkillFiveTimesLosesAndRepeatsNothing() throws IOException {
    String name = "sigkill";
    int kills = 5;
    long seed = 99L;
    long started = System.nanoTime();
    String base = bed.baseWithModels(name);
    Path file = bed.work().resolve(name + ".csv");
    List<byte[]> lines = TaggedLines.write(file, kills * LINES_PER_KILL, seed);
    TopicContents.create(bed.bootstrapServers(), name, FaultBed.PARTITIONS);
    List<String> args = bed.streamArgs(base, name, name);
    Checkpoint checkpoint = new Checkpoint(bed.fs(), bed.checkpoint(base, name));
    Path logs = Files.createDirectories(Path.of("target", "driver-logs"));
    Random random = new Random(seed);

    BackgroundReplay replay = BackgroundReplay.start(bed.bootstrapServers(), name, FaultBed.PARTITIONS, file,
        LINES_PER_100MS);
    int leftPending = 0;
    for (int k = 0; k < kills; k++) {
      DriverProcess driver = DriverProcess.start(args, logs.resolve(name + "-" + k + ".log"));
      StreamRuns.awaitCommitsAfter(driver, checkpoint, checkpoint.lastCommitted(), 1);
      StreamRuns.sleep(random.nextInt(3_000));
      driver.kill();
      if (checkpoint.pendingBatch()) {
        leftPending++;
      }
    }
    boolean arriving = !replay.isDone();
    DriverProcess last = DriverProcess.start(args, logs.resolve(name + "-last.log"));
    replay.cancel();
    ReplaySummary summary = replay.await(StreamRuns.WAIT);
    Map<Integer, Long> end = TopicContents.endOffsets(bed.bootstrapServers(), name, FaultBed.PARTITIONS);
    StreamRuns.awaitDrained(last, checkpoint, name, end);
    last.terminate();

    Ledger ledger = Ledger.of(bed.spark(), bed.hdfs().uri(), new HdfsLayout(base),
        lines.subList(0, (int) summary.read()), TopicContents.readAll(bed.bootstrapServers(), name,
            FaultBed.PARTITIONS));
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("kills_leaving_a_batch_uncommitted", leftPending);
    extra.put("batches", checkpoint.lastCommitted() + 1);
    extra.put("seed", seed);
    Figures.record("QueryKillTest." + name, kills, "driver JVM killed with SIGKILL and started again", ledger,
        (System.nanoTime() - started) / 1e9, extra);

    assertTrue(arriving, "records were still arriving when the last kill happened");
    assertEquals(0, summary.failed(), () -> "the producer: " + summary.describe());
    String lastOutput = last.output();
    assertTrue(lastOutput.contains("StreamJob: stopped after") && !lastOutput.contains("StreamJob: failed")
        && !Pattern.compile("ShutdownHook '.*' failed").matcher(lastOutput).find(),
        () -> "the last driver stopped cleanly on SIGTERM: " + last.tail());
    ledger.assertConserved();
  }

  /**
   * Kills by {@code query.stop()} without StreamJob's graceful path: Spark interrupts the micro-batch thread and
   * cancels its jobs wherever they are, so nothing of the batch in progress is committed.
   */
  private void killInProcess(String name, int kills, long seed) {
    long started = System.nanoTime();
    String base = bed.baseWithModels(name);
    Path file = bed.work().resolve(name + ".csv");
    List<byte[]> lines = TaggedLines.write(file, kills * LINES_PER_KILL, seed);
    TopicContents.create(bed.bootstrapServers(), name, FaultBed.PARTITIONS);
    StreamOptions options = bed.streamOptions(base, name, name);
    Checkpoint checkpoint = new Checkpoint(bed.fs(), bed.checkpoint(base, name));
    Random random = new Random(seed);

    BackgroundReplay replay = BackgroundReplay.start(bed.bootstrapServers(), name, FaultBed.PARTITIONS, file,
        LINES_PER_100MS);
    RunningStream stream = StreamJob.start(bed.spark(), options);
    int leftPending = 0;
    int reportedAsFailures = 0;
    StreamRuns.awaitCommitsAfter(stream, checkpoint, -1, 1);
    for (int k = 0; k < kills; k++) {
      // Anywhere in the run: planning, reading Kafka, writing outputs, logging the commit, waiting for a trigger.
      StreamRuns.sleep(500 + random.nextInt(2_500));
      StreamRuns.stopAbruptly(stream);
      if (stream.query().exception().isDefined()) {
        // Spark reports some stops as failures (see RunningStream.isStopInterruption); anything else is one.
        Throwable failure = stream.query().exception().get();
        assertTrue(RunningStream.isStopInterruption(failure), () -> "killed, not failed: " + failure);
        reportedAsFailures++;
      }
      if (checkpoint.pendingBatch()) {
        leftPending++;
      }
      stream = StreamJob.start(bed.spark(), options);
    }
    boolean arriving = !replay.isDone();
    replay.cancel();
    ReplaySummary summary = replay.await(StreamRuns.WAIT);
    Map<Integer, Long> end = TopicContents.endOffsets(bed.bootstrapServers(), name, FaultBed.PARTITIONS);
    StreamRuns.awaitDrained(stream, checkpoint, name, end);
    StreamRuns.stopGracefully(stream);

    Ledger ledger = Ledger.of(bed.spark(), bed.hdfs().uri(), new HdfsLayout(base),
        lines.subList(0, (int) summary.read()), TopicContents.readAll(bed.bootstrapServers(), name,
            FaultBed.PARTITIONS));
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("kills_leaving_a_batch_uncommitted", leftPending);
    extra.put("stops_spark_reported_as_failures", reportedAsFailures);
    extra.put("batches", checkpoint.lastCommitted() + 1);
    extra.put("seed", seed);
    Figures.record("QueryKillTest." + name, kills, "query stopped abruptly (query.stop(), no graceful path) and "
        + "restarted on its checkpoint", ledger, (System.nanoTime() - started) / 1e9, extra);

    assertTrue(arriving, "records were still arriving when the last kill happened");
    assertEquals(0, summary.failed(), () -> "the producer: " + summary.describe());
    ledger.assertConserved();
  }
}
