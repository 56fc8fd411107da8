package dev.weblog.local.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code report.html}: one self-contained page (inline CSS and SVG, nothing fetched). */
public final class ReportHtml {

  private static final String STYLE = "body{font-family:sans-serif;max-width:1100px;margin:2em auto;color:#222}"
      + "table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #ccc;padding:4px 10px;"
      + "text-align:right}th{background:#f3f5f8}td:first-child,th:first-child{text-align:left}"
      + "table.outputs td{text-align:left}.charts{display:flex;flex-wrap:wrap;gap:24px;align-items:flex-start}figure{margin:0}"
      + "figcaption{font-size:13px;color:#555;margin-bottom:4px}.muted{color:#777;font-size:13px}";

  private ReportHtml() {}

  public static String render(DemoReport report) {
    StringBuilder html = new StringBuilder(32_000);
    html.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>weblog-pipeline report"
        + "</title><style>").append(STYLE).append("</style></head><body>");
    html.append("<h1>weblog-pipeline report</h1>");
    DemoReport.Environment env = report.environment();
    html.append(String.format(Locale.ROOT, "<p class=\"muted\">%s · %d cores · %d MB max heap · Spark %s · "
        + "%.0f s end to end</p>", Html.escape(env.date()), env.cores(), env.maxHeapMb(), Html.escape(env.spark()),
        env.wallSeconds()));
    ingest(html, report.ingest());
    models(html, report.models());
    if (report.stream() != null) {
      stream(html, report.stream());
    }
    if (report.realtime() != null) {
      realtime(html, report.realtime(), report.stream());
    }
    if (report.monitoring() != null && !report.monitoring().isEmpty()) {
      monitoring(html, report.monitoring());
    }
    html.append("<h2>Outputs</h2><table class=\"outputs\">");
    report.outputs().forEach((k, v) -> html.append("<tr><td>").append(Html.escape(k)).append("</td><td>")
        .append(Html.escape(v)).append("</td></tr>"));
    html.append("</table></body></html>\n");
    return html.toString();
  }

  public static void write(DemoReport report, Path file) throws IOException {
    Files.writeString(file, render(report), StandardCharsets.UTF_8);
  }

  private static void ingest(StringBuilder html, DemoReport.Ingest in) {
    html.append("<h2>Ingest</h2><table><tr><th>input lines</th><th>valid</th><th>quarantined</th><th>seconds</th>"
        + "</tr>");
    html.append(String.format(Locale.ROOT, "<tr><td>%,d</td><td>%,d</td><td>%,d</td><td>%.1f</td></tr></table>",
        in.inputLines(), in.valid(), in.quarantined(), in.seconds()));
    kinds(html, "Quarantined history lines by reason", in.quarantinedByKind());
  }

  private static void models(StringBuilder html, Map<String, DemoReport.Model> models) {
    html.append("<h2>Models</h2><table><tr><th>target</th><th>version</th><th>method</th><th>accuracy</th>"
        + "<th>Bayes-optimal</th><th>original method</th><th>weighted F1</th><th>train rows</th>"
        + "<th>test rows</th><th>training s</th><th>classes (learned from the training rows)</th></tr>");
    models.forEach((target, m) -> html.append(String.format(Locale.ROOT,
        "<tr><td>%s</td><td>%s</td><td>%s</td><td>%.4f</td><td>%s</td><td>%s</td><td>%.4f</td><td>%,d</td>"
            + "<td>%,d</td><td>%.1f</td><td>%s</td></tr>",
        Html.escape(target), Html.escape(m.version()), Html.escape(m.method()), m.accuracy(),
        optional(m.bayesOptimal()), optional(m.originalMethodAccuracy()), m.weightedF1(), m.trainRows(),
        m.testRows(), m.trainSeconds(), Html.escape(String.join(", ", m.labels())))));
    html.append("</table>");
    models.forEach((target, m) -> {
      html.append("<h3>").append(Html.escape(target)).append("</h3><div class=\"charts\">");
      figure(html, "Confusion matrix (held-out rows; shade = share of the true label's row)",
          Svg.confusionHeatMap(m.labels(), m.confusion()));
      double[] precision = m.labels().stream().mapToDouble(l -> m.precision().getOrDefault(l, 0.0)).toArray();
      double[] recall = m.labels().stream().mapToDouble(l -> m.recall().getOrDefault(l, 0.0)).toArray();
      figure(html, "Precision and recall per class", Svg.groupedBars("precision and recall", m.labels(),
          List.of("precision", "recall"), List.of(precision, recall), 1.0, "%.2f"));
      html.append("</div>");
    });
  }

  private static void stream(StringBuilder html, DemoReport.Stream s) {
    DemoReport.Latency l = s.latency();
    html.append("<h2>Streaming</h2><table><tr><th>lines sent</th><th>predicted</th><th>quarantined</th>"
        + "<th>duplicates</th><th>records/s</th><th>latency p50 ms</th><th>p95 ms</th><th>p99 ms</th></tr>");
    html.append(String.format(Locale.ROOT, "<tr><td>%,d</td><td>%,d</td><td>%,d</td><td>%,d</td><td>%,.0f</td>"
        + "<td>%.0f</td><td>%.0f</td><td>%.0f</td></tr></table>", s.linesSent(), s.predicted(), s.quarantined(),
        s.duplicates(), s.throughputPerS(), l.p50(), l.p95(), l.p99()));
    if (!s.liveAccuracy().isEmpty()) {
      html.append("<p>Accuracy on live rows that carry labels: ");
      List<String> parts = new ArrayList<>();
      s.liveAccuracy().forEach((t, a) -> parts.add(Html.escape(t) + String.format(Locale.ROOT, " %.4f", a)));
      html.append(String.join(", ", parts)).append("</p>");
    }
    s.unseenLabels().forEach((t, n) -> {
      if (n > 0) {
        html.append(String.format(Locale.ROOT, "<p>%s: %,d live rows carried a label the model never saw in "
            + "training (each counted as a miss).</p>", Html.escape(t), n));
      }
    });
    html.append("<div class=\"charts\">");
    figure(html, "Latency: Kafka timestamp to committed micro-batch", Svg.histogram("latency",
        l.bucketUpperMs(), l.bucketCounts(), List.of("p50", "p95", "p99"), List.of(l.p50(), l.p95(), l.p99()),
        "ms"));
    s.predictedDistribution().forEach((target, predicted) -> {
      Map<String, Long> truth = s.trueDistribution().getOrDefault(target, Map.of());
      List<String> labels = new ArrayList<>(predicted.keySet());
      truth.keySet().stream().filter(k -> !labels.contains(k)).forEach(labels::add);
      figure(html, "Live " + target + ": predicted vs true label shares (labeled rows)",
          Svg.groupedBars(target, labels, List.of("predicted", "true"),
              List.of(shares(labels, predicted), shares(labels, truth)), 1.0, "%.2f"));
    });
    html.append("</div>");
    batches(html, s.batches());
    kinds(html, "Quarantined live lines by reason", s.quarantinedByKind());
  }

  /** The real-time path beside the stream: same lines, latency to an event in Kafka against a commit to HDFS. */
  private static void realtime(StringBuilder html, DemoReport.Realtime r, DemoReport.Stream s) {
    DemoReport.Latency l = r.latency();
    html.append("<h2>Real-time predictions</h2><table><tr><th>lines</th><th>prediction events</th>"
        + "<th>quarantine events</th><th>repeats</th><th>lines without an event</th><th>latency p50 ms</th>"
        + "<th>p95 ms</th><th>p99 ms</th></tr>");
    html.append(String.format(Locale.ROOT, "<tr><td>%,d</td><td>%,d</td><td>%,d</td><td>%,d</td><td>%,d</td>"
        + "<td>%.0f</td><td>%.0f</td><td>%.0f</td></tr></table>", r.lines(), r.predictionEvents(),
        r.quarantineEvents(), r.duplicates(), r.linesWithoutEvent(), l.p50(), l.p95(), l.p99()));
    html.append("<p class=\"muted\">At least once: a repeat is an event for a line that already had one (after a "
        + "restart from the checkpoint); consumers drop them by the event's source topic, partition and offset. "
        + Html.escape(r.slots()) + "</p>");
    if (s != null) {
      html.append(String.format(Locale.ROOT, "<p>Line to prediction: p50 %.0f ms / p99 %.0f ms as an event in "
          + "Kafka, p50 %.0f ms / p99 %.0f ms committed to HDFS by the micro-batch stream.</p>", l.p50(), l.p99(),
          s.latency().p50(), s.latency().p99()));
    }
    html.append("<div class=\"charts\">");
    figure(html, "Latency: Kafka timestamp to the prediction event's append", Svg.histogram("real-time latency",
        l.bucketUpperMs(), l.bucketCounts(), List.of("p50", "p95", "p99"), List.of(l.p50(), l.p95(), l.p99()),
        "ms"));
    html.append("</div>");
  }

  /** Latency and consumer lag per micro-batch, over the run's time: did the stream keep up, all along? */
  private static void batches(StringBuilder html, List<DemoReport.Batch> batches) {
    if (batches.isEmpty()) {
      return;
    }
    List<Double> at = batches.stream().map(DemoReport.Batch::atSeconds).toList();
    List<String> names = batches.stream().map(b -> String.format(Locale.ROOT, "batch %d at %.1f s (%,d records)",
        b.batchId(), b.atSeconds(), b.records())).toList();
    double[] p50 = batches.stream().mapToDouble(b -> b.latencyP50Ms() == null ? Double.NaN : b.latencyP50Ms())
        .toArray();
    double[] p99 = batches.stream().mapToDouble(b -> b.latencyP99Ms() == null ? Double.NaN : b.latencyP99Ms())
        .toArray();
    double[] lag = batches.stream().mapToDouble(DemoReport.Batch::consumerLag).toArray();
    long maxLag = batches.stream().mapToLong(DemoReport.Batch::consumerLag).max().orElse(0);
    html.append(String.format(Locale.ROOT, "<h3>Per micro-batch</h3><p class=\"muted\">%,d micro-batches; "
        + "highest consumer lag at a commit %,d records.</p><div class=\"charts\">", batches.size(), maxLag));
    figure(html, "Latency per micro-batch: p50 and p99 of its lines, Kafka timestamp to commit",
        Svg.lines("latency per micro-batch", at, names, List.of("p50", "p99"), List.of(p50, p99),
            "s into the run (commit)", "ms"));
    figure(html, "Consumer lag when each micro-batch committed: records in Kafka not yet committed",
        Svg.lines("consumer lag per micro-batch", at, names, List.of("lag"), List.of(lag),
            "s into the run (commit)", "records"));
    html.append("</div>");
  }

  /** Per target: what drift monitoring saw and did, and live accuracy and the worst PSI batch by batch. */
  private static void monitoring(StringBuilder html, Map<String, DemoReport.Monitoring> monitoring) {
    html.append("<h2>Drift monitoring</h2><p class=\"muted\">Each micro-batch is compared with the training data "
        + "of the model version that scored it: live accuracy over its labelled lines, and each feature's PSI. Drift "
        + "is "
        + "a sustained run of bad batches; a detection retrains the model on the history and the recent lines.</p>");
    html.append("<table><tr><th>target</th><th>shift at batch</th><th>detected at batch</th><th>false alarms</th>"
        + "<th>retrain</th><th>serving from batch</th><th>accuracy before shift</th><th>after shift</th>"
        + "<th>after promotion</th><th>Bayes before</th><th>Bayes after</th></tr>");
    monitoring.forEach((target, m) -> html.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%s</td><td>%s</td>"
        + "<td>%d</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>",
        Html.escape(target), orDash(m.shiftBatch()), orDash(m.detectedAtBatch()), m.falseAlarms(),
        m.retrain() == null ? "-" : Html.escape(m.retrain().outcome()), orDash(m.promotedAtBatch()),
        share(m.accuracyBeforeShift()), share(m.accuracyAfterShift()), share(m.accuracyAfterPromotion()),
        share(m.bayesOptimalBefore()), share(m.bayesOptimalAfter()))));
    html.append("</table><div class=\"charts\">");
    monitoring.forEach((target, m) -> {
      List<DemoReport.MonitorBatch> batches = m.timeline();
      List<Double> at = batches.stream().map(DemoReport.MonitorBatch::atSeconds).toList();
      List<String> names = batches.stream().map(b -> String.format(Locale.ROOT, "batch %d (model v%d, %,d lines%s)",
          b.batchId(), b.modelVersion(), b.lines(), b.detected() ? ", drift" : "")).toList();
      double[] accuracy = batches.stream().mapToDouble(b -> b.accuracy() == null ? Double.NaN : 100 * b.accuracy())
          .toArray();
      double[] psi = batches.stream().mapToDouble(b -> b.worstPsi() == null ? Double.NaN : 100 * b.worstPsi())
          .toArray();
      figure(html, target + ": live accuracy per micro-batch", Svg.lines(target + " live accuracy", at, names,
          List.of("accuracy"), List.of(accuracy), "s into the stream", "%"));
      figure(html, target + ": the worst feature's PSI per micro-batch (20 is the default threshold)",
          Svg.lines(target + " worst PSI", at, names, List.of("PSI x 100"), List.of(psi), "s into the stream",
              "PSI x 100"));
    });
    html.append("</div>");
  }

  private static String orDash(Long value) {
    return value == null ? "-" : Long.toString(value);
  }

  private static String share(Double value) {
    return value == null ? "-" : String.format(Locale.ROOT, "%.4f", value);
  }

  private static void kinds(StringBuilder html, String caption, Map<String, Long> byKind) {
    if (byKind == null || byKind.isEmpty()) {
      return;
    }
    html.append("<table><tr><th>").append(Html.escape(caption)).append("</th><th>lines</th></tr>");
    byKind.forEach((k, v) -> html.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%,d</td></tr>",
        Html.escape(k), v)));
    html.append("</table>");
  }

  private static double[] shares(List<String> labels, Map<String, Long> counts) {
    double total = counts.values().stream().mapToLong(Long::longValue).sum();
    return labels.stream().mapToDouble(l -> total == 0 ? 0 : counts.getOrDefault(l, 0L) / total).toArray();
  }

  private static void figure(StringBuilder html, String caption, String svg) {
    html.append("<figure><figcaption>").append(Html.escape(caption)).append("</figcaption>").append(svg)
        .append("</figure>");
  }

  private static String optional(Double value) {
    return value == null ? "–" : String.format(Locale.ROOT, "%.4f", value);
  }
}
