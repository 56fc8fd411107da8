package dev.weblog.spark.stream;

import dev.weblog.common.Target;
import dev.weblog.common.monitor.BatchReport;
import dev.weblog.common.monitor.DriftWindow;
import dev.weblog.spark.JobFailure;
import dev.weblog.spark.StagedDirectory;
import dev.weblog.spark.StreamColumns;
import java.io.IOException;
import java.sql.Timestamp;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The monitoring table {@code stream/monitor/} ({@link StreamColumns#monitor()}): one row per micro-batch and
 * monitored target, from the batch's {@link BatchReport} and the target's {@link DriftWindow} after it, and what a
 * restarted stream reads back of it to go on with each target's streak.
 */
final class MonitorTable {

  private static final String BATCH_PREFIX = StreamColumns.BATCH_ID + "=";

  static final StructType SCHEMA = new StructType()
      .add(StreamColumns.PROCESSED_AT, DataTypes.TimestampType, false)
      .add(StreamColumns.TARGET, DataTypes.StringType, false)
      .add(StreamColumns.MODEL_VERSION, DataTypes.IntegerType, false)
      .add(StreamColumns.LINES, DataTypes.LongType, false)
      .add(StreamColumns.LABELLED, DataTypes.LongType, false)
      .add(StreamColumns.CORRECT, DataTypes.LongType, false)
      .add(StreamColumns.ACCURACY, DataTypes.DoubleType, true)
      .add(StreamColumns.CLASS_SHIFT, DataTypes.DoubleType, false)
      .add(StreamColumns.PREDICTED_SHARES, DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType), false)
      .add(StreamColumns.WORST_FEATURE, DataTypes.StringType, true)
      .add(StreamColumns.WORST_PSI, DataTypes.DoubleType, false)
      .add(StreamColumns.FEATURE_PSI, DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType), false)
      .add(StreamColumns.FEATURE_UNSEEN_SHARE, DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType),
          false)
      .add(StreamColumns.DRIFT_STREAK, DataTypes.IntegerType, false)
      .add(StreamColumns.DRIFT_DETECTED, DataTypes.BooleanType, false)
      .add(StreamColumns.DRIFT_SINCE_BATCH, DataTypes.LongType, true)
      .add(StreamColumns.JUDGED_LINES, DataTypes.LongType, true)
      .add(StreamColumns.REASON, DataTypes.StringType, true);

  private MonitorTable() {}

  /**
   * The row of one batch and target: what the batch showed, and the target's window after it.
   *
   * @param judgedLines the lines the window judged at this batch; null when it judged none
   */
  static Row row(Timestamp processedAt, int version, BatchReport report, DriftWindow window, Long judgedLines) {
    Map<String, Double> psi = new LinkedHashMap<>();
    Map<String, Double> unseen = new LinkedHashMap<>();
    for (BatchReport.FeatureDrift f : report.features()) {
      psi.put(f.column().columnName(), f.psi());
      unseen.put(f.column().columnName(), f.unseenShare());
    }
    return RowFactory.create(processedAt, report.target().id(), version, report.lines(), report.labelled(),
        report.correct(), report.accuracy(), report.classShift(), new LinkedHashMap<>(report.predictedShares()),
        report.worst().map(f -> f.column().columnName()).orElse(null), report.worstPsi(), psi, unseen,
        window.streak(), window.detected(), window.since().isPresent() ? window.since().getAsLong() : null,
        judgedLines, window.streak() == 0 ? null : window.reason());
  }

  /**
   * What the table last said of a target: its model version, its streak and the streak's first batch and when that
   * batch was processed (epoch milliseconds).
   */
  record Last(long batchId, int version, int streak, OptionalLong sinceBatch, long sinceMillis) {}

  /**
   * Each target's row in the newest batch of the table before {@code before}: a batch being run again (a replay
   * after a restart) is judged again, so what it wrote before must not count. Empty when the table has none.
   */
  static Map<Target, Last> newest(FileSystem fs, Path table, long before) {
    Map<Target, Last> last = new EnumMap<>(Target.class);
    long newest = newestBatch(fs, table, before);
    if (newest < 0) {
      return last;
    }
    for (Row r : rows(table, newest)) {
      Target target = Target.fromId(r.getString(1));
      int streak = r.getInt(13);
      OptionalLong since = r.isNullAt(15) ? OptionalLong.empty() : OptionalLong.of(r.getLong(15));
      long sinceMillis = 0;
      if (since.isPresent()) {
        sinceMillis = since.getAsLong() == newest ? r.getTimestamp(0).getTime()
            : processedAt(fs, table, since.getAsLong(), target, r.getTimestamp(0).getTime());
      }
      last.put(target, new Last(newest, r.getInt(2), streak, since, sinceMillis));
    }
    return last;
  }

  private static long newestBatch(FileSystem fs, Path table, long before) {
    try {
      if (!fs.exists(table)) {
        return -1;
      }
      long newest = -1;
      for (FileStatus s : fs.listStatus(table)) {
        String name = s.getPath().getName();
        if (s.isDirectory() && name.startsWith(BATCH_PREFIX)) {
          long id = Long.parseLong(name.substring(BATCH_PREFIX.length()));
          if (id < before && id > newest && fs.exists(new Path(s.getPath(), "_SUCCESS"))) {
            newest = id;
          }
        }
      }
      return newest;
    } catch (IOException | NumberFormatException e) {
      throw new JobFailure("cannot list the monitoring table " + table + ": " + StagedDirectory.oneLine(e), e);
    }
  }

  /** When the streak's first batch was processed; {@code fallback} when its rows are gone. */
  private static long processedAt(FileSystem fs, Path table, long batchId, Target target, long fallback) {
    try {
      if (!fs.exists(new Path(StreamColumns.batchFolder(table.toString(), batchId)))) {
        return fallback;
      }
    } catch (IOException e) {
      return fallback;
    }
    return rows(table, batchId).stream().filter(r -> r.getString(1).equals(target.id()))
        .map(r -> r.getTimestamp(0).getTime()).findFirst().orElse(fallback);
  }

  private static List<Row> rows(Path table, long batchId) {
    String folder = StreamColumns.batchFolder(table.toString(), batchId);
    return SparkSession.active().read().schema(SCHEMA).parquet(folder).collectAsList();
  }
}
