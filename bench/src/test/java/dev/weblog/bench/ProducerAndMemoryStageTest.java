package dev.weblog.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The producer stage end to end at a small size on the embedded broker (both tools, the table and the JSON), and
 * the memory stage's parts: the /proc reading, the child JVM's command line and the peak of a real child.
 */
class ProducerAndMemoryStageTest {

  private static final long RECORDS = 20_000;

  @TempDir
  Path work;

  @Test
  void producerStageRunsBothToolsAndWritesPositiveFigures() throws Exception {
    Path json = work.resolve("bench.json");
    StringWriter printed = new StringWriter();
    int code = new CommandLine(new BenchCommand()).setOut(new PrintWriter(printed, true))
        .execute("--stages", "producer", "--rows", "1000", "--producer-records", Long.toString(RECORDS),
            "--pairs", "1", "--warmup", "0", "--work", work.toString(), "--json", json.toString());
    System.out.print(printed);
    assertEquals(0, code, printed.toString());
    assertTrue(printed.toString().contains("project/kafka-perf"), printed.toString());

    JsonNode stage = new ObjectMapper().readTree(json.toFile()).at("/stages/0");
    assertEquals("producer", stage.get("stage").asText());
    assertEquals("records_per_s", stage.get("primary_figure").asText());
    List<String> variants = new ArrayList<>();
    stage.get("variants").fieldNames().forEachRemaining(variants::add);
    assertEquals(List.of("project", "kafka-perf"), variants);
    for (String variant : variants) {
      for (String figure : new String[] {"records_per_s", "mb_per_s", "seconds"}) {
        JsonNode summary = stage.at("/variants/" + variant + "/" + figure);
        assertEquals(1, summary.get("values").size(), variant + " " + figure + ": " + summary);
        for (String k : new String[] {"min", "median", "max"}) {
          assertTrue(summary.get(k).asDouble() > 0, variant + " " + figure + " " + k + ": " + summary);
        }
      }
    }
    assertTrue(stage.at("/ratios/project~1kafka-perf/median").asDouble() > 0, stage.toString());
    double meanBytes = stage.at("/references/mean_record_bytes").asDouble();
    assertTrue(meanBytes > 50 && meanBytes < 500, "a web-log line is 50-500 bytes, got " + meanBytes);
  }

  @Test
  void producerPerformanceClosingLineIsReadWhateverTheDecimalSeparator() {
    String progress = "9000 records sent, 1799.6 records/sec (0.25 MB/sec), 3.4 ms avg latency, 90.0 ms max latency.\n";
    String english = progress + "20000 records sent, 181818.181818 records/sec (25.40 MB/sec), 2.10 ms avg latency, "
        + "95.00 ms max latency, 1 ms 50th, 8 ms 95th, 40 ms 99th, 90 ms 99.9th.\n";
    assertEquals(new KafkaProducerPerformance.Result(20_000, 181818.181818, 25.40),
        KafkaProducerPerformance.parse(english));
    String german = "20000 records sent, 181818,181818 records/sec (25,40 MB/sec), 2,10 ms avg latency, "
        + "95,00 ms max latency, 1 ms 50th, 8 ms 95th, 40 ms 99th, 90 ms 99.9th.\n";
    assertEquals(new KafkaProducerPerformance.Result(20_000, 181818.181818, 25.40),
        KafkaProducerPerformance.parse(german));
    BenchFailure noTotal = assertThrows(BenchFailure.class, () -> KafkaProducerPerformance.parse(progress));
    assertTrue(noTotal.getMessage().contains("1799.6 records/sec"), noTotal.getMessage());
  }

  @Test
  void producerPerformanceExitingOnBadArgumentsFailsTheRunNotTheJvm() {
    BenchFailure e = assertThrows(BenchFailure.class,
        () -> KafkaProducerPerformance.run(List.of("--topic", "t", "--num-records", "not-a-number")));
    assertTrue(e.getMessage().contains("wanted to exit with code 1"), e.getMessage());
    assertTrue(e.getMessage().contains("not-a-number"), "names the arguments: " + e.getMessage());
  }

  @Test
  void procStatusGivesTheHighWaterMarkAndNothingForAnExitedProcess() {
    String status = "Name:\tjava\nState:\tS (sleeping)\nVmPeak:\t 9000000 kB\nVmHWM:\t  812344 kB\n"
        + "VmRSS:\t  790000 kB\nThreads:\t77\n";
    assertEquals(Optional.of(new ProcStatus(812_344, 790_000)), ProcStatus.parse(status));
    assertEquals(812_344, ProcStatus.parse(status).orElseThrow().peakKb());
    assertEquals(Optional.empty(), ProcStatus.parse("Name:\tjava\nState:\tZ (zombie)\nThreads:\t1\n"));
  }

  @Test
  void demoHeapIsTheOneTheLauncherReads() {
    List<String> heap = ChildJvm.demoHeap();
    assertTrue(heap.stream().anyMatch(f -> f.startsWith("-Xmx")), "heap from weblog-heap.flags: " + heap);
  }

  @Test
  void childCommandIsThisJavaWithSparksFlagsAndThisClasspath() {
    List<String> flags = ChildJvm.sparkFlags();
    assertTrue(flags.contains("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED"), "flags from bench-jvm.flags: " + flags);
    List<String> command =
        ChildJvm.command(ChildJvm.java(), List.of("-Xmx1g"), flags, "a.jar:b.jar", Path.of("/w/child.log"),
            "dev.Main", List.of("demo", "--work", "/w"));
    assertEquals(ChildJvm.java().toString(), command.get(0));
    assertEquals("-Xmx1g", command.get(1));
    assertEquals(flags, command.subList(2, 2 + flags.size()));
    assertEquals(List.of("-Dweblog.log.file=/w/child.log", "-cp", "a.jar:b.jar", "dev.Main", "demo", "--work", "/w"),
        command.subList(2 + flags.size(), command.size()));
  }

  @Test
  void peakOfAChildHoldingMemoryIsAtLeastWhatItHeld() {
    ProcStatus.requireProc("this test");
    int mib = 200;
    List<String> command =
        ChildJvm.command(ChildJvm.java(), List.of("-Xmx512m"), ChildJvm.sparkFlags(), ChildJvm.classpath(),
            work.resolve("child.log"), AllocatingChild.class.getName(), List.of(Integer.toString(mib)));
    PeakRss.Outcome outcome = ChildJvm.run("a child holding " + mib + " MiB", command, work.resolve("child.out"),
        Duration.ofMinutes(2));
    assertEquals(0, outcome.exitCode(), "child output in " + work.resolve("child.out"));
    assertTrue(outcome.peakKb() >= mib * 1024L, "peak " + outcome.peakKb() + " kB, held " + mib + " MiB");
    assertTrue(outcome.peakKb() < 2L * 1024 * 1024, "a 512 MB heap cannot peak at " + outcome.peakKb() + " kB");
  }

  @Test
  void demoArgsMayNotMoveTheDemosWorkFolder() {
    assertEquals(List.of("--rows", "1000", "--live-rows", "200"), MemoryStage.words("  --rows 1000  --live-rows 200 "));
    assertEquals(List.of(), MemoryStage.words(""));
    BenchFailure e = assertThrows(BenchFailure.class,
        () -> new MemoryStage(work, MemoryStage.words("--rows 1000 --work /elsewhere")));
    assertTrue(e.getMessage().contains("--demo-args must not set --work"), e.getMessage());
  }
}
