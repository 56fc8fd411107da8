package dev.weblog.operator.reconciler;

import dev.weblog.operator.api.WebLogPipeline;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Kubernetes Events on the pipeline, so {@code kubectl describe wlp} tells its story; also logged. */
public final class PipelineEvents {

  public static final String COMPONENT = "weblog-operator";
  private static final Logger LOG = LoggerFactory.getLogger(PipelineEvents.class);
  private static final AtomicLong SEQUENCE = new AtomicLong();
  private static final DateTimeFormatter MICRO_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSX").withZone(ZoneOffset.UTC);

  private final KubernetesClient client;
  private final Clock clock;

  public PipelineEvents(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  public void normal(WebLogPipeline p, String reason, String message) {
    record(p, "Normal", reason, message);
  }

  public void warning(WebLogPipeline p, String reason, String message) {
    record(p, "Warning", reason, message);
  }

  private void record(WebLogPipeline p, String type, String reason, String message) {
    Instant instant = clock.instant();
    String now = time(instant);
    if ("Warning".equals(type)) {
      LOG.warn("{}: {}", reason, message);
    } else {
      LOG.info("{}: {}", reason, message);
    }
    Event event = new EventBuilder()
        .withNewMetadata()
        .withName(p.getMetadata().getName() + "." + Long.toHexString(System.nanoTime())
            + Long.toHexString(SEQUENCE.incrementAndGet()))
        .withNamespace(p.getMetadata().getNamespace())
        .endMetadata()
        .withNewInvolvedObject()
        .withApiVersion(p.getApiVersion()).withKind(p.getKind()).withName(p.getMetadata().getName())
        .withNamespace(p.getMetadata().getNamespace()).withUid(p.getMetadata().getUid())
        .endInvolvedObject()
        .withType(type).withReason(reason).withMessage(truncate(message))
        .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
        .withEventTime(new MicroTime(microTime(instant)))
        .withAction(reason)
        .withReportingComponent(COMPONENT).withReportingInstance(COMPONENT)
        .withNewSource().withComponent(COMPONENT).endSource()
        .build();
    try {
      client.v1().events().inNamespace(p.getMetadata().getNamespace()).resource(event).create();
    } catch (KubernetesClientException e) {
      // An event lost is a line missing from describe, not a reason to fail the reconcile.
      LOG.warn("could not record event {} on WebLogPipeline {}/{}: {}", reason, p.getMetadata().getNamespace(),
          p.getMetadata().getName(), e.getMessage());
    }
  }

  /** A {@code metav1.Time}: RFC 3339 to the second, as the API server writes it back. */
  static String time(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }

  /**
   * A {@code metav1.MicroTime}: exactly six fraction digits. The API server refuses an Event whose eventTime has
   * nanoseconds (400, "cannot parse"), which {@code Instant.toString()} gives on a JDK with a nanosecond clock.
   */
  static String microTime(Instant instant) {
    return MICRO_TIME.format(instant.truncatedTo(ChronoUnit.MICROS));
  }

  /** The API server refuses event messages over 1 kB. */
  private static String truncate(String message) {
    return message == null || message.length() <= 1000 ? message : message.substring(0, 997) + "...";
  }
}
