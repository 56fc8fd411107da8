package dev.weblog.operator.builders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weblog.common.Target;
import dev.weblog.operator.api.WebLogPipeline;
import dev.weblog.operator.support.Pipelines;
import java.util.List;
import org.junit.jupiter.api.Test;

class NamesTest {

  private static final String DNS_LABEL = "^[a-z]([-a-z0-9]*[a-z0-9])?$";

  @Test
  void shortNamesAreThePipelineNameAndARole() {
    WebLogPipeline p = Pipelines.minimal("demo");
    assertEquals("demo-hdfs-namenode", Names.namenode(p));
    assertEquals("demo-hdfs-datanode", Names.datanode(p));
    assertEquals("demo-hdfs", Names.hdfsClient(p));
    assertEquals("demo-kafka", Names.kafkaCluster(p));
    assertEquals("demo-spark", Names.spark(p));
    assertEquals("demo-train-age-group-2", Names.sparkApp(p, SparkStage.train(Target.AGE_GROUP), 2));
    assertEquals("demo-stream-1", Names.sparkApp(p, SparkStage.stream(), 1));
  }

  @Test
  void longNamesAreHashShortenedWithinEachKindsLimitAndStayDistinct() {
    WebLogPipeline a = Pipelines.minimal("a".repeat(100) + "-one");
    WebLogPipeline b = Pipelines.minimal("a".repeat(100) + "-two");
    for (WebLogPipeline p : List.of(a, b)) {
      assertFits(Names.namenode(p), Names.MAX_STATEFUL_SET);
      assertFits(Names.hdfsClient(p), Names.MAX_LABEL);
      assertFits(Names.kafkaCluster(p), Names.MAX_STRIMZI_PART);
      assertFits(Names.kafkaNodePool(p), Names.MAX_STRIMZI_PART);
      assertFits(Names.sparkApp(p, SparkStage.train(Target.AGE_GROUP), 12), Names.MAX_SPARK_APP_ID);
      assertFits(Names.producer(p), Names.MAX_SPARK_APP_ID);
      assertTrue(Names.instance(p).length() <= Names.MAX_LABEL);
    }
    assertNotEquals(Names.namenode(a), Names.namenode(b));
    assertEquals(Names.namenode(a), Names.namenode(Pipelines.minimal(a.getMetadata().getName())));
    assertTrue(Names.sparkApp(a, SparkStage.stream(), 3).endsWith("-stream-3"));
  }

  @Test
  void namesThatAreNotDnsLabelsAreCleanedAndHashedSoTheyCannotCollide() {
    WebLogPipeline dotted = Pipelines.minimal("web.logs");
    WebLogPipeline dashed = Pipelines.minimal("web-logs");
    WebLogPipeline digit = Pipelines.minimal("2019-logs");
    assertFits(Names.hdfsClient(dotted), Names.MAX_LABEL);
    assertFits(Names.hdfsClient(digit), Names.MAX_LABEL);
    assertNotEquals(Names.hdfsClient(dotted), Names.hdfsClient(dashed));
    assertEquals("web-logs-hdfs", Names.hdfsClient(dashed));
  }

  @Test
  void attemptsStartAtOne() {
    assertThrows(IllegalArgumentException.class, () -> Names.sparkApp(Pipelines.minimal(), SparkStage.ingest(), 0));
  }

  private static void assertFits(String name, int max) {
    assertTrue(name.length() <= max, name + " is longer than " + max);
    assertTrue(name.matches(DNS_LABEL), name + " is not a DNS-1035 label");
  }
}
