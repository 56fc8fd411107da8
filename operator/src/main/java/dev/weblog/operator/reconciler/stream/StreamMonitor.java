package dev.weblog.operator.reconciler.stream;

import dev.weblog.operator.api.Condition;
import dev.weblog.operator.api.StageStatus;
import dev.weblog.operator.api.StreamStatus;
import dev.weblog.operator.builders.SparkStage;
import dev.weblog.operator.reconciler.DriverState;
import dev.weblog.operator.reconciler.PipelineRun;
import dev.weblog.operator.reconciler.SparkAttempts;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.Optional;

/**
 * Asks the running stream driver how it does (as Flink's operator asks its JobManager): its figures go to
 * {@code status.stream}, and with the driver's state they decide condition StreamHealthy. A driver is read at most
 * once per reconcile.
 */
public final class StreamMonitor {

  private static final SparkStage STAGE = SparkStage.stream();

  private final StreamProbe probe;
  private final StreamWindow window = new StreamWindow();

  public StreamMonitor(StreamProbe probe) {
    this.probe = probe;
  }

  /** Reads the running {@code driver} (once per reconcile) and records what it says in the status. */
  public StreamProbe.Reading read(PipelineRun run, Pod driver) {
    String name = driver.getMetadata().getName();
    Optional<StreamProbe.Reading> done = run.streamReading(name);
    if (done.isPresent()) {
      return done.get();
    }
    StreamProbe.Reading reading = probe.read(driver, run.now());
    if (reading.answered()) {
      StreamStatus st = status(run);
      StreamWindow.Figures figures = window.add(run.pipeline().getMetadata().getUid(), name, reading.sample());
      StreamHealth.record(st, name, reading.sample(), figures, run.now());
      ModelDrift.record(run.status(), reading.sample().models(), run.nowText());
    }
    run.rememberStreamReading(name, reading);
    return reading;
  }

  /** Any running driver's metrics (the real-time driver's), through the same probe. */
  public StreamProbe.Scrape scrape(Pod driver) {
    return probe.scrape(driver);
  }

  /**
   * Sets StreamHealthy, and ModelsCurrent from the same reading (kept as it was while the driver does not answer:
   * StreamHealthy says that); returns when to read the driver again (empty before the stream has started).
   */
  public Optional<Duration> judge(PipelineRun run) {
    StageStatus stage = run.status().getStages().get(STAGE.id());
    StreamHealth.Thresholds thresholds = StreamHealth.Thresholds.of(run.pipeline().getSpec().getStreaming());
    if (stage == null || stage.getAttempt() == 0) {
      ModelDrift.notMonitored(run, "the stream has not started");
      set(run, StreamHealth.judge(run.status().getStream(), StreamHealth.View.NOT_STARTED, "", Optional.empty(),
          run.now(), thresholds));
      return Optional.empty();
    }
    Pod pod = SparkAttempts.driver(run, STAGE, stage.getAttempt());
    DriverState driver = DriverState.of(pod);
    StreamHealth.View view;
    String detail;
    if (driver.phase() == DriverState.Phase.RUNNING) {
      StreamProbe.Reading reading = read(run, pod);
      if (reading.answered()) {
        ModelDrift.apply(run, reading.sample());
      }
      view = !reading.answered() ? StreamHealth.View.UNREACHABLE
          : reading.sample().reachedSource() ? StreamHealth.View.READING : StreamHealth.View.CONNECTING;
      detail = reading.answered() ? "driver " + pod.getMetadata().getName() + " runs; its query has not read topic "
          + run.pipeline().getSpec().getKafka().getTopic() + " yet" : reading.failure();
    } else {
      view = StreamHealth.View.NOT_RUNNING;
      Condition running = run.conditions().get(Condition.STREAMING_RUNNING);
      detail = "the streaming driver is not running: " + (running == null ? driver.phase() : running.getMessage());
      ModelDrift.notMonitored(run, "the stream driver is not running");
    }
    StreamStatus st = run.status().getStream() == null ? status(run) : run.status().getStream();
    Optional<StreamWindow.LagRise> rise = window.lagRise(run.pipeline().getMetadata().getUid(), run.now(),
        thresholds.laggingAfter(), thresholds.minLagGrowth());
    set(run, StreamHealth.judge(st, view, detail, rise, run.now(), thresholds));
    return Optional.of(Duration.ofSeconds(run.pipeline().getSpec().getStreaming().getHealth().getProbeSeconds()));
  }

  private static void set(PipelineRun run, StreamHealth.Verdict v) {
    run.health(Condition.STREAM_HEALTHY, v.status(), v.reason(), "stream of pipeline " + run.where() + ": "
        + v.message(), v.warning());
  }

  private static StreamStatus status(PipelineRun run) {
    if (run.status().getStream() == null) {
      run.status().setStream(new StreamStatus());
    }
    return run.status().getStream();
  }
}
