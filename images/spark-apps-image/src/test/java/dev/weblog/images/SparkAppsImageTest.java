package dev.weblog.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weblog.common.JobContract;
import dev.weblog.operator.api.ImagesSpec;
import dev.weblog.operator.builders.Images;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Spark image: our jar where the operator's driver pods point, on the official image's entrypoint and user. */
class SparkAppsImageTest {

  private static final String JAR = Images.SPARK_APPS_JAR.replaceFirst("^local://", "");

  private static ImageTar image;
  private static Map<String, byte[]> jar;

  @BeforeAll
  static void read() throws IOException {
    image = ImageTar.read(Path.of(System.getProperty("image.tar")), JAR);
    jar = new HashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(image.requireFile(JAR).content()))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        jar.put(e.getName(), in.readAllBytes());
      }
    }
  }

  @Test
  void jarIsWhereTheOperatorPointsAndReadableBySpark() {
    assertEquals(System.getProperty("spark-apps.jar"), JAR);
    ImageTar.Entry entry = image.requireFile(JAR);
    assertEquals(0444, entry.mode() & 0444, JAR + " mode " + Integer.toOctalString(entry.mode()));
  }

  @Test
  void jarHoldsEveryMainClassTheOperatorStarts() {
    for (String main : List.of(JobContract.INGEST_MAIN, JobContract.TRAIN_MAIN, JobContract.STREAM_MAIN,
        JobContract.GENERATOR_MAIN, JobContract.AUDIT_MAIN)) {
      assertClass(main.replace('.', '/') + ".class");
    }
    assertClass("dev/weblog/common/JobContract.class");
    assertClass("picocli/CommandLine.class");
  }

  @Test
  void jarHoldsTheKafkaConnectorAndItsNonSparkDependencies() {
    assertClass("org/apache/spark/sql/kafka010/KafkaSourceProvider.class");
    assertClass("org/apache/spark/kafka010/KafkaTokenUtil.class");
    assertClass("org/apache/kafka/clients/consumer/KafkaConsumer.class");
    assertClass("org/apache/commons/pool2/impl/GenericKeyedObjectPool.class");
    String services = new String(jar.getOrDefault(
        "META-INF/services/org.apache.spark.sql.sources.DataSourceRegister", new byte[0]), StandardCharsets.UTF_8);
    assertTrue(services.contains("org.apache.spark.sql.kafka010.KafkaSourceProvider"),
        "format(\"kafka\") is not registered in the jar's DataSourceRegister services: '" + services + "'");
  }

  @Test
  void jarHoldsTheStreamsMetricsLibraries() {
    assertClass("io/micrometer/prometheusmetrics/PrometheusMeterRegistry.class");
    assertClass("io/micrometer/core/instrument/Timer.class");
    assertClass("io/prometheus/metrics/expositionformats/PrometheusTextFormatWriter.class");
    assertClass("org/HdrHistogram/Histogram.class");
  }

  @Test
  void jarDuplicatesNothingOfTheSparkDistribution() {
    List<String> duplicates = new ArrayList<>();
    for (String prefix : List.of("org/apache/spark/sql/Dataset.class", "org/apache/spark/SparkContext.class",
        "org/apache/spark/ml/", "scala/", "org/apache/hadoop/", "com/fasterxml/jackson/", "org/slf4j/",
        "org/apache/log4j/", "com/github/luben/", "net/jpountz/", "org/xerial/snappy/")) {
      jar.keySet().stream().filter(n -> n.startsWith(prefix)).findFirst().ifPresent(duplicates::add);
    }
    assertEquals(List.of(), duplicates, "classes the Spark image already has");
  }

  @Test
  void addsNoJibClasspathNextToSparks() {
    assertEquals(List.of(), image.list("/app/libs/"), "jars Jib added outside " + JAR);
  }

  @Test
  void keepsTheSparkEntrypointSoDriverAndExecutorArgsWork() {
    assertEquals(List.of("/opt/entrypoint.sh"), image.strings("Entrypoint"));
    assertEquals(List.of(), image.strings("Cmd"));
    assertEquals("/opt/spark/work-dir", image.workingDir());
  }

  @Test
  void runsAsTheSparkUid() {
    assertEquals(Images.SPARK_UID + ":" + Images.SPARK_UID, image.user());
  }

  @Test
  void operatorDefaultNamesThisImage() {
    String name = System.getProperty("image.name");
    assertEquals(name, Images.sparkApps(new ImagesSpec()));
  }

  private static void assertClass(String entry) {
    assertTrue(jar.containsKey(entry), JAR + " lacks " + entry);
  }
}
