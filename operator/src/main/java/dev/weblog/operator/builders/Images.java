package dev.weblog.operator.builders;

import dev.weblog.operator.api.ImagesSpec;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Properties;

/** Default images, what runs inside them (paths, users), and how the spec overrides them. */
public final class Images {

  public static final String SPARK_APPS_REPOSITORY = "weblog/spark-apps";
  public static final String PRODUCER_REPOSITORY = "weblog/producer";
  /** The Apache Hadoop project's image; its scripts live in /opt/hadoop and it runs as user hadoop (1000). */
  public static final String HADOOP_DEFAULT = "apache/hadoop:3.4.1";

  /** Where the spark-apps image keeps the jobs' jar (with common), as Spark's main application resource. */
  public static final String SPARK_APPS_JAR = "local:///opt/weblog/spark-apps.jar";
  /** The Apache Spark images' user; the spark-apps image is built on one. */
  public static final long SPARK_UID = 185;
  public static final long HADOOP_UID = 1000;
  /** The producer image has no fixed user (jib); any non-root uid can read its world-readable files. */
  public static final long PRODUCER_UID = 1000;

  private static final String VERSION = readVersion();

  private Images() {}

  /** The operator's own version, which tags the default images it was released with. */
  public static String operatorVersion() {
    return VERSION;
  }

  public static String sparkApps(ImagesSpec spec) {
    return orDefault(spec, spec.getSparkApps(), SPARK_APPS_REPOSITORY + ":" + VERSION);
  }

  public static String producer(ImagesSpec spec) {
    return orDefault(spec, spec.getProducer(), PRODUCER_REPOSITORY + ":" + VERSION);
  }

  public static String hadoop(ImagesSpec spec) {
    return orDefault(spec, spec.getHadoop(), HADOOP_DEFAULT);
  }

  public static String pullPolicy(ImagesSpec spec) {
    return spec.getPullPolicy().value();
  }

  public static List<LocalObjectReference> pullSecrets(ImagesSpec spec) {
    return spec.getPullSecrets().stream().map(LocalObjectReference::new).toList();
  }

  /** An image the user named is used as written; the registry only relocates defaults. */
  private static String orDefault(ImagesSpec spec, String chosen, String fallback) {
    if (chosen != null) {
      return chosen;
    }
    String registry = spec.getRegistry();
    return registry == null ? fallback : registry.replaceAll("/+$", "") + "/" + fallback;
  }

  private static String readVersion() {
    String resource = "/dev/weblog/operator/operator-version.properties";
    try (InputStream in = Images.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is missing from the operator's classpath");
      }
      Properties props = new Properties();
      props.load(in);
      String version = props.getProperty("version");
      if (version == null || version.startsWith("$")) {
        throw new IllegalStateException(resource + " was not filtered by the build: version=" + version);
      }
      return version;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }
}
