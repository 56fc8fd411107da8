package dev.weblog.spark;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weblog.common.HdfsLayout;
import dev.weblog.common.LabelOrder;
import dev.weblog.common.ParseResult;
import dev.weblog.common.Target;
import dev.weblog.common.WebLogCsvCodec;
import dev.weblog.common.WebLogRecord;
import dev.weblog.common.generator.GeneratorConfig;
import dev.weblog.common.generator.WebLogGenerator;
import dev.weblog.spark.ingest.IngestJob;
import dev.weblog.spark.ingest.IngestResult;
import dev.weblog.spark.model.ModelMetrics;
import dev.weblog.spark.stream.RunningStream;
import dev.weblog.spark.stream.StreamJob;
import dev.weblog.spark.stream.StreamJobTest;
import dev.weblog.spark.train.Algorithm;
import dev.weblog.spark.train.TrainJob;
import dev.weblog.spark.train.TrainOptions;
import dev.weblog.spark.train.TrainResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * Labels are data: a history whose age buckets and genders are not the generator's defaults is ingested whole,
 * the models learn its classes, and live lines are scored whatever label they carry, even one never trained on.
 */
class LabelVocabularyTest {

  static final List<String> AGE_BUCKETS = List.of("<20", "20-29", "30-44", "45+");
  static final List<String> GENDERS = List.of("F", "M");
  /** Labels the history never holds: the models cannot predict them, the stream must still score their lines. */
  static final String UNSEEN_AGE = "60-69";
  static final String UNSEEN_GENDER = "X";

  private static final GeneratorConfig CONFIG = GeneratorConfig.defaults().withHistoryRows(6_000)
      .withLiveRows(1_200).withSeed(5).withAgeBuckets(AGE_BUCKETS).withGenderLabels(GENDERS);

  private final SparkSession spark = SharedCluster.spark();

  @Test
  void otherVocabulariesAreIngestedWholeTrainedOnAndScoredLineForLine() throws IOException {
    String base = SharedCluster.freshBase("vocabulary");
    HdfsLayout layout = new HdfsLayout(base);
    WebLogGenerator generator = new WebLogGenerator(CONFIG);
    Path csv = Files.createTempFile("vocabulary-history", ".csv");
    generator.writeHistory(csv);
    SharedCluster.upload(csv, layout.raw() + "/history.csv");
    Files.delete(csv);

    IngestResult ingest = IngestJob.run(spark, IngestJob.Options.parse(SharedCluster.args(base)));
    assertEquals(0, ingest.quarantined(), () -> "no history line refused for its labels: " + ingest);
    assertEquals(6_000, ingest.valid());

    for (Target target : Target.values()) {
      TrainResult result = TrainJob.run(spark, TrainOptions.parse(SharedCluster.args(base, "--target",
          target.id())));
      List<String> vocabulary = target == Target.GENDER ? GENDERS : AGE_BUCKETS;
      assertTrue(result.promoted(), result.gateReason());
      assertEquals(LabelOrder.sorted(vocabulary), result.metrics().classes(), "the classes are the data's");
      assertEquals(Set.copyOf(vocabulary), Set.copyOf(result.metrics().confusionMatrix().labels()));
      assertEquals(Set.of(Algorithm.NAIVE_BAYES.id(), Algorithm.LOGISTIC_REGRESSION.id(),
          Algorithm.DECISION_TREE.id(), Algorithm.RANDOM_FOREST.id()),
          result.metrics().selection().candidates().stream().map(ModelMetrics.CandidateScore::algorithm)
              .collect(Collectors.toSet()),
          () -> "auto searched every family: " + result.summary());
    }

    List<byte[]> lines = liveLines(generator);
    long wellFormed = lines.stream().filter(l -> WebLogCsvCodec.decode(l).isValid()).count();
    String topic = StreamJobTest.topicWith("vocabulary", lines);
    RunningStream stream = StreamJob.start(spark, StreamJobTest.options(base, topic, "vocabulary", "600"));
    StreamJobTest.awaitCommitted(stream, lines.size());
    assertTrue(stream.stopGracefully(Duration.ofSeconds(60)));

    Dataset<Row> predictions = spark.read().parquet(SharedCluster.uri() + layout.streamPredictions());
    assertEquals(wellFormed, predictions.count(), "every well-formed line is scored, whatever its labels");
    assertEquals(lines.size() - wellFormed,
        spark.read().parquet(SharedCluster.uri() + layout.streamQuarantine()).count(), "only malformed lines wait");
    Set<String> ages = values(predictions, StreamColumns.predicted(Target.AGE_GROUP));
    assertTrue(AGE_BUCKETS.containsAll(ages) && ages.size() > 1, "predictions are the data's buckets: " + ages);
    assertEquals(Set.copyOf(GENDERS), values(predictions, StreamColumns.predicted(Target.GENDER)));
    Dataset<Row> unseen = predictions.where(col(StreamColumns.observed(Target.AGE_GROUP)).equalTo(UNSEEN_AGE));
    assertEquals(CONFIG.liveRows() / 10, unseen.count(), "a line with a label never trained on is scored, its label "
        + "kept beside the prediction");
    assertEquals(0, unseen.where(col(StreamColumns.predicted(Target.AGE_GROUP)).equalTo(UNSEEN_AGE)).count(),
        "and can only be a miss");
    assertTrue(predictions.where(col(StreamColumns.observed(Target.GENDER)).equalTo(UNSEEN_GENDER)).count() > 0);
  }

  /**
   * The generated live lines with every tenth one's age group and every fifteenth one's gender replaced by a label
   * the history never holds, and after every hundredth a line that is malformed: a label with a control character.
   */
  private static List<byte[]> liveLines(WebLogGenerator generator) {
    List<byte[]> lines = new ArrayList<>();
    Iterator<WebLogRecord> live = generator.live();
    for (int i = 0; live.hasNext(); i++) {
      WebLogRecord r = live.next();
      WebLogRecord relabelled = new WebLogRecord(r.deviceId(), r.timestamp(), r.productCategoryId(), r.ip(), r.lat(),
          r.lon(), r.deviceType(), r.connectType(), i % 10 == 0 ? UNSEEN_AGE : r.ageGroup(),
          i % 15 == 0 ? UNSEEN_GENDER : r.gender(), r.memberId());
      lines.add(relabelled.toCsvLine().getBytes(StandardCharsets.UTF_8));
      if (i % 100 == 99) {
        String line = relabelled.toCsvLine();
        int gender = line.lastIndexOf(',', line.lastIndexOf(',') - 1);
        lines.add((line.substring(0, gender) + ",M\u0007" + line.substring(line.lastIndexOf(',')))
            .getBytes(StandardCharsets.UTF_8));
      }
    }
    assertTrue(lines.stream().anyMatch(l -> WebLogCsvCodec.decode(l) instanceof ParseResult.Rejected));
    return lines;
  }

  private static Set<String> values(Dataset<Row> rows, String column) {
    return rows.select(column).distinct().collectAsList().stream().map(r -> r.getString(0))
        .collect(Collectors.toSet());
  }
}
