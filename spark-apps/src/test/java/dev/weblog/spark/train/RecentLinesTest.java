package dev.weblog.spark.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weblog.common.HdfsLayout;
import dev.weblog.common.Target;
import dev.weblog.common.WebLogRecord;
import dev.weblog.common.generator.GeneratorConfig;
import dev.weblog.common.generator.WebLogGenerator;
import dev.weblog.spark.SharedCluster;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Which archived lines are recent, which of them are held back, and how much the others weigh. */
class RecentLinesTest {

  private static final Instant FIRST = Instant.parse("2026-03-01T00:00:00Z");
  private static final Duration BETWEEN = Duration.ofMinutes(10);
  /** 10 batches of 20 lines, processed every 10 minutes: the newest at 01:30; every 4th line unlabelled. */
  private static final int BATCHES = 10;
  private static final int PER_BATCH = 20;
  private static final List<String> LINES = new ArrayList<>();
  private static final List<WebLogRecord> RECORDS = new ArrayList<>();
  private static HdfsLayout layout;

  private final SparkSession spark = SharedCluster.spark();

  @BeforeAll
  static void archive() {
    WebLogGenerator generator = new WebLogGenerator(GeneratorConfig.defaults().withHistoryRows(0)
        .withLiveRows(BATCHES * PER_BATCH).withUnlabeledShare(0).withSeed(3));
    int i = 0;
    for (Iterator<WebLogRecord> live = generator.live(); live.hasNext(); i++) {
      WebLogRecord r = live.next();
      WebLogRecord archived = i % 4 == 3 ? withoutGender(r) : r;
      RECORDS.add(archived);
      LINES.add(archived.toCsvLine());
    }
    layout = new HdfsLayout(SharedCluster.freshBase("recent-lines"));
    // The last batch is processed but not committed yet: its lines have no processing time and count as history.
    ArchivedBatches.write(SharedCluster.spark(), layout, LINES, PER_BATCH, FIRST, BETWEEN, BATCHES);
  }

  @Test
  void theWindowEndsAtTheNewestArchivedLineNotAtNow() {
    RecentLines.Split split = split("30m", null, 0.25);
    try {
      Instant newest = ArchivedBatches.processedAt(FIRST, BETWEEN, BATCHES - 1);
      assertEquals(new RecentLines.Span(newest.minus(Duration.ofMinutes(30)), newest), split.span().orElseThrow());
      // Batches 6 to 9 are recent: 80 lines of which 60 labelled; 15 (a quarter) held back.
      assertEquals(45, split.trainingLines());
      assertEquals(15, split.holdoutLines());
      assertEquals(45, split.training().count());
      assertEquals(15, split.holdout().count());
      assertEquals(120, split.older().count(), "batches 0 to 5, labelled or not, are history");
    } finally {
      split.release();
    }
  }

  @Test
  void recentSinceNarrowsTheWindowAndNeverWidensIt() {
    Instant newest = ArchivedBatches.processedAt(FIRST, BETWEEN, BATCHES - 1);
    RecentLines.Split narrowed = split("30m", newest.minus(Duration.ofMinutes(15)).toString(), 0.25);
    RecentLines.Split kept = split("30m", FIRST.toString(), 0.25);
    try {
      assertEquals(newest.minus(Duration.ofMinutes(15)), narrowed.span().orElseThrow().from());
      assertEquals(30, narrowed.trainingLines() + narrowed.holdoutLines(), "batches 8 and 9, labelled lines");
      assertEquals(160, narrowed.older().count());
      assertEquals(newest.minus(Duration.ofMinutes(30)), kept.span().orElseThrow().from());
      assertEquals(60, kept.trainingLines() + kept.holdoutLines());
    } finally {
      narrowed.release();
      kept.release();
    }
  }

  @Test
  void theHoldoutIsTheNewestShareInBatchThenKafkaOrder() {
    RecentLines.Split split = split("24h", null, 0.2);
    try {
      // Every labelled line of batches 0 to 9: 150; the newest 30 are those of batch 9 (15) and the last 15 of
      // batch 8 in (partition, offset) order.
      assertEquals(30, split.holdoutLines());
      Set<String> held = lines(split.holdout());
      List<String> batch8 = new ArrayList<>();
      List<String> batch9 = new ArrayList<>();
      for (int i = 8 * PER_BATCH; i < 10 * PER_BATCH; i++) {
        if (i % 4 != 3) {
          (i < 9 * PER_BATCH ? batch8 : batch9).add(key(RECORDS.get(i)));
        }
      }
      // Within batch 8, partition 1 (odd lines) is later than partition 0; by offset within each.
      List<String> ordered = new ArrayList<>();
      for (int p = 0; p < ArchivedBatches.PARTITIONS; p++) {
        for (int i = 8 * PER_BATCH; i < 9 * PER_BATCH; i++) {
          if (i % 4 != 3 && i % ArchivedBatches.PARTITIONS == p) {
            ordered.add(key(RECORDS.get(i)));
          }
        }
      }
      Set<String> expected = new TreeSet<>(batch9);
      expected.addAll(ordered.subList(ordered.size() - 15, ordered.size()));
      assertEquals(expected, held);
      assertTrue(lines(split.training()).stream().noneMatch(held::contains), "held-back lines are not trained on");
    } finally {
      split.release();
    }
  }

  @Test
  void recentWeightsSumToTheirShareOfTheTrainingWeight() {
    double w = RecentLines.weight(1_000, 250, 0.8);
    assertEquals(16.0, w, 1e-9);
    assertEquals(0.8, 250 * w / (1_000 + 250 * w), 1e-9);
    assertEquals(0.3, 7 * RecentLines.weight(50_000, 7, 0.3) / (50_000 + 7 * RecentLines.weight(50_000, 7, 0.3)),
        1e-9);
    assertEquals(1.0, RecentLines.weight(0, 10, 0.8), "no history: nothing to share with");
    assertEquals(1.0, RecentLines.weight(10, 0, 0.8));
    assertEquals(2, RecentLines.holdoutLines(10, 0.2));
    assertEquals(0, RecentLines.holdoutLines(10, 0));
  }

  @Test
  void anArchiveWithoutProcessingTimesIsAllHistory() {
    HdfsLayout bare = new HdfsLayout(SharedCluster.freshBase("recent-lines-bare"));
    ArchivedBatches.write(spark, bare, LINES.subList(0, 40), PER_BATCH, FIRST, BETWEEN, 0, 1);
    Dataset<Row> archive = StreamArchive.read(spark, SharedCluster.fs(), bare).orElseThrow();
    RecentLines.Split split = RecentLines.of(archive, Target.GENDER, settings("24h", null, 0.2));
    assertEquals(Optional.empty(), split.span());
    assertEquals(40, split.older().count());
    assertEquals(0, split.trainingLines() + split.holdoutLines());
  }

  private RecentLines.Split split(String window, String since, double holdout) {
    Dataset<Row> archive = StreamArchive.read(spark, SharedCluster.fs(), layout).orElseThrow();
    return RecentLines.of(archive, Target.GENDER, settings(window, since, holdout));
  }

  private static RecentSettings settings(String window, String since, double holdout) {
    List<String> args = new ArrayList<>(List.of(SharedCluster.args("/unused", "--target", "gender",
        "--recent-window", window, "--recent-holdout", Double.toString(holdout))));
    if (since != null) {
      args.addAll(List.of("--recent-since", since));
    }
    return TrainOptions.parse(args.toArray(String[]::new)).recent();
  }

  private static Set<String> lines(Dataset<Row> records) {
    return records.select(functions.concat_ws("|", functions.col("device_id"), functions.col("timestamp")
        .cast("string"))).collectAsList().stream().map(r -> r.getString(0)).collect(Collectors.toCollection(
            TreeSet::new));
  }

  private static WebLogRecord withoutGender(WebLogRecord r) {
    return new WebLogRecord(r.deviceId(), r.timestamp(), r.productCategoryId(), r.ip(), r.lat(), r.lon(),
        r.deviceType(), r.connectType(), r.ageGroup(), null, r.memberId());
  }

  /** A live line by its device and instant, as {@link #lines} reads it back. */
  private static String key(WebLogRecord r) {
    return r.deviceId() + "|" + r.timestamp().format(WebLogRecord.TIMESTAMP_FORMAT);
  }
}
