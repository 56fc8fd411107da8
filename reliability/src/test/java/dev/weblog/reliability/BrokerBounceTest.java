package dev.weblog.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weblog.common.HdfsLayout;
import dev.weblog.producer.ReplaySummary;
import dev.weblog.spark.stream.RunningStream;
import dev.weblog.spark.stream.StreamJob;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Kafka broker stopped and started again while the replay producer sends and the stream scores. The producer
 * is idempotent with acks=all: its retries across the outage must neither lose a line nor write one twice, and the
 * stream must carry on from where it was once the broker is back.
 */
class BrokerBounceTest {

  private static final int LINES = 6_000;
  /** 100 lines every 100 ms: 1,000 lines/s; the file is read in about 6 s, outage or not (sends are buffered). */
  private static final int LINES_PER_100MS = 100;
  /** The broker stops once this many lines are in, so that most of the file is sent during and after the outage. */
  static final int LINES_BEFORE_OUTAGE = 1_500;
  /**
   * Well inside the producer's delivery timeout (60 s, KafkaSettings): a record still unacknowledged when it
   * runs out fails, and the replay stops on it.
   */
  static final Duration OUTAGE = Duration.ofSeconds(5);

  private static FaultBed bed;

  @BeforeAll
  static void start() {
    bed = FaultBed.start("broker-bounce", 1);
  }

  @AfterAll
  static void stop() {
    if (bed != null) {
      bed.close();
    }
  }

  @Test
  void producerAndStreamLoseAndRepeatNothingWhenTheBrokerRestarts() {
    long started = System.nanoTime();
    String base = bed.baseWithModels("bounce");
    String topic = "bounce";
    Path file = bed.work().resolve("bounce.csv");
    List<byte[]> lines = TaggedLines.write(file, LINES, 1);
    TopicContents.create(bed.bootstrapServers(), topic, FaultBed.PARTITIONS);
    String servers = bed.bootstrapServers();
    Checkpoint checkpoint = new Checkpoint(bed.fs(), bed.checkpoint(base, "bounce"));

    RunningStream stream = StreamJob.start(bed.spark(), bed.streamOptions(base, topic, "bounce"));
    BackgroundReplay replay = BackgroundReplay.start(servers, topic, FaultBed.PARTITIONS, file, LINES_PER_100MS);
    TopicContents.awaitRecords(servers, topic, FaultBed.PARTITIONS, LINES_BEFORE_OUTAGE);

    long down = System.nanoTime();
    bed.stopKafka();
    StreamRuns.sleep(OUTAGE.toMillis());
    bed.startKafka();
    double outageSeconds = (System.nanoTime() - down) / 1e9;
    assertEquals(servers, bed.bootstrapServers(), "the broker came back on its port");
    long lastWhenBack = checkpoint.lastCommitted();
    boolean producerStillSending = !replay.isDone();

    ReplaySummary summary = replay.await(StreamRuns.WAIT);
    Map<Integer, Long> end = TopicContents.endOffsets(servers, topic, FaultBed.PARTITIONS);
    StreamRuns.awaitDrained(stream, checkpoint, topic, end);
    long lastCommitted = checkpoint.lastCommitted();
    StreamRuns.stopGracefully(stream);

    List<byte[]> produced = lines.subList(0, (int) summary.read());
    Ledger ledger = Ledger.of(bed.spark(), bed.hdfs().uri(), new HdfsLayout(base), produced,
        TopicContents.readAll(servers, topic, FaultBed.PARTITIONS));
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("outage_s", Math.round(outageSeconds * 10) / 10.0);
    extra.put("producer_failed", summary.failed());
    extra.put("batches_after_outage", lastCommitted - lastWhenBack);
    Figures.record("BrokerBounceTest", 1, "broker stopped and restarted while producing and streaming", ledger,
        (System.nanoTime() - started) / 1e9, extra);

    assertTrue(summary.complete(), () -> "the producer rode out the outage: " + summary.describe());
    assertEquals(LINES, summary.sent(), "every line of the file acknowledged");
    assertTrue(producerStillSending, "the outage happened while the producer was still sending");
    assertTrue(lastCommitted > lastWhenBack, "the stream committed batches after the broker came back");
    ledger.assertConserved();
  }
}
