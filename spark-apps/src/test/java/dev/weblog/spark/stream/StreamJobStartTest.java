package dev.weblog.spark.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weblog.common.HdfsLayout;
import dev.weblog.common.JobContract;
import dev.weblog.spark.JobFailure;
import dev.weblog.spark.SharedCluster;
import dev.weblog.spark.SharedKafka;
import dev.weblog.spark.StreamTestData;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What StreamJob refuses before it reads a record, each time in one line naming what and where. */
class StreamJobStartTest {

  @Test
  void optionsDefaultToTheContract() {
    StreamOptions options = StreamOptions.parse(List.of(JobContract.OPT_KAFKA_PROPERTY, "kafka.security.protocol=SSL",
        JobContract.OPT_KAFKA_PROPERTY, "sasl.mechanism=PLAIN"));
    assertEquals("localhost:9092", options.bootstrapServers());
    assertEquals(JobContract.DEFAULT_TOPIC, options.topic());
    assertEquals("earliest", options.startingOffsets());
    assertEquals("predict", options.queryName());
    assertEquals(JobContract.DEFAULT_MAX_OFFSETS, options.maxOffsetsPerTrigger());
    assertEquals(0, options.minPartitions());
    assertEquals(Duration.ofSeconds(30), options.kafkaTimeout());
    assertEquals(Map.of("security.protocol", "SSL", "sasl.mechanism", "PLAIN"), options.kafkaOptions());
    assertEquals(HdfsLayout.DEFAULT_BASE, options.storage().layout().base());
  }

  @Test
  void badOptionValuesAreRefusedNamingTheOption() {
    assertTrue(assertThrows(JobFailure.class, () -> StreamOptions.parse(List.of("--trigger", "soon")))
        .getMessage().contains("--trigger 'soon'"));
    assertTrue(assertThrows(JobFailure.class, () -> StreamOptions.parse(List.of("--max-offsets-per-trigger", "0")))
        .getMessage().contains(JobContract.OPT_MAX_OFFSETS));
    assertTrue(assertThrows(JobFailure.class, () -> StreamOptions.parse(List.of("--starting-offsets", "newest")))
        .getMessage().contains(JobContract.OPT_STARTING_OFFSETS));
    assertTrue(assertThrows(JobFailure.class, () -> StreamOptions.parse(List.of("--query-name", "../x")))
        .getMessage().contains("--query-name"));
  }

  @Test
  void missingModelNamesTheTargetThePathAndTheFix() {
    String base = SharedCluster.freshBase("stream-no-model");
    SharedCluster.Outcome outcome = run(base, SharedKafka.bootstrapServers(), "anything");
    assertEquals(JobContract.EXIT_USAGE, outcome.exitCode());
    assertTrue(outcome.stderr().contains("no promoted model for age_group under " + SharedCluster.uri() + base
        + "/models/age_group; run TrainJob --target age_group first"), outcome.stderr());
  }

  @Test
  void unreachableKafkaFailsWithinTheTimeoutNamingTheServers() throws IOException {
    String base = StreamTestData.baseWithModels("stream-no-kafka");
    String servers;
    try (ServerSocket unused = new ServerSocket(0)) {
      servers = "localhost:" + unused.getLocalPort();
    }
    SharedCluster.Outcome outcome = run(base, servers, JobContract.DEFAULT_TOPIC, "--kafka-timeout", "3");
    assertEquals(JobContract.EXIT_UNAVAILABLE, outcome.exitCode(), "worth retrying: Kafka may come up");
    assertTrue(outcome.stderr().contains("Kafka at " + servers + " did not answer within 3 s"), outcome.stderr());
  }

  /**
   * A Kafka Service applied with the pipeline, or a DNS restart: not resolvable yet is worth retrying, and named
   * (Kafka's own "No resolvable bootstrap urls" exited as a usage error, never restarted). {@code .invalid} never
   * resolves (RFC 6761).
   */
  @Test
  void kafkaHostThatDoesNotResolveYetIsUnavailableNotAUsageError() {
    String base = StreamTestData.baseWithModels("stream-kafka-dns");
    SharedCluster.Outcome outcome = run(base, "kafka-bootstrap.weblog.invalid:9092", JobContract.DEFAULT_TOPIC);
    assertEquals(JobContract.EXIT_UNAVAILABLE, outcome.exitCode(), outcome.stderr());
    assertTrue(outcome.stderr().contains("host 'kafka-bootstrap.weblog.invalid' of Kafka at "
        + "kafka-bootstrap.weblog.invalid:9092 (--bootstrap-servers) does not resolve (yet)"), outcome.stderr());
  }

  @Test
  void hdfsHostThatDoesNotResolveYetIsUnavailableNotAUsageError() {
    String[] args = {"--hdfs", "hdfs://namenode.weblog.invalid:8020", "--base", "/weblog",
        "--bootstrap-servers", SharedKafka.bootstrapServers()};
    SharedCluster.Outcome outcome = SharedCluster.capture(() -> StreamJob.execute(args, SharedCluster::spark));
    assertEquals(JobContract.EXIT_UNAVAILABLE, outcome.exitCode(), outcome.stderr());
    assertTrue(outcome.stderr().contains("host 'namenode.weblog.invalid' of hdfs://namenode.weblog.invalid:8020 "
        + "(--hdfs) does not resolve (yet)"), outcome.stderr());
  }

  @Test
  void missingTopicIsNamed() {
    String base = StreamTestData.baseWithModels("stream-no-topic");
    SharedCluster.Outcome outcome = run(base, SharedKafka.bootstrapServers(), "no-such-topic");
    assertEquals(JobContract.EXIT_UNAVAILABLE, outcome.exitCode(), "worth retrying: the producer may create it");
    assertTrue(outcome.stderr().contains("topic 'no-such-topic' does not exist on Kafka at "
        + SharedKafka.bootstrapServers()), outcome.stderr());
  }

  private static SharedCluster.Outcome run(String base, String servers, String topic, String... more) {
    String[] args = SharedCluster.args(base, concat(new String[] {"--bootstrap-servers", servers, "--topic", topic},
        more));
    return SharedCluster.capture(() -> StreamJob.execute(args, SharedCluster::spark));
  }

  private static String[] concat(String[] a, String[] b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
