package dev.weblog.spark.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weblog.common.PredictionEvent;
import dev.weblog.common.RealtimeMetricNames;
import dev.weblog.common.Target;
import dev.weblog.spark.MetricsScrape;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.OptionalDouble;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

/** The real-time driver's figures without Kafka: the lag arithmetic, an event's latency and what a scrape shows. */
class RealtimeMetricsTest {

  @Test
  void lagIsTheEndMinusTheNewestOffsetSeenPlusOneOncePartitionIsSeen() {
    InputLag lag = new InputLag();
    lag.ends(Map.of(0, 10L, 1, 5L));
    assertEquals(Map.of(), lag.lag(), "no partition before an event of it");
    lag.seen(0, 3);
    lag.seen(0, 7);
    lag.seen(0, 4);
    assertEquals(Map.of(0, 2L), lag.lag(), "the newest offset counts, a repeat of an older one does not");
    lag.seen(1, 4);
    assertEquals(Map.of(0, 2L, 1, 0L), lag.lag(), "offset 4 seen, end 5: caught up");
    lag.seen(0, 12);
    assertEquals(0L, lag.lag().get(0), "ends older than the newest event: 0, never negative");
    lag.ends(Map.of(0, 20L));
    assertEquals(Map.of(0, 7L, 1, 0L), lag.lag());
    InputLag noEnds = new InputLag();
    noEnds.seen(2, 1);
    assertEquals(Map.of(), noEnds.lag(), "no end known yet");
  }

  @Test
  void latencyIsTheEventsTimestampMinusItsLinesNeverNegative() {
    PredictionEvent.Source source = new PredictionEvent.Source("lines", 0, 1, 1_000_000L);
    assertEquals(OptionalDouble.of(0.042), RealtimeMetrics.latencySeconds(source, 1_000_042L));
    assertEquals(OptionalDouble.of(0), RealtimeMetrics.latencySeconds(source, 999_000L), "clocks apart");
    assertEquals(OptionalDouble.empty(), RealtimeMetrics.latencySeconds(new PredictionEvent.Source("lines", 0, 1,
        -1), 1_000_042L), "a line without a timestamp");
  }

  @Test
  void theTailsConsumerKeepsTheJobsSecurityButHasNoGroup() {
    Map<String, Object> settings = EventTail.settings("b:9093", Map.of("security.protocol", "SASL_SSL",
        ConsumerConfig.GROUP_ID_CONFIG, "someone's"));
    assertEquals("SASL_SSL", settings.get("security.protocol"));
    assertEquals("b:9093", settings.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG));
    assertFalse(settings.containsKey(ConsumerConfig.GROUP_ID_CONFIG));
    assertEquals("false", settings.get(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG));
    // Events gather for a poll's time before a fetch returns them: not a fetch per event.
    assertEquals("500", settings.get(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG));
    assertTrue(Integer.parseInt((String) settings.get(ConsumerConfig.FETCH_MIN_BYTES_CONFIG)) > 1);
  }

  @Test
  void scrapeShowsEventsByKindLatencyBucketsLagAndPublishedVersions() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    RealtimeMetrics metrics = new RealtimeMetrics(registry, t -> t == Target.GENDER ? 3 : 1);
    MetricsScrape before = MetricsScrape.parse(registry.scrape());
    assertEquals(0, before.sum(RealtimeMetricNames.LAST_EVENT), "0 before the first event");
    assertEquals(0, before.sum(RealtimeMetricNames.LATENCY + "_count"));

    metrics.event(true, OptionalDouble.of(0.004), 1_700_000_000_500L);
    metrics.event(true, OptionalDouble.of(0.03), 1_700_000_000_600L);
    metrics.event(false, OptionalDouble.of(2), 1_700_000_000_700L);
    metrics.event(false, OptionalDouble.empty(), 1_700_000_001_000L);
    metrics.lag(Map.of(0, 5L, 1, 0L));
    metrics.lag(Map.of(0, 2L));
    MetricsScrape scrape = MetricsScrape.parse(registry.scrape());

    assertEquals(2, scrape.sum(RealtimeMetricNames.EVENTS, RealtimeMetricNames.KIND, RealtimeMetricNames.PREDICTION));
    assertEquals(2, scrape.sum(RealtimeMetricNames.EVENTS, RealtimeMetricNames.KIND, RealtimeMetricNames.QUARANTINE));
    assertEquals(3, scrape.sum(RealtimeMetricNames.LATENCY + "_count"), "the event without a line timestamp is out");
    assertEquals(1, scrape.sum(RealtimeMetricNames.LATENCY + "_bucket", RealtimeMetricNames.LE, "0.005"));
    assertEquals(2, scrape.sum(RealtimeMetricNames.LATENCY + "_bucket", RealtimeMetricNames.LE, "0.05"));
    assertEquals(3, scrape.sum(RealtimeMetricNames.LATENCY + "_bucket", RealtimeMetricNames.LE, "2.5"));
    assertEquals(3, scrape.sum(RealtimeMetricNames.LATENCY + "_bucket", RealtimeMetricNames.LE, "+Inf"));
    assertEquals(2, scrape.sum(RealtimeMetricNames.LAG, RealtimeMetricNames.PARTITION, "0"));
    assertEquals(0, scrape.sum(RealtimeMetricNames.LAG, RealtimeMetricNames.PARTITION, "1"));
    assertEquals(1_700_000_001.0, scrape.sum(RealtimeMetricNames.LAST_EVENT));
    assertEquals(3, scrape.sum(RealtimeMetricNames.MODEL_VERSION, RealtimeMetricNames.TARGET, Target.GENDER.id()));
    assertEquals(1, scrape.sum(RealtimeMetricNames.MODEL_VERSION, RealtimeMetricNames.TARGET,
        Target.AGE_GROUP.id()));
    assertTrue(registry.scrape().contains("# TYPE " + RealtimeMetricNames.LATENCY + " histogram"));
  }
}
