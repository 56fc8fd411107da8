package dev.weblog.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import dev.weblog.common.PrometheusText;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Scrapes a metrics endpoint on a period from the start, as a Prometheus would, while a measured run works; nothing
 * without an endpoint.
 */
final class Scraper implements AutoCloseable {

  private final ScheduledExecutorService timer;
  private final HttpClient http;
  private final HttpRequest request;

  private Scraper(ScheduledExecutorService timer, HttpClient http, HttpRequest request) {
    this.timer = timer;
    this.http = http;
    this.request = request;
  }

  static Scraper every(Duration period, Optional<String> url) {
    if (url.isEmpty()) {
      return new Scraper(null, null, null);
    }
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest request = HttpRequest.newBuilder(URI.create(url.get())).build();
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "bench-scraper");
      t.setDaemon(true);
      return t;
    });
    timer.scheduleAtFixedRate(() -> {
      try {
        http.send(request, HttpResponse.BodyHandlers.discarding());
      } catch (IOException e) {
        // A scrape that fails costs the driver nothing more; the measurement goes on.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    return new Scraper(timer, http, request);
  }

  /** Scrapes once more, now, and sums the series named; empty without an endpoint. */
  OptionalDouble last(String series) {
    if (request == null) {
      return OptionalDouble.empty();
    }
    try {
      return PrometheusText.parse(http.send(request, HttpResponse.BodyHandlers.ofString()).body()).sum(series);
    } catch (IOException e) {
      throw new BenchFailure("cannot scrape " + request.uri() + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchFailure("interrupted scraping " + request.uri(), e);
    }
  }

  @Override
  public void close() {
    if (timer != null) {
      timer.shutdownNow();
    }
  }
}
