package dev.weblog.operator.reconciler.steps;

import dev.weblog.operator.api.Condition;
import dev.weblog.operator.api.ConditionStatus;
import dev.weblog.operator.api.Phase;
import dev.weblog.operator.api.RealtimeSpec;
import dev.weblog.operator.api.RealtimeStatus;
import dev.weblog.operator.api.WebLogPipelineSpec;
import dev.weblog.operator.builders.SparkStage;
import dev.weblog.operator.reconciler.LongRunningApp;
import dev.weblog.operator.reconciler.PipelineRun;
import dev.weblog.operator.reconciler.SpecChange;
import dev.weblog.operator.reconciler.SpecSections;
import dev.weblog.operator.reconciler.Step;
import dev.weblog.operator.reconciler.StepResult;
import dev.weblog.operator.reconciler.stream.RealtimeSample;
import dev.weblog.operator.reconciler.stream.StreamProbe;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The real-time job while {@code realtime.enabled}: one driver, kept running as the stream's is ({@link
 * LongRunningApp}), its topics and Kafka user made by the Kafka step. Never holds up the steps after it: the
 * producer feeds the stream whatever the real-time job does. Switched off, its driver is stopped.
 */
public final class RealtimeStep implements Step {

  public static final SparkStage STAGE = SparkStage.realtime();
  static final LongRunningApp APP = new LongRunningApp(STAGE, Condition.REALTIME_RUNNING, "Realtime",
      "real-time driver");

  /** Each driver's last reading (by pipeline uid and pod), so the status' latency is of the events since. */
  private final Map<String, RealtimeSample> previous = new ConcurrentHashMap<>();

  @Override
  public String name() {
    return "realtime";
  }

  @Override
  public Phase phase() {
    return Phase.STREAMING;
  }

  @Override
  public StepResult run(PipelineRun run) {
    RealtimeSpec realtime = run.pipeline().getSpec().getRealtime();
    if (!realtime.isEnabled()) {
      APP.stop(run);
      run.conditions().remove(Condition.REALTIME_RUNNING);
      run.status().setRealtime(null);
      return StepResult.done();
    }
    StepResult result = APP.reconcile(run, key(run.pipeline().getSpec()), (st, pod) -> {
      run.progress(Condition.REALTIME_RUNNING, ConditionStatus.TRUE, "RealtimeRunning", "real-time driver "
          + pod.getMetadata().getName() + " of pipeline " + run.where() + " scores topic "
          + run.pipeline().getSpec().getKafka().getTopic() + " into " + realtime.getPredictionsTopic()
          + " (rejected lines into " + realtime.getQuarantineTopic() + ")" + observe(run, pod));
      // Looked at again for status.realtime, as the stream's driver is.
      return StepResult.proceedAndRequeue(Duration.ofSeconds(
          run.pipeline().getSpec().getStreaming().getHealth().getProbeSeconds()));
    });
    return new StepResult(true, result.failure(), result.requeue());
  }

  /** Reads the driver into status.realtime; what the condition adds about it (empty when it did not answer). */
  private String observe(PipelineRun run, Pod pod) {
    String name = pod.getMetadata().getName();
    StreamProbe.Scrape scrape = run.streamMonitor().scrape(pod);
    if (!scrape.answered()) {
      return "";
    }
    RealtimeSample sample = RealtimeSample.of(scrape.text());
    String key = run.pipeline().getMetadata().getUid() + "/" + name;
    RealtimeSample earlier = previous.put(key, sample);
    previous.keySet().removeIf(k -> k.startsWith(run.pipeline().getMetadata().getUid() + "/") && !k.equals(key));
    RealtimeStatus status = new RealtimeStatus();
    status.setDriver(name);
    status.setSampledAt(run.nowText());
    status.setPredictionEvents(sample.predictionEvents());
    status.setQuarantineEvents(sample.quarantineEvents());
    status.setLag(sample.lag());
    status.setLatencyP50Seconds(round(sample.latency(earlier, 0.5)));
    status.setLatencyP99Seconds(round(sample.latency(earlier, 0.99)));
    status.setLastEventTime(sample.lastEvent() == null ? null : sample.lastEvent().toString());
    run.status().setRealtime(status);
    return status.getLatencyP99Seconds() == null ? "; no event " + (earlier == null ? "yet" : "since the last reading")
        : "; latency p99 "
            + Math.round(status.getLatencyP99Seconds() * 1000) + " ms, lag " + status.getLag();
  }

  private static Double round(Double seconds) {
    return seconds == null ? null : Math.round(seconds * 1000) / 1000.0;
  }

  /** Its own section and where Spark's pods go: a change of either starts the next attempt. */
  static String key(WebLogPipelineSpec spec) {
    StringBuilder placement = new StringBuilder();
    SpecSections.leaves(spec).forEach((path, value) -> {
      if (path.startsWith("placement.spark")) {
        placement.append(path).append('=').append(value).append('\n');
      }
    });
    return SpecSections.key(spec, SpecChange.Action.RESTART_REALTIME) + "-" + SpecSections.hash(placement.toString());
  }
}
