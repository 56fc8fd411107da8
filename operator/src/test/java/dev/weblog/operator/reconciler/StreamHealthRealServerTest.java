package dev.weblog.operator.reconciler;

import static dev.weblog.operator.reconciler.Harness.condition;
import static dev.weblog.operator.reconciler.Harness.driver;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weblog.common.PrometheusText;
import dev.weblog.operator.api.Condition;
import dev.weblog.operator.api.ConditionStatus;
import dev.weblog.operator.api.StreamStatus;
import dev.weblog.operator.api.WebLogPipeline;
import dev.weblog.operator.builders.SparkStage;
import dev.weblog.operator.kube.RealKubernetes;
import dev.weblog.operator.support.ChartRbac;
import dev.weblog.operator.support.Pipelines;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The running stream as the operator reads it from the driver's metrics endpoint (a fake driver on loopback,
 * read over real HTTP): status.stream, the printer columns the API server computes from it, condition
 * StreamHealthy through Lagging, Stalled, recovered and unreachable with an Event on each change, and the
 * per-pipeline gauges. The operator acts with exactly the Helm chart's RBAC.
 */
class StreamHealthRealServerTest {

  @RegisterExtension
  static final RealKubernetes KUBE = RealKubernetes.shared();

  KubernetesClient client;
  KubernetesClient operatorClient;
  Harness h;

  @BeforeEach
  void setUp(@TempDir Path tmp) {
    client = KUBE.client();
    operatorClient = new KubernetesClientBuilder().withConfig(
        ChartRbac.install(client, KUBE.adminConfig(), KUBE.namespace(), tmp)).build();
    h = new Harness(client, operatorClient, KUBE.namespace());
  }

  @AfterEach
  void tearDown() {
    operatorClient.close();
  }

  @Test
  void readyWaitsUntilTheQueryHasReadItsTopicNotOnlyUntilItsPodRuns() {
    h.create(Pipelines.minimal("connect"));
    h.driver.connecting();
    WebLogPipeline p = untilStreamDriverRuns("connect");

    Condition running = condition(p, Condition.STREAMING_RUNNING);
    assertEquals(ConditionStatus.FALSE, running.getStatus());
    assertEquals("StreamConnecting", running.getReason());
    assertTrue(running.getMessage().contains("waiting for its query to read topic"), running.getMessage());
    assertEquals(ConditionStatus.FALSE, condition(p, Condition.READY).getStatus());
    assertEquals("Connecting", condition(p, Condition.STREAM_HEALTHY).getReason());
    assertTrue(h.events().stream().filter(e -> Set.of("NotStreaming", "Connecting").contains(e.getReason()))
        .allMatch(e -> "Normal".equals(e.getType())),
        "a stream not started or connecting is no Warning: "
            + h.events().stream().map(e -> e.getType() + " " + e.getReason()).toList());

    h.driver.down();
    p = h.reconcile("connect");
    running = condition(p, Condition.STREAMING_RUNNING);
    assertEquals(ConditionStatus.FALSE, running.getStatus(), "an endpoint that never answered proves nothing");
    assertTrue(running.getMessage().contains("did not answer"), running.getMessage());

    h.driver.up();
    h.driver.batch(100, 0, 0.4);
    p = h.reconcile("connect");
    assertEquals(ConditionStatus.TRUE, condition(p, Condition.STREAMING_RUNNING).getStatus());
    assertEquals(ConditionStatus.TRUE, condition(p, Condition.READY).getStatus());
    assertEquals("Healthy", condition(p, Condition.STREAM_HEALTHY).getReason());
    assertTrue(h.eventReasons().contains("Healthy"), h.eventReasons().toString());
  }

  @Test
  void statusStreamHasRateLagLatencyTotalsAndLiveAccuracyAndKubectlShowsLagAndRate() throws Exception {
    h.create(Pipelines.minimal("figures"));
    h.toReady("figures");
    h.driver.batch(1_000, 70, 0.3);
    h.driver.quarantined = 12;
    h.driver.liveAccuracy.put("gender", 0.9125);
    h.reconcile("figures");
    h.clock.advance(Duration.ofSeconds(60));
    h.driver.batch(59_000, 40, 0.8);
    h.driver.batch(1_000, 40, 3.0);

    WebLogPipeline p = h.reconcile("figures");

    StreamStatus st = p.getStatus().getStream();
    assertEquals(driver(p, SparkStage.stream(), 1), st.getDriver());
    assertEquals(40L, st.getLag());
    assertEquals(1000.0, st.getRecordsPerSecond(), "60,000 records read in 60 s");
    assertTrue(st.getLatencyP50Seconds() > 0.5 && st.getLatencyP50Seconds() <= 1.0, "" + st.getLatencyP50Seconds());
    assertTrue(st.getLatencyP99Seconds() > 2.0 && st.getLatencyP99Seconds() <= 5.0, "" + st.getLatencyP99Seconds());
    assertEquals(61_000L, st.getRead());
    assertEquals(12L, st.getQuarantined());
    assertEquals(Map.of("gender", 0.9125), st.getLiveAccuracy());
    assertEquals(h.clock.instant().toString(), st.getLastCommitTime());

    Map<String, Object> row = printed("figures");
    assertEquals(40, ((Number) row.get("Lag")).intValue(), row.toString());
    assertEquals(1000.0, ((Number) row.get("Rate")).doubleValue(), row.toString());

    PrometheusText scrape = PrometheusText.parse(h.registry.scrape());
    String[] labels = {"namespace", h.ns, "pipeline", "figures"};
    assertEquals(40.0, scrape.sum("weblog_pipeline_stream_lag_records", labels).getAsDouble());
    assertEquals(1000.0, scrape.sum("weblog_pipeline_stream_records_per_second", labels).getAsDouble());
    assertEquals(1.0, scrape.sum("weblog_pipeline_ready", labels).getAsDouble());
    assertEquals(1.0, scrape.sum("weblog_pipeline_phase", "pipeline", "figures", "phase", "Streaming").getAsDouble());
    assertEquals(1.0, scrape.sum("weblog_pipeline_condition", "pipeline", "figures", "type", "StreamHealthy",
        "status", "true").getAsDouble());
    assertEquals(0.9125, scrape.sum("weblog_pipeline_live_accuracy", "pipeline", "figures", "target", "gender")
        .getAsDouble());
    assertTrue(Double.isNaN(scrape.sum("weblog_pipeline_live_accuracy", "pipeline", "figures", "target",
        "age_group").getAsDouble()), "no labelled line yet is NaN, not 0");
    assertEquals(0.2, scrape.sum("weblog_pipeline_quality_gate_min_accuracy", labels).getAsDouble());

    h.gauges.liveFrom(Set::of);
    h.gauges.prune();
    assertTrue(PrometheusText.parse(h.registry.scrape()).sum("weblog_pipeline_ready", labels).isEmpty(),
        "a deleted pipeline's series are dropped");
  }

  @Test
  void aLagThatKeepsGrowingIsLaggingWithAWarningAndRecoversWithANormalEvent() {
    h.create(withHealth("lag", health -> health.setLaggingAfterSeconds(60)));
    h.toReady("lag");
    h.driver.batch(100, 100, 0.5);
    h.reconcile("lag");
    for (long lag : new long[] {600, 1_500, 2_200}) {
      h.clock.advance(Duration.ofSeconds(15));
      h.driver.batch(100, lag, 0.5);
      WebLogPipeline p = h.reconcile("lag");
      assertEquals("Healthy", condition(p, Condition.STREAM_HEALTHY).getReason(), "read for under 60 s");
    }
    h.clock.advance(Duration.ofSeconds(15));
    h.driver.batch(100, 3_000, 0.5);
    WebLogPipeline p = h.reconcile("lag");

    Condition health = condition(p, Condition.STREAM_HEALTHY);
    assertEquals(ConditionStatus.FALSE, health.getStatus());
    assertEquals(Condition.LAGGING, health.getReason());
    assertTrue(health.getMessage().contains("rose from at most 600 to at least 2200 records over the last 60 s"),
        health.getMessage());
    assertEquals(ConditionStatus.TRUE, condition(p, Condition.READY).getStatus(), "a lagging stream still serves");
    assertEquals("Warning", event(Condition.LAGGING).getType());
    assertEquals(1.0, PrometheusText.parse(h.registry.scrape()).sum("weblog_pipeline_stream_lagging", "pipeline",
        "lag").getAsDouble());

    h.clock.advance(Duration.ofSeconds(15));
    h.driver.batch(5_000, 80, 0.5);
    p = h.reconcile("lag");
    assertEquals("Healthy", condition(p, Condition.STREAM_HEALTHY).getReason());
    assertEquals(2, h.events().stream().filter(e -> "Healthy".equals(e.getReason())).count(),
        "an Event on the way back too: " + h.eventReasons());
  }

  @Test
  void aLagThatOnlyJittersIsNeverLagging() {
    h.create(withHealth("jitter", health -> health.setLaggingAfterSeconds(60)));
    h.toReady("jitter");
    long[] lags = {900, 950, 1_300, 1_100, 1_250, 1_000, 1_400, 1_200, 1_350, 1_150, 1_300, 1_250};
    for (long lag : lags) {
      h.driver.batch(1_000, lag, 0.5);
      WebLogPipeline p = h.reconcile("jitter");
      assertEquals("Healthy", condition(p, Condition.STREAM_HEALTHY).getReason(), "lag " + lag);
      h.clock.advance(Duration.ofSeconds(15));
    }
  }

  @Test
  void noBatchAndNoIdleReportForTheSetTriggersIsStalledAndABatchRecovers() {
    h.create(withHealth("stall", health -> health.setStalledAfterTriggers(40)));
    h.toReady("stall");
    h.driver.batch(100, 0, 0.5);
    h.reconcile("stall");

    h.clock.advance(Duration.ofSeconds(35));
    assertEquals("Healthy", condition(h.reconcile("stall"), Condition.STREAM_HEALTHY).getReason());
    h.clock.advance(Duration.ofSeconds(10));
    WebLogPipeline p = h.reconcile("stall");

    Condition health = condition(p, Condition.STREAM_HEALTHY);
    assertEquals(ConditionStatus.FALSE, health.getStatus());
    assertEquals(Condition.STALLED, health.getReason());
    assertTrue(health.getMessage().contains("(45 s; the limit is 40 triggers of 1 second, at least 40 s)"),
        health.getMessage());
    assertEquals("Warning", event(Condition.STALLED).getType());
    assertEquals(1.0, PrometheusText.parse(h.registry.scrape()).sum("weblog_pipeline_stream_stalled", "pipeline",
        "stall").getAsDouble());

    h.driver.batch(100, 0, 0.5);
    p = h.reconcile("stall");
    assertEquals("Healthy", condition(p, Condition.STREAM_HEALTHY).getReason());
  }

  @Test
  void anEndpointThatStopsAnsweringKeepsTheLastFiguresWithTheirAgeAndIsUnknown() {
    h.create(Pipelines.minimal("quiet"));
    h.toReady("quiet");
    h.driver.batch(500, 25, 0.5);
    WebLogPipeline p = h.reconcile("quiet");
    String sampled = p.getStatus().getStream().getSampledAt();

    h.driver.down();
    h.clock.advance(Duration.ofSeconds(20));
    p = h.reconcile("quiet");

    Condition health = condition(p, Condition.STREAM_HEALTHY);
    assertEquals(ConditionStatus.UNKNOWN, health.getStatus());
    assertEquals("DriverUnreachable", health.getReason());
    assertTrue(health.getMessage().contains("did not answer"), health.getMessage());
    assertTrue(health.getMessage().endsWith("status.stream is from " + sampled + " (20 s old)"), health.getMessage());
    assertEquals(25L, p.getStatus().getStream().getLag(), "the last known lag, not a made-up zero");
    assertEquals(sampled, p.getStatus().getStream().getSampledAt());
    assertEquals(ConditionStatus.TRUE, condition(p, Condition.READY).getStatus(),
        "the query had read its topic: a silent endpoint is the health condition's business");
    assertEquals("Warning", event("DriverUnreachable").getType());

    h.driver.up();
    h.driver.batch(500, 0, 0.5);
    assertEquals("Healthy", condition(h.reconcile("quiet"), Condition.STREAM_HEALTHY).getReason());
  }

  @Test
  void aDeletedDriverIsNotRunningAndStalledOnceItStaysAwayTooLong() {
    h.create(Pipelines.minimal("gone"));
    WebLogPipeline p = h.toReady("gone");
    h.driver.batch(500, 0, 0.5);
    h.reconcile("gone");
    client.pods().inNamespace(h.ns).withName(driver(p, SparkStage.stream(), 1)).delete();

    p = h.reconcile("gone");
    assertEquals("DriverNotRunning", condition(p, Condition.STREAM_HEALTHY).getReason());
    assertEquals(ConditionStatus.FALSE, condition(p, Condition.READY).getStatus());

    h.clock.advance(Duration.ofSeconds(90));
    p = h.reconcile("gone");
    Condition health = condition(p, Condition.STREAM_HEALTHY);
    assertEquals(Condition.STALLED, health.getReason());
    assertTrue(health.getMessage().contains("the streaming driver is not running"), health.getMessage());
    assertFalse(h.lastRequeue.isEmpty(), "the operator keeps looking while the stream is down");
  }

  private WebLogPipeline untilStreamDriverRuns(String name) {
    WebLogPipeline p = h.reconcile(name);
    h.sim.hdfsReady(p);
    h.reconcile(name);
    h.sim.kafkaReady(p);
    h.reconcile(name);
    h.sim.jobComplete(p, 1);
    h.reconcile(name);
    h.sim.podEnded(driver(p, SparkStage.ingest(), 1), h.ns, 0, "ingested 100000 lines");
    h.reconcile(name);
    h.trainOk(name, 1);
    h.reconcile(name);
    h.sim.podRunning(driver(p, SparkStage.stream(), 1), h.ns);
    return h.reconcile(name);
  }

  private static WebLogPipeline withHealth(String name,
      Consumer<dev.weblog.operator.api.StreamHealthSpec> change) {
    WebLogPipeline p = Pipelines.minimal(name);
    change.accept(p.getSpec().getStreaming().getHealth());
    return p;
  }

  private Event event(String reason) {
    List<Event> events = h.events().stream().filter(e -> reason.equals(e.getReason())).toList();
    assertEquals(1, events.size(), "one " + reason + " Event: " + h.eventReasons());
    return events.get(0);
  }

  /** The pipeline's row as {@code kubectl get wlp} prints it: the API server's Table, column name to cell. */
  private Map<String, Object> printed(String name) throws Exception {
    String url = client.getMasterUrl().toString().replaceAll("/$", "") + "/apis/weblog.dev/v1alpha1/namespaces/"
        + h.ns + "/weblogpipelines/" + name;
    HttpRequest request = client.getHttpClient().newHttpRequestBuilder().uri(url)
        .header("Accept", "application/json;as=Table;v=v1;g=meta.k8s.io").build();
    HttpResponse<String> response = client.getHttpClient().sendAsync(request, String.class).get(30,
        TimeUnit.SECONDS);
    assertEquals(200, response.code(), response.body());
    JsonNode table = new ObjectMapper().readTree(response.body());
    Map<String, Object> row = new HashMap<>();
    JsonNode cells = table.path("rows").path(0).path("cells");
    assertNotNull(cells);
    for (int i = 0; i < table.path("columnDefinitions").size(); i++) {
      JsonNode cell = cells.path(i);
      row.put(table.path("columnDefinitions").path(i).path("name").asText(), cell.isNumber() ? cell.numberValue()
          : cell.asText());
    }
    return row;
  }
}
