package dev.weblog.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weblog.common.HdfsLayout;
import dev.weblog.common.JobContract;
import dev.weblog.producer.ReplaySummary;
import dev.weblog.spark.stream.RunningStream;
import dev.weblog.spark.stream.StreamJob;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * StreamJob started while the NameNode is down: models, checkpoint and outputs are all on HDFS, so it must refuse
 * in one line that names the HDFS it could not reach, not with a stack trace. Tried twice: as a new driver JVM
 * (what a restarted pod runs: its client finds the port closed) and in a JVM whose client was connected before
 * (the local demo's case: the open connection ends in an EOF). Records keep arriving in Kafka meanwhile; once HDFS
 * is back, the next start resumes from the checkpoint and loses none.
 */
@Tag("faults")
class HdfsUnreachableAtStartTest {

  private static final int LINES_PER_PHASE = 3_000;
  private static final int LINES_PER_100MS = 100;

  private static FaultBed bed;

  @BeforeAll
  static void start() {
    bed = FaultBed.start("hdfs-unreachable", 1);
  }

  @AfterAll
  static void stop() {
    if (bed != null) {
      bed.close();
    }
  }

  @Test
  void startWithoutHdfsFailsInOneLineNamingItAndALaterStartLosesNothing() {
    long started = System.nanoTime();
    String name = "unreachable";
    String base = bed.baseWithModels(name);
    String servers = bed.bootstrapServers();
    TopicContents.create(servers, name, FaultBed.PARTITIONS);
    Checkpoint checkpoint = new Checkpoint(bed.fs(), bed.checkpoint(base, name));
    Path before = bed.work().resolve(name + "-before.csv");
    Path during = bed.work().resolve(name + "-during.csv");
    List<byte[]> lines = new ArrayList<>(TaggedLines.write(before, LINES_PER_PHASE, 8, 0));
    lines.addAll(TaggedLines.write(during, LINES_PER_PHASE, 9, LINES_PER_PHASE));

    ReplaySummary first = BackgroundReplay.start(servers, name, FaultBed.PARTITIONS, before, LINES_PER_100MS)
        .await(StreamRuns.WAIT);
    RunningStream stream = StreamJob.start(bed.spark(), bed.streamOptions(base, name, name));
    StreamRuns.awaitDrained(stream, checkpoint, name, TopicContents.endOffsets(servers, name, FaultBed.PARTITIONS));
    StreamRuns.stopGracefully(stream);

    bed.hdfs().stopNameNode();
    ReplaySummary second = BackgroundReplay.start(servers, name, FaultBed.PARTITIONS, during, LINES_PER_100MS)
        .await(StreamRuns.WAIT);
    long attemptStarted = System.nanoTime();
    DriverProcess.Ended newDriver = DriverProcess.runToEnd(bed.streamArgs(base, name, name), bed.work(), 300);
    double newDriverSeconds = (System.nanoTime() - attemptStarted) / 1e9;
    attemptStarted = System.nanoTime();
    DriverProcess.Ended inProcess = run(bed.streamArgs(base, name, name));
    double inProcessSeconds = (System.nanoTime() - attemptStarted) / 1e9;
    boolean stillDown = !bed.hdfs().nameNodeUp();

    bed.hdfs().restartNameNode();
    RunningStream resumed = StreamJob.start(bed.spark(), bed.streamOptions(base, name, name));
    StreamRuns.awaitDrained(resumed, checkpoint, name, TopicContents.endOffsets(servers, name, FaultBed.PARTITIONS));
    StreamRuns.stopGracefully(resumed);

    Ledger ledger = Ledger.of(bed.spark(), bed.hdfs().uri(), new HdfsLayout(base), lines,
        TopicContents.readAll(servers, name, FaultBed.PARTITIONS));
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("new_driver_exit_code", newDriver.exitCode());
    extra.put("new_driver_ended_after_s", Math.round(newDriverSeconds * 10) / 10.0);
    extra.put("new_driver_error", errorLines(newDriver).toString());
    extra.put("in_process_exit_code", inProcess.exitCode());
    extra.put("in_process_refused_after_s", Math.round(inProcessSeconds * 10) / 10.0);
    extra.put("in_process_error", errorLines(inProcess).toString());
    Figures.record("HdfsUnreachableAtStartTest", 1, "StreamJob started (new JVM, then in-process) while the "
        + "NameNode was down, then again once it was back", ledger, (System.nanoTime() - started) / 1e9, extra);

    assertTrue(stillDown, "the NameNode was down during both attempts");
    assertEndedInOneLine(newDriver);
    assertEndedInOneLine(inProcess);
    assertEquals(LINES_PER_PHASE, first.sent());
    assertEquals(LINES_PER_PHASE, second.sent());
    ledger.assertConserved();
  }

  private void assertEndedInOneLine(DriverProcess.Ended attempt) {
    assertEquals(JobContract.EXIT_UNAVAILABLE, attempt.exitCode(), () -> "ended as worth retrying: " + attempt);
    List<String> errors = errorLines(attempt);
    assertEquals(1, errors.size(), () -> "one line on stderr: " + attempt.stderr());
    assertTrue(errors.get(0).startsWith("StreamJob: error: cannot reach HDFS at " + bed.hdfs().uri() + " "),
        () -> "names " + bed.hdfs().uri() + ": " + errors.get(0));
    assertFalse(attempt.stdout().contains("\tat ") || attempt.stderr().contains("\tat "),
        () -> "no stack trace: " + attempt);
  }

  /** Lines on stderr but the JVM's own notice that Spark's vector module is an incubator one. */
  private static List<String> errorLines(DriverProcess.Ended attempt) {
    return attempt.stderr().lines().filter(l -> !l.isBlank() && !l.startsWith("WARNING: Using incubator modules"))
        .toList();
  }

  /** Runs StreamJob as its {@code main} would, in this JVM, keeping what it prints. */
  private static DriverProcess.Ended run(List<String> args) {
    PrintStream originalOut = System.out;
    PrintStream originalErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int code = StreamJob.execute(args.toArray(String[]::new), bed::spark);
      return new DriverProcess.Ended(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(originalOut);
      System.setErr(originalErr);
      System.out.print(out.toString(StandardCharsets.UTF_8));
      System.err.print(err.toString(StandardCharsets.UTF_8));
    }
  }
}
