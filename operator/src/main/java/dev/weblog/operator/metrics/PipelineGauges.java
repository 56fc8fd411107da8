package dev.weblog.operator.metrics;

import dev.weblog.common.Target;
import dev.weblog.operator.api.ConditionStatus;
import dev.weblog.operator.api.Phase;
import dev.weblog.operator.api.WebLogPipeline;
import dev.weblog.operator.reconciler.Conditions;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * Per-pipeline gauges a person alerts on (README, "Watching a pipeline"), labelled {@code namespace} and
 * {@code pipeline}: ready, phase, each condition's status, the stream's lag, rate and last commit, stalled and
 * lagging, live accuracy per target and the quality gate's floor. Written after every reconcile; a pipeline no
 * longer in the operator's cache loses its series at the next scrape.
 */
public final class PipelineGauges {

  /** For reconcilers that export nothing (tests of other things). */
  public static final PipelineGauges NONE = new PipelineGauges(null);

  private final MeterRegistry registry;
  private final Map<String, Row> rows = new ConcurrentHashMap<>();
  private volatile Supplier<Set<String>> live;

  public PipelineGauges(MeterRegistry registry) {
    this.registry = registry;
  }

  /** The pipelines that still exist, as {@code namespace/name}; asked before each scrape. */
  public void liveFrom(Supplier<Set<String>> pipelines) {
    this.live = pipelines;
  }

  public void update(WebLogPipeline p) {
    if (registry == null) {
      return;
    }
    String ns = p.getMetadata().getNamespace();
    String name = p.getMetadata().getName();
    rows.computeIfAbsent(ns + "/" + name, k -> new Row(registry, ns, name)).figures.set(PipelineFigures.of(p));
  }

  /** Drops the series of pipelines that are gone. */
  public void prune() {
    Supplier<Set<String>> source = live;
    if (registry == null || source == null) {
      return;
    }
    Set<String> keep = source.get();
    rows.entrySet().removeIf(e -> {
      if (keep.contains(e.getKey())) {
        return false;
      }
      e.getValue().meters.forEach(registry::remove);
      return true;
    });
  }

  private static final class Row {
    final AtomicReference<PipelineFigures> figures = new AtomicReference<>();
    final List<Meter> meters = new ArrayList<>();
    private final MeterRegistry registry;
    private final String ns;
    private final String name;

    Row(MeterRegistry registry, String ns, String name) {
      this.registry = registry;
      this.ns = ns;
      this.name = name;
      gauge("weblog.pipeline.ready", "1 when condition Ready is True", f -> f.ready() ? 1 : 0);
      for (Phase phase : Phase.values()) {
        gauge("weblog.pipeline.phase", "1 for the pipeline's current phase", f -> f.phase() == phase ? 1 : 0,
            "phase", phase.name().charAt(0) + phase.name().substring(1).toLowerCase(Locale.ROOT));
      }
      for (String type : Conditions.TYPES) {
        for (ConditionStatus status : ConditionStatus.values()) {
          gauge("weblog.pipeline.condition", "1 for each condition's current status",
              f -> f.conditions().get(type) == status ? 1 : 0, "type", type, "status",
              status.name().toLowerCase(Locale.ROOT));
        }
      }
      gauge("weblog.pipeline.stream.lag.records", "Consumer lag as last read from the stream driver",
          PipelineFigures::lag);
      gauge("weblog.pipeline.stream.records.per.second", "Records read per second over about the last minute",
          PipelineFigures::recordsPerSecond);
      gauge("weblog.pipeline.stream.last.commit.timestamp.seconds", "When the stream last committed a micro-batch",
          PipelineFigures::lastCommitSeconds);
      gauge("weblog.pipeline.stream.stalled", "1 when StreamHealthy is False with reason Stalled",
          f -> f.stalled() ? 1 : 0);
      gauge("weblog.pipeline.stream.lagging", "1 when StreamHealthy is False with reason Lagging",
          f -> f.lagging() ? 1 : 0);
      for (Target t : Target.values()) {
        gauge("weblog.pipeline.live.accuracy", "Share of the last labelled live lines predicted right",
            f -> f.liveAccuracy().get(t), "target", t.id());
      }
      gauge("weblog.pipeline.quality.gate.min.accuracy", "The spec's training.qualityGate.minAccuracy",
          PipelineFigures::gateMinAccuracy);
    }

    private void gauge(String metric, String help, ToDoubleFunction<PipelineFigures> value, String... tags) {
      Gauge.Builder<AtomicReference<PipelineFigures>> b = Gauge.builder(metric, figures, ref -> {
        PipelineFigures f = ref.get();
        return f == null ? Double.NaN : value.applyAsDouble(f);
      }).description(help).tag("namespace", ns).tag("pipeline", name);
      for (int i = 0; i + 1 < tags.length; i += 2) {
        b.tag(tags[i], tags[i + 1]);
      }
      meters.add(b.register(registry));
    }
  }
}
