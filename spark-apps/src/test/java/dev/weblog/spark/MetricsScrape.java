package dev.weblog.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One scrape of a Prometheus endpoint, read as a person would: series by name and labels. */
public final class MetricsScrape {

  private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})? (\\S+)$");

  /** Series (name with its labels as written, e.g. {@code x_total{reason="bad_ip",}}) to value. */
  private final Map<String, Double> samples = new LinkedHashMap<>();

  private MetricsScrape(String text) {
    for (String line : text.split("\n")) {
      Matcher m = SAMPLE.matcher(line);
      if (m.matches()) {
        samples.put(m.group(1) + (m.group(2) == null ? "" : m.group(2)), Double.parseDouble(m.group(3)));
      }
    }
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

  /** The sum of every series of {@code name} whose labels include each {@code label="value"} pair given. */
  public double sum(String name, String... labels) {
    double total = 0;
    boolean found = false;
    for (Map.Entry<String, Double> e : samples.entrySet()) {
      String series = e.getKey();
      if (!(series.equals(name) || series.startsWith(name + "{"))) {
        continue;
      }
      boolean matches = true;
      for (int i = 0; i < labels.length; i += 2) {
        matches &= series.contains(labels[i] + "=\"" + labels[i + 1] + "\"");
      }
      if (matches) {
        total += e.getValue();
        found = true;
      }
    }
    if (!found) {
      throw new AssertionError("no series " + name + " " + String.join(",", labels) + " in " + samples.keySet());
    }
    return total;
  }
}
