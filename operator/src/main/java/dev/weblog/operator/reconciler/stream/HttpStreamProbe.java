package dev.weblog.operator.reconciler.stream;

import dev.weblog.common.PrometheusText;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/** Scrapes the driver's Prometheus endpoint over HTTP, as Prometheus would, with a short timeout. */
public final class HttpStreamProbe implements StreamProbe {

  static final Duration TIMEOUT = Duration.ofSeconds(3);

  private final Function<Pod, Optional<URI>> address;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

  /** The production probe: the pod's IP and its {@code metrics} port. */
  public HttpStreamProbe() {
    this(DriverEndpoint::of);
  }

  /** With another way to find a driver's endpoint (tests serve it on loopback). */
  public HttpStreamProbe(Function<Pod, Optional<URI>> address) {
    this.address = address;
  }

  @Override
  public Scrape scrape(Pod driver) {
    String name = driver.getMetadata().getName();
    Optional<URI> uri = address.apply(driver);
    if (uri.isEmpty()) {
      return new Scrape(null, "driver pod " + name + " has no IP yet");
    }
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri.get()).timeout(TIMEOUT).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        return new Scrape(null, "metrics endpoint " + uri.get() + " of driver " + name + " answered HTTP "
            + response.statusCode());
      }
      return new Scrape(PrometheusText.parse(response.body()), null);
    } catch (IOException e) {
      return new Scrape(null, "metrics endpoint " + uri.get() + " of driver " + name + " did not answer: "
          + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Scrape(null, "reading metrics endpoint " + uri.get() + " of driver " + name + " was interrupted");
    }
  }
}
