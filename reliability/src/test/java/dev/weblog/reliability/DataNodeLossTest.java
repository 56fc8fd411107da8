package dev.weblog.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weblog.common.HdfsLayout;
import dev.weblog.producer.ReplaySummary;
import dev.weblog.spark.stream.RunningStream;
import dev.weblog.spark.stream.StreamJob;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * One DataNode of two (replication 2) stopped while the stream runs, without the NameNode being told: it keeps
 * handing out the dead node in write pipelines until clients fail to reach it. The stream must keep committing
 * on the surviving DataNode, and everything written before and after, the checkpoint included, must stay readable.
 */
@Tag("faults")
class DataNodeLossTest {

  /** 100 lines/s from a file long enough for any machine; the producer is cancelled once the point is made. */
  private static final int LINES = 40_000;
  private static final int LINES_PER_100MS = 10;

  private static FaultBed bed;

  @BeforeAll
  static void start() {
    bed = FaultBed.start("datanode-loss", 2);
  }

  @AfterAll
  static void stop() {
    if (bed != null) {
      bed.close();
    }
  }

  @Test
  void streamKeepsCommittingOnTheSurvivingDataNode() {
    long started = System.nanoTime();
    String name = "datanode";
    assertEquals(2, bed.hdfs().dataNodeCount());
    assertEquals("2", bed.fs().getConf().get("dfs.replication"), "two copies of every block");
    String base = bed.baseWithModels(name);
    Path file = bed.work().resolve(name + ".csv");
    List<byte[]> lines = TaggedLines.write(file, LINES, 3);
    TopicContents.create(bed.bootstrapServers(), name, FaultBed.PARTITIONS);
    Checkpoint checkpoint = new Checkpoint(bed.fs(), bed.checkpoint(base, name));

    BackgroundReplay replay = BackgroundReplay.start(bed.bootstrapServers(), name, FaultBed.PARTITIONS, file,
        LINES_PER_100MS);
    RunningStream stream = StreamJob.start(bed.spark(), bed.streamOptions(base, name, name));
    StreamRuns.awaitCommitsAfter(stream, checkpoint, -1, 2);

    String lost = bed.hdfs().stopDataNode(1);
    long lastAtLoss = checkpoint.lastCommitted();
    StreamRuns.awaitCommitsAfter(stream, checkpoint, lastAtLoss, 3);
    boolean producerStillSending = !replay.isDone();
    replay.cancel();
    ReplaySummary summary = replay.await(StreamRuns.WAIT);
    Map<Integer, Long> end = TopicContents.endOffsets(bed.bootstrapServers(), name, FaultBed.PARTITIONS);
    StreamRuns.awaitDrained(stream, checkpoint, name, end);
    long lastCommitted = checkpoint.lastCommitted();
    StreamRuns.stopGracefully(stream);

    Ledger ledger = Ledger.of(bed.spark(), bed.hdfs().uri(), new HdfsLayout(base), lines.subList(0,
        (int) summary.read()), TopicContents.readAll(bed.bootstrapServers(), name, FaultBed.PARTITIONS));
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("datanodes_left", bed.hdfs().dataNodeCount());
    extra.put("batches_after_the_loss", lastCommitted - lastAtLoss);
    Figures.record("DataNodeLossTest", 1, "one of two DataNodes (replication 2) stopped mid-stream, "
        + lost, ledger, (System.nanoTime() - started) / 1e9, extra);

    assertEquals(1, bed.hdfs().dataNodeCount());
    assertTrue(producerStillSending,
        "records were still arriving after the DataNode was lost");
    assertEquals(0, summary.failed(), () -> "the producer: " + summary.describe());
    ledger.assertConserved();
  }
}
