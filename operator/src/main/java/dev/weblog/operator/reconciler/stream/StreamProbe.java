package dev.weblog.operator.reconciler.stream;

import dev.weblog.common.PrometheusText;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;

/** Reads a running driver's metrics: the stream's as a {@link DriverSample}, any driver's as text. */
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

  /** One scrape: the parsed text, or why there is none. */
  record Scrape(PrometheusText text, String failure) {

    public boolean answered() {
      return text != null;
    }
  }

  Scrape scrape(Pod driver);

  default Reading read(Pod driver, Instant now) {
    Scrape scrape = scrape(driver);
    return scrape.answered() ? Reading.of(DriverSample.of(scrape.text(), now)) : Reading.failed(scrape.failure());
  }
}
