package dev.weblog.spark;

import dev.weblog.common.HdfsLayout;
import dev.weblog.common.JobContract;
import java.io.IOException;
import java.net.UnknownHostException;
import java.util.Optional;
import java.net.URI;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/** The options every Spark job takes: which file system, and the base folder of the layout on it. */
public final class StorageOptions {

  @Option(names = JobContract.OPT_HDFS, paramLabel = "URI",
      description = "File system URI, e.g. hdfs://namenode:8020 (default: the Hadoop fs.defaultFS)")
  String hdfs;

  @Option(names = JobContract.OPT_BASE, paramLabel = "PATH", defaultValue = HdfsLayout.DEFAULT_BASE,
      description = "Base folder of the pipeline's data (default: ${DEFAULT-VALUE})")
  String base = HdfsLayout.DEFAULT_BASE;

  public HdfsLayout layout() {
    try {
      return new HdfsLayout(base);
    } catch (IllegalArgumentException e) {
      throw new JobFailure(JobContract.OPT_BASE + ": " + e.getMessage());
    }
  }

  /** The file system named by {@code --hdfs}, or the session's default one. */
  public FileSystem fileSystem(SparkSession spark) {
    String where = hdfs == null ? "the default file system" : hdfs;
    try {
      return hdfs == null ? FileSystem.get(spark.sparkContext().hadoopConfiguration())
          : FileSystem.get(URI.create(hdfs), spark.sparkContext().hadoopConfiguration());
    } catch (IOException | IllegalArgumentException e) {
      Optional<UnknownHostException> unresolved = HostNames.unknownHost(e);
      if (unresolved.isPresent()) {
        throw JobFailure.unavailable(HostNames.notResolving(unresolved.get().getMessage(), where + " ("
            + JobContract.OPT_HDFS + ")"), e);
      }
      throw new JobFailure("cannot open " + where + " (" + JobContract.OPT_HDFS + "): " + e.getMessage(), e);
    }
  }

  /** A layout path made absolute on the file system, so Spark and Hadoop resolve it the same way. */
  public static Path qualified(FileSystem fs, String layoutPath) {
    return fs.makeQualified(new Path(layoutPath));
  }
}
