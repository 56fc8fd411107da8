package dev.weblog.operator.reconciler;

import dev.weblog.operator.api.WebLogPipeline;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Kubernetes Events on the pipeline, so {@code kubectl describe wlp} tells its story; also logged. */
public final class PipelineEvents {

  public static final String COMPONENT = "weblog-operator";
  private static final Logger LOG = LoggerFactory.getLogger(PipelineEvents.class);
  private static final AtomicLong SEQUENCE = new AtomicLong();

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
    String now = DateTimeFormatter.ISO_INSTANT.format(clock.instant());
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
        .withEventTime(new MicroTime(now))
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

  /** The API server refuses event messages over 1 kB. */
  private static String truncate(String message) {
    return message == null || message.length() <= 1000 ? message : message.substring(0, 997) + "...";
  }
}
