package dev.weblog.operator.reconciler.stream;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;

/** Reads a running stream driver's metrics. */
public interface StreamProbe {

  /** A reading: the sample, or why there is none (naming the address and the cause). */
  record Reading(DriverSample sample, String failure) {

    public static Reading of(DriverSample sample) {
      return new Reading(sample, null);
    }

    public static Reading failed(String why) {
      return new Reading(null, why);
    }

    public boolean answered() {
      return sample != null;
    }
  }

  Reading read(Pod driver, Instant now);
}
