package dev.weblog.operator.reconciler;

import dev.weblog.operator.api.WebLogPipeline;
import dev.weblog.operator.builders.ObjectMetas;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.ArrayList;
import java.util.List;

/**
 * What wakes a pipeline's reconcile besides its own changes: its driver pods, StatefulSets, Jobs, producer and
 * NetworkPolicies (a deleted one is put back at once, not at the next periodic reconcile), found by owner
 * reference. Strimzi objects are polled instead (a requeue while Kafka is not ready), so the operator starts in
 * clusters without the Strimzi CRDs when every pipeline uses an external Kafka.
 */
final class PipelineEventSources {

  static final String SELECTOR = ObjectMetas.MANAGED_BY + "=" + ObjectMetas.MANAGED_BY_VALUE;

  private PipelineEventSources() {}

  static List<EventSource<?, WebLogPipeline>> of(EventSourceContext<WebLogPipeline> context) {
    List<EventSource<?, WebLogPipeline>> sources = new ArrayList<>();
    for (Class<? extends HasMetadata> type : List.of(Pod.class, StatefulSet.class, Job.class, Deployment.class,
        NetworkPolicy.class)) {
      sources.add(informer(type, context));
    }
    return sources;
  }

  private static <R extends HasMetadata> EventSource<R, WebLogPipeline> informer(Class<R> type,
      EventSourceContext<WebLogPipeline> context) {
    return new InformerEventSource<>(InformerEventSourceConfiguration.from(type, WebLogPipeline.class)
        .withName(type.getSimpleName().toLowerCase(java.util.Locale.ROOT))
        .withLabelSelector(SELECTOR)
        .build(), context);
  }
}
