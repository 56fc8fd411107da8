package dev.weblog.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Scrapes a metrics endpoint on a period, as a Prometheus would, while a measured run works; nothing without one. */
final class Scraper implements AutoCloseable {

  private final ScheduledExecutorService timer;

  private Scraper(ScheduledExecutorService timer) {
    this.timer = timer;
  }

  static Scraper every(Duration period, Optional<String> url) {
    if (url.isEmpty()) {
      return new Scraper(null);
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
    }, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    return new Scraper(timer);
  }

  @Override
  public void close() {
    if (timer != null) {
      timer.shutdownNow();
    }
  }
}
