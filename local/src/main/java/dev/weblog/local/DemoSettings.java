package dev.weblog.local;

import dev.weblog.common.generator.Drift;
import java.nio.file.Path;
import java.time.Duration;

/** What a demo run does, after the command line was parsed and checked. */
record DemoSettings(
    Path work,
    Path history,
    Path live,
    long historyRows,
    long liveRows,
    double malformedShare,
    long seed,
    String rate,
    String algorithm,
    int maxDepth,
    int partitions,
    String trigger,
    boolean skipTrain,
    boolean keepRunning,
    int hdfsPort,
    int hdfsUiPort,
    int kafkaPort,
    int sparkUiPort,
    int metricsPort,
    Duration streamTimeout,
    /** Whether the real-time path runs beside the stream. */
    boolean realtime,
    /** The shift of the generated live lines; null for none. */
    Drift drift,
    /** Whether drift the stream detects starts a retrain on recent lines, as the operator's onDrift does. */
    boolean retrainOnDrift,
    /** Live lines the stream warms up on before the replay starts (see {@link StreamWarmUp}); 0 for none. */
    long warmUpLines) {

  boolean generated() {
    return history == null;
  }
}
