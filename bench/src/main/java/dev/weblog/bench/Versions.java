package dev.weblog.bench;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.spark.sql.SparkSession;

/** The versions the figures were measured with, taken from the running libraries where they say. */
final class Versions {

  static final String RESOURCE = "/bench-versions.properties";

  private Versions() {}

  static Map<String, String> of(SparkSession spark) {
    Map<String, String> v = new LinkedHashMap<>();
    v.put("weblog", project());
    v.put("java", System.getProperty("java.version"));
    v.put("spark", spark.version());
    v.put("hadoop", org.apache.hadoop.util.VersionInfo.getVersion());
    v.put("kafka", org.apache.kafka.common.utils.AppInfoParser.getVersion());
    v.put("parquet", org.apache.parquet.Version.VERSION_NUMBER);
    return v;
  }

  private static String project() {
    try (InputStream in = Versions.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new BenchFailure("resource " + RESOURCE + " is missing from the bench classpath; rebuild the module");
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("weblog");
    } catch (IOException e) {
      throw new BenchFailure("cannot read " + RESOURCE + ": " + e.getMessage(), e);
    }
  }
}
