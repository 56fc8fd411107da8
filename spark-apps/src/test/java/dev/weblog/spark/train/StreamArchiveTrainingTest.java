package dev.weblog.spark.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weblog.common.Column;
import dev.weblog.common.HdfsLayout;
import dev.weblog.common.JobContract;
import dev.weblog.common.Target;
import dev.weblog.common.WebLogRecord;
import dev.weblog.common.generator.GeneratorConfig;
import dev.weblog.common.generator.WebLogGenerator;
import dev.weblog.spark.SharedCluster;
import dev.weblog.spark.StreamColumns;
import dev.weblog.spark.ingest.IngestJob;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** Retraining learns from the history and from the live lines the stream archived. */
class StreamArchiveTrainingTest {

  private final SparkSession spark = SharedCluster.spark();

  @Test
  void labeledArchivedLinesJoinTheTrainingDataUnlessExcluded() {
    String base = SharedCluster.freshBase("archive-training");
    HdfsLayout layout = new HdfsLayout(base);
    WebLogGenerator generator = new WebLogGenerator(GeneratorConfig.defaults().withHistoryRows(3_000)
        .withLiveRows(800).withSeed(5));
    StringBuilder history = new StringBuilder(Column.HEADER).append('\n');
    generator.history().forEachRemaining(r -> history.append(r.toCsvLine()).append('\n'));
    SharedCluster.write(layout.raw() + "/history.csv", history.toString());
    IngestJob.run(spark, IngestJob.Options.parse(SharedCluster.args(base)));

    List<String> archived = new ArrayList<>();
    long labeledArchived = 0;
    for (Iterator<WebLogRecord> live = generator.live(); live.hasNext();) {
      WebLogRecord r = live.next();
      archived.add(r.toCsvLine());
      labeledArchived += r.gender() == null ? 0 : 1;
    }
    spark.createDataset(archived, Encoders.STRING()).toDF(StreamColumns.LINE).write()
        .parquet(SharedCluster.uri() + StreamColumns.batchFolder(layout.streamRaw(), 0));

    TrainResult without = TrainJob.run(spark, options(base, "--without-stream-archive"));
    TrainResult with = TrainJob.run(spark, options(base));
    long rowsWithout = without.metrics().trainRows() + without.metrics().testRows();
    long rowsWith = with.metrics().trainRows() + with.metrics().testRows();
    assertTrue(labeledArchived > 0);
    assertEquals(labeledArchived, rowsWith - rowsWithout, "every labeled archived line is training data");
    assertTrue(with.metrics().input().contains(layout.streamRaw()), with.metrics().input());
  }

  private static TrainOptions options(String base, String... more) {
    List<String> args = new ArrayList<>(List.of(SharedCluster.args(base, JobContract.OPT_TARGET,
        Target.GENDER.id(), "--evaluate-only")));
    args.addAll(List.of(more));
    return TrainOptions.parse(args.toArray(String[]::new));
  }
}
