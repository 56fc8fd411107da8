package dev.weblog.bench;

import dev.weblog.common.JobContract;
import dev.weblog.spark.ingest.IngestJob;
import dev.weblog.spark.ingest.IngestResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SaveMode;

/** CSV in raw/ to Parquet: the project's IngestJob against the original method and a plain-Java floor. */
final class IngestStage implements Stage {

  private final BenchEnvironment env;
  private final BenchData data;
  private final boolean withFloor;

  IngestStage(BenchEnvironment env, BenchData data, boolean withFloor) {
    this.env = env;
    this.data = data;
    this.withFloor = withFloor;
  }

  @Override
  public String id() {
    return "ingest";
  }

  @Override
  public Figure primary() {
    return Figure.ROWS_PER_S;
  }

  @Override
  public List<Variant> variants() {
    List<Variant> variants = new ArrayList<>(List.of(new Project(), new Original()));
    if (withFloor) {
      variants.add(new PlainJavaIngest(env.hdfs(), data, "/bench/plain-java/data"));
    }
    return variants;
  }

  @Override
  public Map<String, Double> references() {
    return Map.of();
  }

  /** Rows per second over the generated row count, the same numerator for every variant. */
  static Measurement throughput(long rows, long startedNanos) {
    double seconds = (System.nanoTime() - startedNanos) / 1e9;
    return Measurement.of(Figure.ROWS_PER_S, rows / seconds).with(Figure.SECONDS, seconds);
  }

  /** The project's job, exactly as the demo and the operator run it: validation, quarantine, date partitions. */
  private final class Project implements Variant {
    @Override
    public String name() {
      return "project";
    }

    @Override
    public Measurement run() {
      IngestJob.Options options = IngestJob.Options.parse(
          JobContract.ingestArgs(env.hdfs().uri(), env.layout()).toArray(String[]::new));
      long started = System.nanoTime();
      IngestResult result = IngestJob.run(env.spark(), options);
      Measurement m = throughput(data.rows(), started);
      if (result.valid() != data.rows()) {
        throw new BenchFailure("ingest project: " + result.valid() + " valid rows in " + result.data() + ", expected "
            + data.rows() + " generated rows");
      }
      return m;
    }
  }

  /** The original notebook's way: Spark's CSV reader guessing the types (two passes), no validation. */
  private final class Original implements Variant {
    @Override
    public String name() {
      return "original";
    }

    @Override
    public Measurement run() {
      long started = System.nanoTime();
      env.spark().read().option("header", "true").option("inferSchema", "true").csv(data.rawDir())
          .write().mode(SaveMode.Overwrite).parquet("/bench/original/data");
      return throughput(data.rows(), started);
    }
  }
}
