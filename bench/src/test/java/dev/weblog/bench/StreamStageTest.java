package dev.weblog.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weblog.common.Column;
import dev.weblog.common.JobContract;
import dev.weblog.common.Target;
import dev.weblog.common.WebLogRecord;
import dev.weblog.spark.ModelOutput;
import dev.weblog.spark.StreamColumns;
import dev.weblog.spark.WebLogSparkSchema;
import dev.weblog.spark.model.ModelRegistry;
import dev.weblog.spark.train.TrainJob;
import dev.weblog.spark.train.TrainOptions;
import dev.weblog.spark.train.TrainResult;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.schema.Type;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The stream stages end to end at a small size (both drains, both latency runs, the metrics' pair, the drift
 * monitoring's pair, the JSON), and
 * the check that makes
 * the plain-Java floor honest: the trees exported to plain Java predict exactly what Spark's PipelineModels predict.
 */
class StreamStageTest {

  private static final int SAMPLE = 3_000;

  @TempDir
  Path work;

  @Test
  void streamStagesDrainMeasureLatencyAndTheMetricsCost() throws Exception {
    Path json = work.resolve("bench.json");
    StringWriter printed = new StringWriter();
    int code = new CommandLine(new BenchCommand()).setOut(new PrintWriter(printed, true))
        .execute("--stages", "stream,stream-metrics,stream-monitoring", "--rows", "20000", "--stream-records", "20000",
            "--latency-seconds", "3",
            "--pairs", "1", "--warmup", "0", "--work", work.resolve("run").toString(), "--json", json.toString());
    System.out.print(printed);
    assertEquals(0, code, printed.toString());

    JsonNode stages = new ObjectMapper().readTree(json.toFile()).get("stages");
    assertEquals(4, stages.size(), stages.toString());
    JsonNode drain = stages.get(0);
    JsonNode latency = stages.get(1);
    JsonNode metrics = stages.get(2);
    JsonNode monitoring = stages.get(3);
    assertEquals("stream", drain.get("stage").asText());
    assertEquals("records_per_s", drain.get("primary_figure").asText());
    assertEquals("stream latency", latency.get("stage").asText());
    assertEquals("latency_p99_ms", latency.get("primary_figure").asText());
    assertFigures(drain, "records_per_s", "records_per_s_busy", "seconds", "cpu_us_per_record");
    assertTrue(drain.at("/ratios_by_figure/cpu_us_per_record/project~1plain-java/median").asDouble() > 0,
        drain.toString());
    for (String variant : List.of("project", "plain-java")) {
      double jit = drain.at("/variants/" + variant + "/jit_cpu_percent/median").asDouble(-1);
      assertTrue(jit >= 0 && jit <= 100, variant + ": the JIT's share of the CPU, read from /proc: " + jit);
    }
    assertFigures(latency, "latency_p50_ms", "latency_p95_ms", "latency_p99_ms");
    for (JsonNode stage : List.of(drain, latency)) {
      assertTrue(stage.at("/ratios/project~1plain-java/median").asDouble() > 0, stage.toString());
    }
    assertEquals(20_000, drain.at("/references/topic_records").asDouble());

    // The metrics' cost, side by side with --no-metrics on the same topic, on the drain rate and the CPU per record.
    assertEquals("stream metrics", metrics.get("stage").asText());
    assertEquals(20_000, metrics.at("/references/topic_records").asDouble(), "the stream stage's topic, shared");
    for (String variant : new String[] {"project", "project-no-metrics"}) {
      for (String figure : new String[] {"records_per_s", "cpu_us_per_record"}) {
        assertTrue(metrics.at("/variants/" + variant + "/" + figure + "/median").asDouble() > 0,
            variant + " " + figure + ": " + metrics);
      }
    }
    assertTrue(metrics.at("/ratios/project~1project-no-metrics/median").asDouble() > 0, metrics.toString());
    double share = metrics.at("/variants/project/metrics_cpu_percent/median").asDouble();
    assertTrue(share > 0 && share < 100, "the stream's own count of its metrics' CPU, as a share: " + share);
    assertTrue(metrics.at("/variants/project-no-metrics/metrics_cpu_percent").isMissingNode(), "nothing to count");
    assertTrue(metrics.at("/ratios_by_figure/cpu_us_per_record/project~1project-no-metrics/median").asDouble() > 0,
        metrics.toString());
    // Drift monitoring's cost, on and off on the same topic; each run passed the stage's check that it monitored as
    // set (every predicted line counted for both targets with it, no stream/monitor/ without), or the run failed.
    assertEquals("stream monitoring", monitoring.get("stage").asText());
    assertEquals(20_000, monitoring.at("/references/topic_records").asDouble(), "the stream stage's topic, shared");
    for (String variant : new String[] {"project", "project-no-monitoring"}) {
      for (String figure : new String[] {"records_per_s", "cpu_us_per_record"}) {
        assertTrue(monitoring.at("/variants/" + variant + "/" + figure + "/median").asDouble() > 0,
            variant + " " + figure + ": " + monitoring);
      }
    }
    assertTrue(monitoring.at("/ratios/project~1project-no-monitoring/median").asDouble() > 0,
        monitoring.toString());
    double offered = latency.at("/references/offered_records_per_s").asDouble();
    double projectDrain = drain.at("/variants/project/records_per_s/median").asDouble();
    assertEquals(projectDrain / 2, offered, projectDrain * 1e-9, "the load is half the project's drain rate");
    for (String variant : new String[] {"project", "plain-java"}) {
      double p50 = latency.at("/variants/" + variant + "/latency_p50_ms/median").asDouble();
      double p99 = latency.at("/variants/" + variant + "/latency_p99_ms/median").asDouble();
      assertTrue(p50 <= p99, variant + ": p50 " + p50 + " above p99 " + p99);
    }
  }

  @Test
  void exportedTreesPredictExactlyWhatSparkPredictsAndFloorFilesReadBackAsTheProjectsDo() throws Exception {
    try (BenchEnvironment env = BenchEnvironment.start(work.resolve("export"))) {
      BenchData.prepare(env, 10_000, 7);
      TrainStage.ensureIngested(env);
      ModelRegistry registry = new ModelRegistry(env.hdfs().fileSystem(), env.layout());
      List<WebLogRecord> sample = ExportCheck.sample(SAMPLE, 11);
      List<String> mismatches = new ArrayList<>();
      List<ExportedModel> exports = new ArrayList<>();
      // The project's default on the five age groups (one tree, categorical splits), and a forest on raw codes for
      // the binary gender (threshold splits, votes): both split kinds and both ways of combining trees.
      List<Map.Entry<Target, Integer>> models = List.of(
          Map.entry(Target.AGE_GROUP, train(env, Target.AGE_GROUP, "decision_tree", List.of()).version()),
          Map.entry(Target.GENDER, train(env, Target.GENDER, "random_forest",
              List.of(JobContract.OPT_NUM_TREES, "5", "--category-encoding", "continuous")).version()));
      for (Map.Entry<Target, Integer> m : models) {
        Target t = m.getKey();
        int version = m.getValue();
        PipelineModel model = registry.load(t, version);
        ExportedModel exported = ModelExport.of(t, version, model);
        assertEquals(3, exported.features().size(), "the three default features");
        ExportCheck.Comparison c = ExportCheck.compare(env.spark(), t, model, exported, sample, 10);
        assertTrue(c.sparkLabels().size() >= 2,
            t.id() + " v" + version + " predicts " + c.sparkLabels() + " only; the comparison would prove little");
        mismatches.addAll(c.mismatches());
        exports.add(exported);
      }
      assertEquals(List.of(), mismatches);
      // The comparison can fail: the age-group tree standing in for the gender forest disagrees on every row.
      assertEquals(10, ExportCheck.compare(env.spark(), Target.GENDER, registry.load(Target.GENDER,
          models.get(1).getValue()), exports.get(0), sample, 10).mismatches().size());

      // The same Spark session reads a prediction the floor's writer wrote, with StreamJob's column types.
      WebLogRecord record = sample.get(0);
      Path file = work.resolve("predictions.parquet");
      try (ParquetWriter<PredictionWriteSupport.Prediction> writer = new PredictionWriteSupport()
          .open(new org.apache.hadoop.fs.Path(file.toUri()), new Configuration())) {
        writer.write(new PredictionWriteSupport.Prediction(record, new String[] {"36-50", "1"}, new int[] {4, 2}, 1,
            99, 1_700_000_000_123L, 1_700_000_001_000L));
      }
      Dataset<Row> read = env.spark().read().parquet(file.toUri().toString());
      for (StructField f : read.schema().fields()) {
        assertEquals(streamJobType(f.name()), f.dataType(), f.name());
      }
      Row row = read.first();
      assertEquals(record.deviceId(), row.getAs(Column.DEVICE_ID.columnName()));
      assertEquals(record.timestamp(), row.getAs(Column.TIMESTAMP.columnName()));
      assertEquals(99L, (long) row.getAs(StreamColumns.KAFKA_OFFSET));
      assertEquals(1_700_000_000_123L, ((Timestamp) row.getAs(StreamColumns.KAFKA_TIMESTAMP)).getTime());
      assertEquals("36-50", row.getAs(StreamColumns.predicted(Target.AGE_GROUP)));
      assertEquals(4, (int) row.getAs(StreamColumns.modelVersion(Target.AGE_GROUP)));
    }
  }

  @Test
  void plainJavaOutputsHaveStreamJobsColumnsInItsOrder() {
    assertEquals(StreamColumns.predictions(), names(PredictionWriteSupport.SCHEMA.getFields()));
    assertEquals(StreamColumns.quarantine(), names(QuarantineWriteSupport.SCHEMA.getFields()));
  }

  /** The Spark type StreamJob writes each prediction column with (see StreamBatchWriter). */
  private static DataType streamJobType(String name) {
    if (name.equals(StreamColumns.KAFKA_TIMESTAMP) || name.equals(StreamColumns.PROCESSED_AT)) {
      return DataTypes.TimestampType;
    }
    if (name.equals(StreamColumns.KAFKA_OFFSET)) {
      return DataTypes.LongType;
    }
    if (name.equals(StreamColumns.KAFKA_PARTITION) || name.endsWith("_model_version")) {
      return DataTypes.IntegerType;
    }
    if (name.startsWith(ModelOutput.PREDICTED_PREFIX) || name.equals(Target.GENDER.id())) {
      // Observed labels are strings like the predictions, gender too.
      return DataTypes.StringType;
    }
    return WebLogSparkSchema.record().apply(name).dataType();
  }

  private static TrainResult train(BenchEnvironment env, Target target, String algorithm, List<String> extra) {
    List<String> args = new ArrayList<>(JobContract.trainArgs(env.hdfs().uri(), env.layout(), target, algorithm));
    args.addAll(List.of(JobContract.OPT_MAX_DEPTH, "8", "--without-stream-archive"));
    args.addAll(extra);
    return TrainJob.run(env.spark(), TrainOptions.parse(args.toArray(String[]::new)));
  }

  private static List<String> names(List<Type> fields) {
    return fields.stream().map(Type::getName).toList();
  }

  private static void assertFigures(JsonNode stage, String... figures) {
    for (String variant : new String[] {"project", "plain-java"}) {
      for (String figure : figures) {
        JsonNode summary = stage.at("/variants/" + variant + "/" + figure);
        assertEquals(1, summary.path("values").size(), stage.get("stage") + " " + variant + " " + figure + ": "
            + summary);
        for (String k : new String[] {"min", "median", "max"}) {
          assertTrue(summary.get(k).asDouble() > 0, stage.get("stage") + " " + variant + " " + figure + " " + k + ": "
              + summary);
        }
      }
    }
  }
}
