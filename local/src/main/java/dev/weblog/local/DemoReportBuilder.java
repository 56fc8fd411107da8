package dev.weblog.local;

import dev.weblog.common.HdfsLayout;
import dev.weblog.common.LabelOrder;
import dev.weblog.common.Target;
import dev.weblog.common.generator.GroundTruth;
import dev.weblog.local.report.DemoReport;
import dev.weblog.spark.ingest.IngestResult;
import dev.weblog.spark.model.ModelMetrics;
import dev.weblog.spark.model.ModelRegistry;
import dev.weblog.spark.train.TrainResult;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;

/** Puts the demo's figures together: ingest counts, the promoted models' metrics, the stream's figures. */
final class DemoReportBuilder {

  private DemoReportBuilder() {}

  static DemoReport build(SparkSession spark, FileSystem fs, HdfsLayout layout, IngestResult ingest,
      Map<Target, TrainResult> original, DemoData.Inputs inputs, DemoRun.StreamWindow window, Instant streamStart,
      Map<String, String> outputs, double wallSeconds) throws java.io.IOException {
    GroundTruth truth = inputs.truth();
    ModelRegistry registry = new ModelRegistry(fs, layout);
    Map<String, DemoReport.Model> models = new LinkedHashMap<>();
    for (Target target : Target.values()) {
      int version = registry.current(target).orElseThrow(() -> new IllegalStateException(
          "no promoted " + target.id() + " model under " + layout.models(target)));
      ModelMetrics m = registry.metrics(target, version).orElseThrow(() -> new IllegalStateException(
          "no metrics for " + layout.modelVersion(target, version)));
      TrainResult originalRun = original.get(target);
      models.put(target.id(), model(m, truth == null ? null : truth.bayesOptimal(target),
          originalRun == null ? null : originalRun.metrics().accuracy()));
    }
    DemoReport.Stream stream = StreamFigures.of(spark, fs, layout, registry, window.sent().sent(),
        window.offsets());
    DemoReport.Ingest in = new DemoReport.Ingest(ingest.inputLines(), ingest.valid(), ingest.quarantined(),
        ingest.seconds(), new TreeMap<>(ingest.quarantinedByKind()));
    Runtime rt = Runtime.getRuntime();
    DemoReport.Environment env = new DemoReport.Environment(rt.availableProcessors(), rt.maxMemory() >> 20,
        spark.version(), streamStart.toString(), wallSeconds);
    Map<String, DemoReport.Monitoring> monitoring = MonitoringFigures.of(spark, fs, layout, window.offsets(),
        stream.batches().stream().map(DemoReport.Batch::batchId).collect(Collectors.toSet()), truth,
        inputs.driftStart(), window.drift(), streamStart);
    return new DemoReport(in, models, stream, window.realtime(), monitoring, env, outputs);
  }

  /** A model's figures with its classes in their natural order ({@code under 18} first), not the indexer's. */
  static DemoReport.Model model(ModelMetrics m, Double bayes, Double originalAccuracy) {
    List<String> indexed = m.confusionMatrix().labels();
    List<String> labels = LabelOrder.sorted(indexed);
    long[][] counts = new long[labels.size()][labels.size()];
    for (int r = 0; r < labels.size(); r++) {
      for (int c = 0; c < labels.size(); c++) {
        counts[r][c] = m.confusionMatrix().counts()[indexed.indexOf(labels.get(r))][indexed.indexOf(labels.get(c))];
      }
    }
    Map<String, Double> precision = new LinkedHashMap<>();
    Map<String, Double> recall = new LinkedHashMap<>();
    for (String label : labels) {
      ModelMetrics.ClassMetrics c = m.perClass().get(label);
      if (c != null) {
        precision.put(label, c.precision());
        recall.put(label, c.recall());
      }
    }
    return new DemoReport.Model(m.target(), m.version(), m.method(), m.accuracy(), bayes, originalAccuracy,
        m.trainRows(), m.testRows(), m.weightedF1(), m.trainingSeconds(), labels, counts, precision, recall);
  }
}
