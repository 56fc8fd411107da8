package dev.weblog.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class MetricsEndpointTest {

  @Test
  void servesTheRegistryWithTheJvmsFiguresAndCountsWhatScrapesCost() throws Exception {
    try (MetricsEndpoint endpoint = MetricsEndpoint.start(OptionalInt.of(0), IllegalStateException::new)) {
      endpoint.registry().counter("weblog.test.things").increment(3);
      String url = endpoint.url().orElseThrow();
      scrape(url);
      PrometheusText second = PrometheusText.parse(scrape(url));
      assertEquals(3.0, second.sum("weblog_test_things_total").getAsDouble());
      assertTrue(second.sum("jvm_memory_used_bytes").getAsDouble() > 0, "the JVM's own figures beside");
      assertTrue(second.sum(MetricsEndpoint.CPU_SERIES, "work", "scrape").getAsDouble() > 0,
          "the first scrape's rendering is counted by the second");
    }
  }

  @Test
  void aPortInUseIsTheProgramsOwnErrorNamingThePort() {
    try (MetricsEndpoint taken = MetricsEndpoint.start(OptionalInt.of(0), IllegalStateException::new)) {
      int port = URI.create(taken.url().orElseThrow()).getPort();
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> MetricsEndpoint.start(OptionalInt.of(port), IllegalArgumentException::new));
      assertTrue(e.getMessage().contains("port " + port) && e.getMessage().contains(JobContract.OPT_METRICS_PORT),
          e.getMessage());
    }
  }

  @Test
  void withoutAPortNothingIsServedAndMetersRecordNothing() {
    try (MetricsEndpoint off = MetricsEndpoint.start(OptionalInt.empty(), IllegalStateException::new)) {
      assertTrue(off.url().isEmpty());
      off.registry().counter("weblog.test.things").increment();
      assertEquals(0.0, off.registry().counter("weblog.test.things").count());
    }
  }

  private static String scrape(String url) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode());
    return r.body();
  }
}
