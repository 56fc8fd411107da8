package dev.weblog.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weblog.common.PrometheusText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** One scrape of a Prometheus endpoint, read as a person would: series by name and labels. */
public final class MetricsScrape {

  private final PrometheusText text;

  private MetricsScrape(String text) {
    this.text = PrometheusText.parse(text);
  }

  /** The samples of a scrape's text. */
  public static MetricsScrape parse(String text) {
    return new MetricsScrape(text);
  }

  public static MetricsScrape of(String url) {
    try {
      HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, response.statusCode(), url);
      return new MetricsScrape(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The sum of every series of {@code name} whose labels include each {@code label, value} pair given. */
  public double sum(String name, String... labels) {
    return text.sum(name, labels).orElseThrow(() -> new AssertionError("no series " + name + " "
        + String.join(",", labels) + " in " + text.samples().stream().map(PrometheusText.Sample::name).distinct()
            .toList()));
  }
}
