package dev.weblog.operator.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weblog.operator.api.WebLogPipeline;
import dev.weblog.operator.kube.RealKubernetes;
import dev.weblog.operator.support.Pipelines;
import io.fabric8.kubernetes.api.model.Event;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Events as a real API server takes them: the mock accepted a nanosecond eventTime that every cluster refuses. */
class PipelineEventsRealServerTest {

  @RegisterExtension
  static final RealKubernetes KUBE = RealKubernetes.shared();

  /** A JDK clock with nanoseconds: what broke every Event on a real cluster. */
  static final Instant NANOS = Instant.parse("2026-12-01T22:19:37.971497615Z");

  @Test
  void eventTimesHaveExactlyMicroseconds() {
    assertEquals("2026-12-01T22:19:37.971497Z", PipelineEvents.microTime(NANOS));
    assertEquals("2026-12-01T22:19:37.000000Z", PipelineEvents.microTime(Instant.parse("2026-12-01T22:19:37Z")));
    assertEquals("2026-12-01T22:19:37Z", PipelineEvents.time(NANOS));
  }

  @Test
  void eventsAreAcceptedAndReadBackOnTheInvolvedPipeline() {
    Harness h = new Harness(KUBE.client(), KUBE.client(), KUBE.namespace());
    WebLogPipeline p = h.create(Pipelines.minimal("events"));
    PipelineEvents events = new PipelineEvents(KUBE.client(), Clock.fixed(NANOS, ZoneOffset.UTC));

    events.normal(p, "HdfsReady", "HDFS of " + h.ns + "/events is ready");
    events.warning(p, "DriverFailed", "x".repeat(5000));

    List<Event> recorded = h.events();
    assertEquals(List.of("DriverFailed", "HdfsReady"), recorded.stream().map(Event::getReason).sorted().toList(),
        "both events are on the server");
    for (Event e : recorded) {
      assertEquals(p.getMetadata().getUid(), e.getInvolvedObject().getUid(), "kubectl describe finds it by uid");
      assertEquals("WebLogPipeline", e.getInvolvedObject().getKind());
      assertEquals("2026-12-01T22:19:37.971497Z", e.getEventTime().getTime());
      assertEquals(PipelineEvents.COMPONENT, e.getReportingComponent());
    }
    Event warning = recorded.stream().filter(e -> e.getReason().equals("DriverFailed")).findFirst().orElseThrow();
    assertEquals("Warning", warning.getType());
    assertTrue(warning.getMessage().length() <= 1024, "long messages are cut to what the server takes");
  }
}
