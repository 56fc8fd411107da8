package dev.weblog.spark;

import dev.weblog.common.JobContract;
import java.util.OptionalInt;
import picocli.CommandLine.Option;

/**
 * A batch or real-time job's {@link JobContract#OPT_METRICS_PORT}: absent, no endpoint (the demo and tests open no port unless
 * asked); 0, a free port.
 */
public final class MetricsPortOption {

  @Option(names = JobContract.OPT_METRICS_PORT, paramLabel = "PORT",
      description = "Serve the job's progress in the Prometheus format at http://<host>:PORT"
          + JobContract.METRICS_PATH + " while it runs (0: a free port; default: no endpoint)")
  Integer port;

  /** The port asked for; a value outside 0..65535 is a JobFailure naming the option. */
  public OptionalInt port() {
    if (port == null) {
      return OptionalInt.empty();
    }
    if (port < 0 || port > 65_535) {
      throw new JobFailure(JobContract.OPT_METRICS_PORT + " must be a port 0..65535 (0: a free one), got " + port);
    }
    return OptionalInt.of(port);
  }
}
