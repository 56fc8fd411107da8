package dev.weblog.spark.stream;

import dev.weblog.common.HdfsLayout;
import dev.weblog.common.Target;
import dev.weblog.common.monitor.BatchCounts;
import dev.weblog.common.monitor.BatchMonitor;
import dev.weblog.common.monitor.BatchReport;
import dev.weblog.common.monitor.DriftRule;
import dev.weblog.common.monitor.DriftWindow;
import dev.weblog.common.monitor.TrainingProfile;
import dev.weblog.spark.StorageOptions;
import dev.weblog.spark.model.ModelMetrics;
import dev.weblog.spark.model.ModelRegistry;
import dev.weblog.spark.model.RecordScorer;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.Row;

/**
 * The driver's side of drift monitoring: for each target, the serving version's training profile and test
 * accuracy, and its {@link DriftWindow}. A batch is judged before its commit ({@link #judge}: the rows of
 * {@code stream/monitor/}) and the windows move on only once the batch is committed ({@link #adopt}), so a batch run
 * again is judged from the same windows. A new serving version starts a fresh window (new profile, new baseline);
 * a version without a profile (trained before profiles were written) is not monitored. A restarted stream goes on
 * with each target's streak from the table's newest rows.
 *
 * <p>The window judges at least the rule's least lines at a time: batches smaller than that (a slow topic, a short
 * trigger) are pooled until together they reach it, so a stream of 100 lines a second is judged every ten batches
 * instead of never. The pool is not kept across a restart: at most that many lines go unjudged.
 */
final class StreamMonitor {

  private static final Logger LOG = LogManager.getLogger(StreamMonitor.class);

  private final ModelRegistry registry;
  private final FileSystem fs;
  private final Path table;
  private final DriftRule rule;
  /** Null when the stream runs without metrics. */
  private final StreamMetrics metrics;
  private final Map<Target, Watch> watched = new EnumMap<>(Target.class);
  private MonitorTally.Plan plan;
  private boolean restored;

  /**
   * One target's serving version as monitoring sees it.
   *
   * @param profile null when the version has none: not monitored
   * @param sinceMillis when the streak's first batch was processed; 0 without a streak
   * @param pooled the counts of the batches since the last judgement, fewer lines than the rule's least; null when
   *     none are waiting. Never changed once in a watch: a batch run again pools from the same counts
   */
  record Watch(int version, TrainingProfile profile, Double baseline, DriftWindow window, long sinceMillis,
      BatchCounts pooled) {}

  /**
   * A batch judged, not yet committed: its rows and each monitored target's watch after it, and the report the
   * window judged (absent for a target whose lines were pooled for later).
   */
  record Judgement(List<Row> rows, Map<Target, Watch> after, Map<Target, BatchReport> reports) {}

  StreamMonitor(ModelRegistry registry, FileSystem fs, HdfsLayout layout, DriftRule rule, StreamMetrics metrics) {
    this.registry = registry;
    this.fs = fs;
    this.table = StorageOptions.qualified(fs, layout.streamMonitor());
    this.rule = rule;
    this.metrics = metrics;
  }

  /**
   * What the batch's tasks count against, for the batch's models: the same plan until a version changes. The first
   * batch of a run restores the windows from the table's rows before it.
   */
  MonitorTally.Plan plan(List<RecordScorer> current, long batchId) {
    Map<Target, MonitorTable.Last> last = restored ? Map.of() : MonitorTable.newest(fs, table, batchId);
    boolean changed = plan == null;
    for (RecordScorer model : current) {
      Watch w = watched.get(model.target());
      if (w == null || w.version() != model.version()) {
        watched.put(model.target(), watch(model.target(), model.version(), last.get(model.target())));
        changed = true;
      }
    }
    restored = true;
    if (changed) {
      Map<Target, TrainingProfile> profiles = new EnumMap<>(Target.class);
      watched.forEach((target, w) -> {
        if (w.profile() != null) {
          profiles.put(target, w.profile());
        }
      });
      plan = new MonitorTally.Plan(profiles);
    }
    return plan;
  }

  private Watch watch(Target target, int version, MonitorTable.Last last) {
    TrainingProfile profile = registry.profile(target, version).orElse(null);
    Double baseline = registry.metrics(target, version).map(StreamMonitor::baseline).orElse(null);
    if (metrics != null) {
      metrics.testAccuracy(target, baseline);
    }
    if (profile == null) {
      LOG.info("{} {} has no training profile ({}): not monitored for drift", target.id(),
          HdfsLayout.versionName(version), HdfsLayout.PROFILE_FILE);
      return new Watch(version, null, baseline, null, 0, null);
    }
    if (metrics != null) {
      metrics.monitoring(target, profile.columns());
    }
    if (last != null && last.version() == version && last.streak() > 0) {
      LOG.info("{} {}: drift streak of {} batch(es) since batch {} goes on from the monitoring table", target.id(),
          HdfsLayout.versionName(version), last.streak(), last.sinceBatch().orElse(-1));
      return new Watch(version, profile, baseline,
          new DriftWindow(rule, baseline, last.streak(), last.sinceBatch(), List.of()), last.sinceMillis(), null);
    }
    return new Watch(version, profile, baseline, DriftWindow.start(rule, baseline), 0, null);
  }

  /**
   * The accuracy live lines are expected to reach with this version: on the recent lines held back when it was
   * trained with them (a version retrained after drift scores lower on the old history, and its live accuracy must
   * not be judged against that), else on its test split.
   */
  static Double baseline(ModelMetrics m) {
    return m.recent() != null && m.recent().accuracy() != null ? m.recent().accuracy() : m.accuracy();
  }

  /** The batch's reports and rows from its tasks' tallies (merged), made with the plan of {@link #plan}. */
  Judgement judge(long batchId, Timestamp processedAt, MonitorTally tally) {
    List<Row> rows = new ArrayList<>();
    Map<Target, Watch> after = new EnumMap<>(Target.class);
    Map<Target, BatchReport> reports = new EnumMap<>(Target.class);
    for (Map.Entry<Target, Watch> e : watched.entrySet()) {
      Watch w = e.getValue();
      if (w.profile() == null) {
        continue;
      }
      BatchCounts batch = tally.counts(e.getKey());
      BatchCounts pool = w.pooled() == null ? batch
          : new BatchCounts(w.profile()).merge(w.pooled()).merge(batch);
      boolean judging = pool.lines() >= rule.minLines();
      BatchReport judged = judging ? BatchMonitor.report(batchId, pool) : null;
      DriftWindow window = judging ? w.window().next(judged) : w.window();
      OptionalLong since = window.since();
      long sinceMillis = since.isEmpty() ? 0
          : since.getAsLong() == batchId ? processedAt.getTime() : w.sinceMillis();
      after.put(e.getKey(), new Watch(w.version(), w.profile(), w.baseline(), window, sinceMillis,
          judging ? null : pool));
      if (judging) {
        reports.put(e.getKey(), judged);
      }
      rows.add(MonitorTable.row(processedAt, w.version(), BatchMonitor.report(batchId, batch), window,
          judging ? pool.lines() : null));
    }
    return new Judgement(rows, after, reports);
  }

  /** The batch is committed: its windows are the targets' now, its figures go to the metrics. */
  void adopt(Judgement judged) {
    judged.after().forEach((target, w) -> {
      Watch before = watched.get(target);
      if (before == null || before.version() != w.version()) {
        return;
      }
      boolean detectedNow = w.window().detected() && !before.window().detected();
      if (detectedNow) {
        LOG.warn("drift detected for {} {}: since batch {}, {}", target.id(), HdfsLayout.versionName(w.version()),
            w.window().since().orElse(-1), w.window().reason());
      }
      watched.put(target, w);
      if (metrics != null) {
        metrics.drift(target, judged.reports().get(target), w.window(), w.sinceMillis(), detectedNow);
      }
    });
  }

  /** The window of a target now; null when it is not monitored (tests). */
  DriftWindow window(Target target) {
    Watch w = watched.get(target);
    return w == null ? null : w.window();
  }
}
