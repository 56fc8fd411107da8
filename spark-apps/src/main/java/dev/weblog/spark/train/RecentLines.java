package dev.weblog.spark.train;

import dev.weblog.common.Target;
import dev.weblog.spark.StreamColumns;
import dev.weblog.spark.WebLogSparkSchema;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.functions;

/**
 * Splits the stream archive for retraining on recent data: lines processed within the window before the newest
 * archived line (not before now, so a retrain after a pause still finds them) are recent; of those labelled for
 * the target, the newest share is held back to judge models on, the rest is trained on with a weight that gives
 * them their share of the training weight. Older lines train as history.
 */
final class RecentLines {

  private static final String NEWEST_FIRST = "recent_rank";

  private RecentLines() {}

  /**
   * The archive split for {@code target}.
   *
   * @param older archived lines before the window (and any whose batch has no processing time), as history
   * @param training the recent labelled lines trained on
   * @param holdout the newest recent labelled lines, held back
   * @param span when recent lines begin and the newest was processed; empty when no line has a processing time
   * @param ranked what {@link #release} unpersists
   */
  record Split(Dataset<Row> older, Dataset<Row> training, Dataset<Row> holdout, Optional<Span> span,
      long trainingLines, long holdoutLines, Dataset<Row> ranked) {

    void release() {
      if (ranked != null) {
        ranked.unpersist(false);
      }
    }
  }

  /** The recent window as it resolved on this archive: {@code [from, newest]}. */
  record Span(Instant from, Instant newest) {}

  /** {@code archive} as {@link StreamArchive#read} gives it; the split's datasets are records like data/'s. */
  static Split of(Dataset<Row> archive, Target target, RecentSettings settings) {
    Column processedAt = functions.col(StreamColumns.PROCESSED_AT);
    Row newestRow = archive.agg(functions.max(processedAt)).first();
    if (newestRow.isNullAt(0)) {
      Dataset<Row> none = StreamArchive.records(archive).limit(0);
      return new Split(StreamArchive.records(archive), none, none, Optional.empty(), 0, 0, null);
    }
    Instant newest = instant(newestRow.get(0));
    Instant from = settings.from(newest);
    Column recent = processedAt.isNotNull().and(processedAt.geq(functions.lit(Timestamp.from(from))));
    Dataset<Row> older = StreamArchive.records(archive.where(functions.not(recent)));
    // One ordered pass over the recent labelled lines (a single partition): they are a window's worth, and an
    // exact newest share needs their order.
    Dataset<Row> ranked = archive.where(recent.and(functions.col(target.id()).isNotNull()))
        .withColumn(NEWEST_FIRST, functions.row_number().over(newestFirst())).persist();
    long labelled = ranked.count();
    long held = holdoutLines(labelled, settings.holdout());
    Column inHoldout = functions.col(NEWEST_FIRST).leq(held);
    return new Split(older, StreamArchive.records(ranked.where(functions.not(inHoldout)).drop(NEWEST_FIRST)),
        StreamArchive.records(ranked.where(inHoldout).drop(NEWEST_FIRST)), Optional.of(new Span(from, newest)),
        labelled - held, held, ranked);
  }

  /** The newest {@code share} of {@code labelled} lines, rounded to whole lines. */
  static long holdoutLines(long labelled, double share) {
    return Math.round(labelled * share);
  }

  /**
   * The weight of each recent training row so that together they carry {@code share} of the training weight when
   * each of the {@code historyRows} weighs 1: {@code share / (1 - share) * historyRows / recentRows}. 1 when
   * either side is empty (then nothing is shared).
   */
  static double weight(long historyRows, long recentRows, double share) {
    if (historyRows == 0 || recentRows == 0) {
      return 1;
    }
    return share / (1 - share) * historyRows / recentRows;
  }

  /** Latest processing first; within a batch, by Kafka position, then by content, so the order is total. */
  private static WindowSpec newestFirst() {
    return Window.orderBy(functions.col(StreamColumns.PROCESSED_AT).desc(),
        functions.col(StreamColumns.BATCH_ID).desc_nulls_last(),
        functions.col(StreamColumns.KAFKA_PARTITION).desc_nulls_last(),
        functions.col(StreamColumns.KAFKA_OFFSET).desc_nulls_last(),
        functions.xxhash64(WebLogSparkSchema.recordColumns()).desc());
  }

  private static Instant instant(Object value) {
    return value instanceof Timestamp t ? t.toInstant() : (Instant) value;
  }
}
