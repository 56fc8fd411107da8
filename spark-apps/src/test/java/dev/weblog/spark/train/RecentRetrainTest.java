package dev.weblog.spark.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weblog.common.Column;
import dev.weblog.common.HdfsLayout;
import dev.weblog.common.JobContract;
import dev.weblog.common.Target;
import dev.weblog.common.WebLogRecord;
import dev.weblog.common.generator.Drift;
import dev.weblog.common.generator.GeneratorConfig;
import dev.weblog.common.generator.WebLogGenerator;
import dev.weblog.spark.SharedCluster;
import dev.weblog.spark.ingest.IngestJob;
import dev.weblog.spark.model.ModelMetrics;
import dev.weblog.spark.model.ModelRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * After the live world drifted (genders swap their category preferences in some age groups, the label mix shifts,
 * new categories take a quarter of the visits: a perfect history model scores 0.63 on gender there, the Bayes
 * decision of the new world 0.80), a retrain that
 * gives the recent archived lines their share learns the new behaviour and proves it on the newest lines, and
 * one that ignores them is refused though it does better on the history.
 */
class RecentRetrainTest {

  private static final Instant FIRST = Instant.parse("2026-03-01T00:00:00Z");
  private static final Duration BETWEEN = Duration.ofMinutes(1);

  private final SparkSession spark = SharedCluster.spark();

  @Test
  void aRetrainOnRecentLinesBeatsTheServingModelThereAndOneThatIgnoresThemIsRefused() throws Exception {
    HdfsLayout layout = new HdfsLayout(SharedCluster.freshBase("recent-retrain"));
    WebLogGenerator generator = new WebLogGenerator(GeneratorConfig.defaults().withHistoryRows(20_000)
        .withLiveRows(5_000).withSeed(23).withDrift(new Drift(1, EnumSet.allOf(Drift.Kind.class))));
    StringBuilder history = new StringBuilder(Column.HEADER).append('\n');
    generator.history().forEachRemaining(r -> history.append(r.toCsvLine()).append('\n'));
    SharedCluster.write(layout.raw() + "/history.csv", history.toString());
    IngestJob.run(spark, IngestJob.Options.parse(SharedCluster.args(layout.base())));

    TrainResult historyOnly = TrainJob.run(spark, options(layout));
    assertTrue(historyOnly.promoted(), historyOnly.gateReason());
    assertNull(historyOnly.metrics().recent(), "nothing archived, nothing recent");

    List<String> live = new ArrayList<>();
    for (Iterator<WebLogRecord> lines = generator.live(); lines.hasNext();) {
      live.add(lines.next().toCsvLine());
    }
    ArchivedBatches.write(spark, layout, live, 500, FIRST, BETWEEN);

    TrainResult retrained = TrainJob.run(spark, options(layout, JobContract.OPT_RECENT_SHARE, "0.8"));
    ModelMetrics.Recent recent = retrained.metrics().recent();
    System.out.printf("FIGURES recent retrain: history accuracy %.4f (serving v1 %.4f), recent %.4f vs serving "
        + "%.4f on %d lines, trained on %d recent lines; gate: %s%n", retrained.metrics().accuracy(),
        historyOnly.metrics().accuracy(), recent.accuracy(), recent.servingAccuracy(), recent.holdoutLines(),
        recent.trainingLines(), retrained.gateReason());
    assertTrue(recent.holdoutLines() >= QualityGate.MIN_RECENT_LINES, "enough lines to judge: " + recent);
    assertEquals(1, recent.servingVersion());
    assertTrue(recent.accuracy() > recent.servingAccuracy() + 0.02, recent.toString());
    assertTrue(retrained.promoted(), retrained.gateReason());
    assertTrue(retrained.gateReason().startsWith("better on the "), retrained.gateReason());

    ModelRegistry registry = new ModelRegistry(SharedCluster.fs(), layout);
    ModelMetrics written = registry.metrics(Target.GENDER, 2).orElseThrow();
    assertEquals(recent, written.recent(), "both scores are in metrics.json");
    JsonNode message = new ObjectMapper().readTree(retrained.terminationMessage());
    assertEquals(recent.accuracy(), message.get("recent_accuracy").asDouble());
    assertEquals(recent.servingAccuracy(), message.get("serving_recent_accuracy").asDouble());
    assertEquals(recent.holdoutLines(), message.get("recent_lines").asLong());

    // Almost no weight on the recent lines: a history model again, better on history than v2, worse on recent.
    TrainResult ignoring = TrainJob.run(spark, options(layout, JobContract.OPT_RECENT_SHARE, "0.001"));
    ModelMetrics.Recent judged = ignoring.metrics().recent();
    System.out.printf("FIGURES ignoring recent lines: history accuracy %.4f (serving v2 %.4f), recent %.4f vs "
        + "serving %.4f on %d lines; gate: %s%n", ignoring.metrics().accuracy(), retrained.metrics().accuracy(),
        judged.accuracy(), judged.servingAccuracy(), judged.holdoutLines(), ignoring.gateReason());
    assertTrue(ignoring.metrics().accuracy() > retrained.metrics().accuracy(), "better on history");
    assertTrue(judged.accuracy() < judged.servingAccuracy(), "worse on recent lines: " + judged);
    assertFalse(ignoring.promoted(), ignoring.gateReason());
    assertTrue(ignoring.gateReason().startsWith("worse on the "), ignoring.gateReason());
    assertEquals(2, registry.current(Target.GENDER).getAsInt(), "v2 keeps serving");
    assertNotNull(registry.metrics(Target.GENDER, 3).orElseThrow().recent().servingAccuracy(),
        "the refused version's metrics.json holds both scores");
    JsonNode refused = new ObjectMapper().readTree(ignoring.terminationMessage());
    assertEquals(judged.servingAccuracy(), refused.get("serving_recent_accuracy").asDouble());
    assertEquals(2, refused.get("serving_version").asInt());
  }

  private static TrainOptions options(HdfsLayout layout, String... more) {
    List<String> args = new ArrayList<>(List.of(SharedCluster.args(layout.base(), JobContract.OPT_TARGET,
        Target.GENDER.id(), JobContract.OPT_ALGORITHM, "decision_tree", JobContract.OPT_MAX_DEPTH, "8")));
    args.addAll(List.of(more));
    return TrainOptions.parse(args.toArray(String[]::new));
  }
}
