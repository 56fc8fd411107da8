package dev.weblog.operator.metrics;

import dev.weblog.common.Target;
import dev.weblog.operator.api.Condition;
import dev.weblog.operator.api.ConditionStatus;
import dev.weblog.operator.api.Phase;
import dev.weblog.operator.api.StreamStatus;
import dev.weblog.operator.api.WebLogPipeline;
import dev.weblog.operator.api.WebLogPipelineStatus;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A pipeline's status as the numbers of its gauges; NaN where the status does not know (Prometheus compares NaN
 * with nothing, so an unknown lag never fires an alert).
 *
 * @param conditions per condition type, its status
 * @param liveAccuracy per target, NaN before labelled lines arrived
 */
public record PipelineFigures(Phase phase, boolean ready, Map<String, ConditionStatus> conditions, double lag,
    double recordsPerSecond, double lastCommitSeconds, boolean stalled, boolean lagging,
    Map<Target, Double> liveAccuracy, double gateMinAccuracy) {

  public static PipelineFigures of(WebLogPipeline p) {
    WebLogPipelineStatus status = p.getStatus() == null ? new WebLogPipelineStatus() : p.getStatus();
    Map<String, ConditionStatus> conditions = new LinkedHashMap<>();
    for (Condition c : status.getConditions()) {
      conditions.put(c.getType(), c.getStatus());
    }
    Condition health = status.getConditions().stream().filter(c -> Condition.STREAM_HEALTHY.equals(c.getType()))
        .findFirst().orElse(null);
    String healthReason = health == null ? "" : health.getReason();
    StreamStatus st = status.getStream() == null ? new StreamStatus() : status.getStream();
    Map<Target, Double> accuracy = new EnumMap<>(Target.class);
    for (Target t : Target.values()) {
      Double a = st.getLiveAccuracy() == null ? null : st.getLiveAccuracy().get(t.id());
      accuracy.put(t, a == null ? Double.NaN : a);
    }
    return new PipelineFigures(status.getPhase() == null ? Phase.PENDING : status.getPhase(),
        conditions.get(Condition.READY) == ConditionStatus.TRUE, conditions, number(st.getLag()),
        number(st.getRecordsPerSecond()),
        st.getLastCommitTime() == null ? Double.NaN : Instant.parse(st.getLastCommitTime()).getEpochSecond(),
        Condition.STALLED.equals(healthReason), Condition.LAGGING.equals(healthReason), accuracy,
        p.getSpec().getTraining().getQualityGate().getMinAccuracy());
  }

  private static double number(Number n) {
    return n == null ? Double.NaN : n.doubleValue();
  }
}
