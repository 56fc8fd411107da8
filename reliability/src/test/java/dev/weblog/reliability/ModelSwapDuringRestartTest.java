package dev.weblog.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weblog.common.HdfsLayout;
import dev.weblog.common.Target;
import dev.weblog.producer.ReplaySummary;
import dev.weblog.spark.StreamColumns;
import dev.weblog.spark.model.ModelRegistry;
import dev.weblog.spark.stream.RunningStream;
import dev.weblog.spark.stream.StreamJob;
import dev.weblog.spark.stream.StreamOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The gender model's CURRENT pointer moved to a new version while the stream is down between a stop and its
 * restart, twice: after a graceful stop (v1 to v2), and after an abrupt one that leaves a batch planned under v2
 * uncommitted (v2 to v3). Every batch after a restart, the re-run one included, must be scored whole by the version
 * promoted during that restart, and say so in {@code stream/batches/}; the age_group model stays where it was.
 */
@Tag("faults")
class ModelSwapDuringRestartTest {

  /** 100 lines/s from a file long enough for any machine; the producer is cancelled after the last restart. */
  private static final int LINES = 40_000;
  private static final int LINES_PER_100MS = 10;

  private static FaultBed bed;

  @BeforeAll
  static void start() {
    bed = FaultBed.start("model-swap", 1);
  }

  @AfterAll
  static void stop() {
    if (bed != null) {
      bed.close();
    }
  }

  @Test
  void batchesAfterEachRestartUseTheVersionPromotedWhileTheStreamWasDown() {
    long started = System.nanoTime();
    String name = "swap";
    String base = bed.baseWithModels(name);
    ModelRegistry registry = bed.registry(base);
    assertEquals(1, registry.current(Target.GENDER).getAsInt());
    Path file = bed.work().resolve(name + ".csv");
    List<byte[]> lines = TaggedLines.write(file, LINES, 5);
    TopicContents.create(bed.bootstrapServers(), name, FaultBed.PARTITIONS);
    StreamOptions options = bed.streamOptions(base, name, name);
    Checkpoint checkpoint = new Checkpoint(bed.fs(), bed.checkpoint(base, name));

    BackgroundReplay replay = BackgroundReplay.start(bed.bootstrapServers(), name, FaultBed.PARTITIONS, file,
        LINES_PER_100MS);
    RunningStream stream = StreamJob.start(bed.spark(), options);
    StreamRuns.awaitCommitsAfter(stream, checkpoint, -1, 2);

    StreamRuns.stopGracefully(stream);
    long lastOfV1 = checkpoint.lastCommitted();
    registry.promote(Target.GENDER, 2);
    stream = StreamJob.start(bed.spark(), options);
    StreamRuns.awaitCommitsAfter(stream, checkpoint, lastOfV1, 2);

    // Stopped once a batch is planned and not committed: its re-run after the restart meets v3.
    awaitPendingBatch(checkpoint);
    StreamRuns.stopAbruptly(stream);
    long lastOfV2 = checkpoint.lastCommitted();
    boolean replayedAcrossSwap = checkpoint.pendingBatch();
    registry.promote(Target.GENDER, 3);
    stream = StreamJob.start(bed.spark(), options);
    StreamRuns.awaitCommitsAfter(stream, checkpoint, lastOfV2, 1);

    boolean arriving = !replay.isDone();
    replay.cancel();
    ReplaySummary summary = replay.await(StreamRuns.WAIT);
    Map<Integer, Long> end = TopicContents.endOffsets(bed.bootstrapServers(), name, FaultBed.PARTITIONS);
    StreamRuns.awaitDrained(stream, checkpoint, name, end);
    StreamRuns.stopGracefully(stream);

    HdfsLayout layout = new HdfsLayout(base);
    String gender = StreamColumns.modelVersion(Target.GENDER);
    String age = StreamColumns.modelVersion(Target.AGE_GROUP);
    Map<Long, int[]> batchVersions = new TreeMap<>();
    for (Row r : read(layout.streamBatches()).select(functions.col(StreamColumns.BATCH_ID).cast("long"),
        functions.col(gender), functions.col(age)).collectAsList()) {
      batchVersions.put(r.getLong(0), new int[] {r.getInt(1), r.getInt(2)});
    }
    List<String> wrong = new ArrayList<>();
    Map<Integer, Integer> batchesPerVersion = new TreeMap<>();
    for (Map.Entry<Long, int[]> b : batchVersions.entrySet()) {
      int expected = b.getKey() <= lastOfV1 ? 1 : b.getKey() <= lastOfV2 ? 2 : 3;
      batchesPerVersion.merge(b.getValue()[0], 1, Integer::sum);
      if (b.getValue()[0] != expected || b.getValue()[1] != 1) {
        wrong.add("batch " + b.getKey() + " logged gender v" + b.getValue()[0] + " (expected v" + expected
            + "), age_group v" + b.getValue()[1]);
      }
    }
    for (Row r : read(layout.streamPredictions()).groupBy(StreamColumns.BATCH_ID)
        .agg(functions.min(gender), functions.max(gender), functions.min(age), functions.max(age))
        .collectAsList()) {
      long batch = ((Number) r.get(0)).longValue();
      int[] logged = batchVersions.get(batch);
      if (logged == null || r.getInt(1) != logged[0] || r.getInt(2) != logged[0] || r.getInt(3) != 1
          || r.getInt(4) != 1) {
        wrong.add("predictions of batch " + batch + " carry gender v" + r.get(1) + "..v" + r.get(2) + ", age_group v"
            + r.get(3) + "..v" + r.get(4) + " where stream/batches says " + (logged == null ? "nothing"
                : "gender v" + logged[0]));
      }
    }

    Ledger ledger = Ledger.of(bed.spark(), bed.hdfs().uri(), layout, lines.subList(0, (int) summary.read()),
        TopicContents.readAll(bed.bootstrapServers(), name, FaultBed.PARTITIONS));
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("batches_per_gender_version", batchesPerVersion.toString());
    extra.put("batch_replayed_across_the_swap", replayedAcrossSwap);
    extra.put("batches_with_the_wrong_version", wrong.size());
    Figures.record("ModelSwapDuringRestartTest", 2, "gender CURRENT promoted while the stream was down, after a "
        + "graceful and after an abrupt stop", ledger, (System.nanoTime() - started) / 1e9, extra);

    assertTrue(arriving, "records were still arriving at the last restart");
    assertEquals(0, summary.failed(), () -> "the producer: " + summary.describe());
    assertEquals(List.of(), wrong, "every batch scored whole by the version CURRENT named when it ran");
    assertEquals(checkpoint.committedBatches(), new ArrayList<>(batchVersions.keySet()),
        "stream/batches has a row for each committed batch and no other");
    assertTrue(batchesPerVersion.keySet().containsAll(List.of(1, 2, 3)), () -> "each version scored batches: "
        + batchesPerVersion);
    ledger.assertConserved();
  }

  private static org.apache.spark.sql.Dataset<Row> read(String path) {
    return bed.spark().read().parquet(bed.hdfs().uri() + path);
  }

  /**
   * Waits (up to 30 s) until Spark logged a batch's offsets and not yet its commit; a batch takes far longer than
   * the poll, so the stop that follows nearly always lands inside it. Stopping between batches is valid too.
   */
  private static void awaitPendingBatch(Checkpoint checkpoint) {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!checkpoint.pendingBatch() && System.nanoTime() < deadline) {
      StreamRuns.sleep(10);
    }
  }
}
