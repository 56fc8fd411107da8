package dev.weblog.operator.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Schema;
import dev.weblog.operator.api.Condition;
import dev.weblog.operator.api.ConditionStatus;
import dev.weblog.operator.api.Phase;
import dev.weblog.operator.api.Rules;
import dev.weblog.operator.api.WebLogPipeline;
import dev.weblog.operator.support.OpenApiSchemas;
import dev.weblog.operator.kube.RealKubernetes;
import dev.weblog.operator.support.PipelineObjects;
import dev.weblog.operator.support.Pipelines;
import dev.weblog.operator.support.Yaml;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A table of invalid WebLogPipeline specs, on a real API server. A schema case (types, enums, minimum/maximum,
 * patterns, sizes) must be refused by the server itself (422 naming the field) and by the CRD's OpenAPI schema
 * checked offline. Kubernetes 1.20 has no CEL, so the server stores a spec that breaks a CEL rule: SpecValidator,
 * which mirrors the rules (CrdSchemaTest checks it mirrors every one), must refuse it. Every spec Java can read is
 * also refused by the operator itself, with an InvalidSpec condition naming the problem, whether it arrives first
 * or as an update of a Ready pipeline, and in both cases without a single object written. (A spec the server
 * refuses reaches the operator only where the CRD was installed without its schema; the operator then sees it in
 * memory, as here.)
 */
class HostileSpecTest {

  @RegisterExtension
  static final RealKubernetes KUBE = RealKubernetes.shared();

  static final Schema CRD = OpenApiSchemas.load(Yaml.repoRoot().resolve("crds")
      .resolve("weblogpipelines.weblog.dev-v1.yml"), WebLogPipeline.VERSION);

  /** Which layer must refuse the spec. */
  enum Layer {
    /** The OpenAPI schema; SpecValidator too when Java can read the spec. */
    SCHEMA,
    /** A type error only the schema catches: Java's reader coerces it (1.5 read as 1), so the operator sees 1. */
    SCHEMA_TYPE,
    /** A CEL rule: the schema lets it through, SpecValidator refuses it with the rule's message. */
    CEL,
    /** Only Java can check it (a cron schedule that fits the pattern but is no schedule). */
    OPERATOR
  }

  /** One namespace and one Ready pipeline for the whole table: each case only adds a refused pipeline. */
  static KubernetesClient client;
  static Harness h;
  static int cases;

  @BeforeEach
  void setUp() {
    if (h == null) {
      client = KUBE.client();
      h = new Harness(client, client, KUBE.namespace());
      h.create(Pipelines.minimal("running"));
      h.toReady("running");
    }
  }

  static Stream<Arguments> hostileSpecs() {
    return Stream.of(
        bad(Layer.SCHEMA, "hdfs.datanodes", "{hdfs: {datanodes: 0}}"),
        bad(Layer.SCHEMA, "hdfs.datanodes", "{hdfs: {datanodes: 17}}"),
        bad(Layer.SCHEMA, "hdfs.datanodes", "{hdfs: {datanodes: three}}"),
        bad(Layer.SCHEMA_TYPE, "hdfs.datanodes", "{hdfs: {datanodes: 1.5}}"),
        bad(Layer.SCHEMA, "hdfs.mode", "{hdfs: {mode: Sometimes}}"),
        bad(Layer.SCHEMA, "hdfs.storage", "{hdfs: {storage: ten gigs}}"),
        bad(Layer.SCHEMA, "hdfs.base", "{hdfs: {base: relative/path}}"),
        bad(Layer.SCHEMA, "hdfs.resources.cpu", "{hdfs: {resources: {cpu: lots}}}"),
        bad(Layer.SCHEMA, "hdfs.uri", "{hdfs: {mode: External, uri: 'http://nn:8020'}}"),
        bad(Layer.SCHEMA, "kafka.topic", "{kafka: {topic: bad topic}}"),
        bad(Layer.SCHEMA, "kafka.topic", "{kafka: {topic: ''}}"),
        bad(Layer.SCHEMA, "kafka.topic", "{kafka: {topic: '" + "t".repeat(250) + "'}}"),
        bad(Layer.SCHEMA, "kafka.replicas", "{kafka: {replicas: 10}}"),
        bad(Layer.SCHEMA, "kafka.partitions", "{kafka: {partitions: -5}}"),
        bad(Layer.SCHEMA, "kafka.bootstrapServers", "{kafka: {mode: External, bootstrapServers: kafka}}"),
        bad(Layer.SCHEMA, "kafka.version", "{kafka: {version: '4.1'}}"),
        bad(Layer.SCHEMA, "kafka.security", "{kafka: {security: Sasl}}"),
        bad(Layer.SCHEMA, "kafka.userSecret", "{kafka: {mode: External, bootstrapServers: 'k:9093', "
            + "userSecret: 'user.secret', caSecret: ca}}"),
        bad(Layer.SCHEMA, "kafka.caSecret", "{kafka: {mode: External, bootstrapServers: 'k:9093', userSecret: u, "
            + "caSecret: '" + "c".repeat(57) + "'}}"),
        bad(Layer.SCHEMA, "data.source", "{data: {source: Ftp}}"),
        bad(Layer.SCHEMA, "data.url", "{data: {source: Url, url: 'ftp://x/y.csv'}}"),
        bad(Layer.SCHEMA, "data.generator.rows", "{data: {generator: {rows: 0}}}"),
        bad(Layer.SCHEMA, "data.volume.claimName",
            "{data: {source: Volume, volume: {claimName: Bad_Name, path: a.csv}}}"),
        bad(Layer.SCHEMA, "data.volume", "{data: {source: Volume, volume: {path: a.csv}}}"),
        bad(Layer.SCHEMA, "data.volume.path", "{data: {source: Volume, volume: {claimName: pvc, path: /abs}}}"),
        bad(Layer.SCHEMA, "training.targets", "{training: {targets: []}}"),
        bad(Layer.SCHEMA, "training.targets", "{training: {targets: [age_group, gender, gender]}}"),
        bad(Layer.SCHEMA, "training.targets", "{training: {targets: [income]}}"),
        bad(Layer.SCHEMA, "training.algorithm", "{training: {algorithm: gbt}}"),
        bad(Layer.SCHEMA, "training.maxDepth", "{training: {maxDepth: 31}}"),
        bad(Layer.SCHEMA, "training.numTrees", "{training: {numTrees: 0}}"),
        bad(Layer.SCHEMA, "training.historyLimit", "{training: {historyLimit: 51}}"),
        bad(Layer.SCHEMA, "training.qualityGate.minAccuracy", "{training: {qualityGate: {minAccuracy: 1.5}}}"),
        bad(Layer.SCHEMA, "training.qualityGate.maxRegression",
            "{training: {qualityGate: {maxRegression: -0.1}}}"),
        bad(Layer.SCHEMA, "training.schedule", "{training: {schedule: every day}}"),
        bad(Layer.SCHEMA, "training.driver.memory", "{training: {driver: {memory: 2GB}}}"),
        bad(Layer.SCHEMA, "training.executors", "{training: {executors: 0}}"),
        bad(Layer.SCHEMA, "streaming.trigger", "{streaming: {trigger: 1s}}"),
        bad(Layer.SCHEMA, "streaming.startingOffsets", "{streaming: {startingOffsets: middle}}"),
        bad(Layer.SCHEMA, "streaming.executors", "{streaming: {executors: 0}}"),
        bad(Layer.SCHEMA, "streaming.maxOffsetsPerTrigger", "{streaming: {maxOffsetsPerTrigger: 0}}"),
        bad(Layer.SCHEMA, "streaming.executor.cores", "{streaming: {executor: {cores: 0}}}"),
        bad(Layer.SCHEMA, "producer.rate", "{producer: {rate: 0}}"),
        bad(Layer.SCHEMA, "producer.enabled", "{producer: {enabled: maybe}}"),
        bad(Layer.SCHEMA, "producer.source", "{producer: {source: Url}}"),
        bad(Layer.SCHEMA, "retries.limit", "{retries: {limit: 21}}"),
        bad(Layer.SCHEMA, "retries.initialBackoffSeconds", "{retries: {initialBackoffSeconds: 0}}"),
        bad(Layer.SCHEMA, "images.registry", "{images: {registry: Bad Registry}}"),
        bad(Layer.SCHEMA, "images.pullPolicy", "{images: {pullPolicy: Sometimes}}"),
        bad(Layer.SCHEMA, "images.sparkApps", "{images: {sparkApps: 'two words'}}"),
        bad(Layer.CEL, Rules.HDFS_EXTERNAL_NEEDS_URI_MSG, "{hdfs: {mode: External}}"),
        bad(Layer.CEL, Rules.HDFS_MANAGED_NO_URI_MSG, "{hdfs: {uri: 'hdfs://nn:8020'}}"),
        bad(Layer.CEL, Rules.KAFKA_EXTERNAL_NEEDS_SERVERS_MSG, "{kafka: {mode: External}}"),
        bad(Layer.CEL, Rules.KAFKA_MANAGED_NO_SERVERS_MSG, "{kafka: {bootstrapServers: 'k:9092'}}"),
        bad(Layer.CEL, Rules.KAFKA_EXTERNAL_TLS_NEEDS_SECRETS_MSG, "{kafka: {mode: External, "
            + "bootstrapServers: 'k:9093'}}"),
        bad(Layer.CEL, Rules.KAFKA_EXTERNAL_TLS_NEEDS_SECRETS_MSG, "{kafka: {mode: External, "
            + "bootstrapServers: 'k:9093', security: TlsScram, userSecret: weblog-kafka-user}}"),
        bad(Layer.CEL, Rules.KAFKA_SECRETS_ONLY_EXTERNAL_TLS_MSG, "{kafka: {mode: External, "
            + "bootstrapServers: 'k:9092', security: Plain, userSecret: u, caSecret: ca}}"),
        bad(Layer.CEL, Rules.KAFKA_SECRETS_ONLY_EXTERNAL_TLS_MSG, "{kafka: {caSecret: my-cluster-ca-cert}}"),
        bad(Layer.CEL, Rules.DATA_URL_IFF_URL_MSG, "{data: {source: Url}}"),
        bad(Layer.CEL, Rules.DATA_URL_IFF_URL_MSG, "{data: {url: 'https://x/y.csv'}}"),
        bad(Layer.CEL, Rules.DATA_VOLUME_IFF_VOLUME_MSG, "{data: {source: Volume}}"),
        bad(Layer.CEL, Rules.DATA_VOLUME_IFF_VOLUME_MSG, "{data: {volume: {claimName: pvc, path: a.csv}}}"),
        bad(Layer.CEL, Rules.PRODUCER_VOLUME_IFF_VOLUME_MSG, "{producer: {source: Volume}}"),
        bad(Layer.CEL, Rules.PRODUCER_VOLUME_IFF_VOLUME_MSG,
            "{producer: {volume: {claimName: pvc, path: live.csv}}}"),
        bad(Layer.CEL, Rules.TARGETS_UNIQUE_MSG, "{training: {targets: [gender, gender]}}"),
        bad(Layer.CEL, Rules.NO_POD_TEMPLATES_MSG,
            "{training: {sparkConf: {spark.kubernetes.driver.podTemplateFile: /t.yaml}}}"),
        bad(Layer.CEL, Rules.NO_POD_TEMPLATES_MSG,
            "{streaming: {sparkConf: {spark.kubernetes.executor.podTemplateFile: /t.yaml}}}"),
        bad(Layer.OPERATOR, "spec.training.schedule", "{training: {schedule: '0 25 * * *'}}"),
        bad(Layer.OPERATOR, "spec.training.schedule", "{training: {schedule: '61 * * * *'}}"));
  }

  private static Arguments bad(Layer layer, String expected, String specYaml) {
    return Arguments.of(layer, expected, specYaml);
  }

  @ParameterizedTest(name = "{0} {1}: {2}")
  @MethodSource("hostileSpecs")
  void invalidSpecIsRefusedAndNothingIsApplied(Layer layer, String expected, String specYaml) throws Exception {
    JsonNode spec = Yaml.STRICT_YAML.readTree(specYaml);
    JsonNode object = Yaml.JSON.valueToTree(Map.of("apiVersion", WebLogPipeline.GROUP + "/" + WebLogPipeline.VERSION,
        "kind", WebLogPipeline.KIND, "metadata", Map.of("name", "hostile", "namespace", h.ns), "spec", spec));
    List<String> schemaProblems = OpenApiSchemas.problems(CRD, object);
    boolean schemaCase = layer == Layer.SCHEMA || layer == Layer.SCHEMA_TYPE;
    if (schemaCase) {
      assertFalse(schemaProblems.isEmpty(), "the CRD schema lets " + specYaml + " through");
      assertTrue(schemaProblems.stream().anyMatch(p -> p.contains(lastSegment(expected))),
          "the schema's problems name " + expected + ": " + schemaProblems);
    } else {
      assertEquals(List.of(), schemaProblems, "a " + layer + " case must pass the schema to test its layer");
    }
    assertServerAnswer(object, schemaCase, expected, specYaml);

    WebLogPipeline p;
    try {
      p = Yaml.FABRIC8.unmarshal(object.toString(), WebLogPipeline.class);
    } catch (RuntimeException e) {
      // Java cannot even read it, so no operator would ever see it: the schema refused it above.
      assertEquals(Layer.SCHEMA, layer, "only a schema case may be unreadable: " + e);
      return;
    }
    if (layer == Layer.SCHEMA_TYPE) {
      return;
    }
    List<String> problems = SpecCheck.problems(p.getSpec());
    assertFalse(problems.isEmpty(), "the operator's own check lets " + specYaml + " through");
    String named = layer == Layer.SCHEMA ? "spec." + expected : expected;
    assertTrue(problems.stream().anyMatch(s -> s.contains(named)), "problems name " + named + ": " + problems);

    Map<String, String> before = objects();
    String name = "hostile-" + (++cases);
    p.getMetadata().setName(name);
    p.getMetadata().setNamespace(h.ns);
    p.getMetadata().setGeneration(1L);
    if (schemaCase) {
      h.reconciler.reconcile(p);
      assertRefused(p, named);
    } else {
      h.create(p);
      assertRefused(h.reconcile(name), named);
    }
    assertEquals(before, objects(), "a refused new pipeline creates nothing");

    String lastGood = h.get("running").getStatus().getLastReconciledSpec();
    WebLogPipeline running;
    if (schemaCase) {
      running = h.get("running");
      running.setSpec(p.getSpec());
      running.getMetadata().setGeneration(running.getMetadata().getGeneration() + 1);
      h.reconciler.reconcile(running);
    } else {
      h.update("running", r -> r.setSpec(p.getSpec()));
      running = h.reconcile("running");
    }
    assertRefused(running, named);
    assertEquals(lastGood, running.getStatus().getLastReconciledSpec(), "the last good spec is kept");
    assertEquals(before, objects(), "a refused update of a Ready pipeline changes no object (same resourceVersions)");
  }

  /** The real server refuses a schema case with 422 naming the field, and (1.20, no CEL) stores the others. */
  private void assertServerAnswer(JsonNode object, boolean schemaCase, String expected, String specYaml) {
    GenericKubernetesResource sent = Yaml.FABRIC8.unmarshal(object.toString(), GenericKubernetesResource.class);
    sent.getMetadata().setName("server-check-" + (cases + 1));
    if (schemaCase) {
      KubernetesClientException e = assertThrows(KubernetesClientException.class,
          () -> client.resource(sent).create(), "the API server stored " + specYaml);
      assertEquals(422, e.getCode(), e.getMessage());
      assertTrue(e.getMessage().contains(lastSegment(expected)), "the server names " + expected + ": "
          + e.getMessage());
    } else {
      client.resource(sent).create();
      client.resource(sent).delete();
    }
  }

  private static void assertRefused(WebLogPipeline p, String named) {
    Condition ready = Harness.condition(p, Condition.READY);
    assertEquals(ConditionStatus.FALSE, ready.getStatus());
    assertEquals("InvalidSpec", ready.getReason());
    assertTrue(ready.getMessage().contains(named), "the condition names " + named + ": " + ready.getMessage());
    assertEquals(Phase.FAILED, p.getStatus().getPhase());
    assertEquals(p.getMetadata().getGeneration(), p.getStatus().getObservedGeneration());
  }

  /** Every object in the namespace but pipelines and events, with its resourceVersion. */
  private Map<String, String> objects() {
    return PipelineObjects.versions(client, h.ns);
  }

  private static String lastSegment(String path) {
    return path.substring(path.lastIndexOf('.') + 1);
  }
}
