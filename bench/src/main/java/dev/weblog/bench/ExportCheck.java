package dev.weblog.bench;

import dev.weblog.common.Target;
import dev.weblog.common.WebLogRecord;
import dev.weblog.common.generator.GeneratorConfig;
import dev.weblog.common.generator.WebLogGenerator;
import dev.weblog.spark.ModelOutput;
import dev.weblog.spark.WebLogSparkSchema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The check that makes the plain-Java floor honest: an exported model must predict, row for row, the label the
 * Spark PipelineModel it came from predicts.
 */
final class ExportCheck {

  private static final String ROW = "bench_row";

  private ExportCheck() {}

  /**
   * Generated live records, with every tenth one given codes never seen in training (so the indexers' unknown
   * bucket and the categorical splits' handling of it are compared too).
   */
  static List<WebLogRecord> sample(int count, long seed) {
    Iterator<WebLogRecord> live = new WebLogGenerator(GeneratorConfig.defaults().withLiveRows(count).withSeed(seed))
        .live();
    SplittableRandom random = new SplittableRandom(seed);
    List<WebLogRecord> records = new ArrayList<>(count);
    while (live.hasNext()) {
      WebLogRecord r = live.next();
      if (records.size() % 10 == 9) {
        r = new WebLogRecord(r.deviceId(), r.timestamp(), 90_000 + random.nextInt(9_000), r.ip(), r.lat(), r.lon(),
            random.nextBoolean() ? r.deviceType() : 900 + random.nextInt(99), r.connectType(), r.ageGroup(),
            r.gender(), r.memberId());
      }
      records.add(r);
    }
    return records;
  }

  /**
   * Where the two disagree (one line per row, at most {@code limit} lines; empty when they agree on every row) and
   * the labels Spark predicted, so a caller can tell a meaningful agreement from two constant models.
   */
  record Comparison(List<String> mismatches, Set<String> sparkLabels) {}

  static Comparison compare(SparkSession spark, Target target, PipelineModel sparkModel, ExportedModel exported,
      List<WebLogRecord> records, int limit) {
    List<Row> rows = new ArrayList<>(records.size());
    for (int i = 0; i < records.size(); i++) {
      Object[] values = WebLogSparkSchema.values(records.get(i));
      Object[] withId = Arrays.copyOf(values, values.length + 1);
      withId[values.length] = i;
      rows.add(RowFactory.create(withId));
    }
    StructType schema = WebLogSparkSchema.record().add(ROW, DataTypes.IntegerType, false);
    List<Row> predicted = sparkModel.transform(spark.createDataFrame(rows, schema))
        .select(functions.col(ROW), functions.col(ModelOutput.predictedLabel(target))).collectAsList();
    List<String> mismatches = new ArrayList<>();
    Set<String> labels = new TreeSet<>();
    if (predicted.size() != records.size()) {
      mismatches.add(target.id() + ": Spark scored " + predicted.size() + " of " + records.size() + " rows");
    }
    for (Row r : predicted) {
      WebLogRecord record = records.get(r.getInt(0));
      String plain = exported.predict(record);
      labels.add(r.getString(1));
      if (!plain.equals(r.getString(1)) && mismatches.size() < limit) {
        mismatches.add(target.id() + ": Spark predicts '" + r.getString(1) + "', the exported model '" + plain
            + "' for " + record.toCsvLine());
      }
    }
    return new Comparison(mismatches, labels);
  }
}
