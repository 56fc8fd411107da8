package dev.weblog.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A real Prometheus (Debian's package, fetched by scripts/prometheus.sh) on this host, discovering the test
 * namespace's pods through the Kubernetes API (kubernetes_sd, role pod) and scraping those with the conventional
 * prometheus.io annotations, with the chart's alert rules loaded. Every {@code for:} of the rules is cut to 5 s so
 * an alert can fire within a fault's window; the production timings are held by the chart's promtool tests.
 */
final class E2ePrometheus implements AutoCloseable {

  static final String RULES = "helm/weblog-operator/files/weblog-alerts.yaml";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final URI api;
  private final HttpClient http = HttpClient.newHttpClient();

  private E2ePrometheus(Process process, URI api) {
    this.process = process;
    this.api = api;
  }

  /** Where scripts/prometheus.sh put the binaries: WEBLOG_PROMETHEUS_HOME, else its cache. */
  static Optional<Path> home() {
    String env = System.getenv("WEBLOG_PROMETHEUS_HOME");
    if (env != null && !env.isBlank()) {
      return Optional.of(Path.of(env)).filter(p -> Files.isExecutable(p.resolve("prometheus")));
    }
    Path cache = Path.of(System.getProperty("user.home"), ".cache", "weblog", "prometheus");
    if (!Files.isDirectory(cache)) {
      return Optional.empty();
    }
    try (Stream<Path> dirs = Files.list(cache)) {
      return dirs.filter(p -> Files.isExecutable(p.resolve("prometheus"))).sorted().reduce((a, b) -> b);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  static E2ePrometheus start(Path home, Path dir, Path kubeconfig, String namespace, Path repo) throws IOException {
    Files.createDirectories(dir);
    String rules = Files.readString(repo.resolve(RULES)).replaceAll("(?m)^(\\s*)for: \\S+$", "$1for: 5s");
    Files.writeString(dir.resolve("rules.yaml"), rules);
    Files.writeString(dir.resolve("prometheus.yml"), config(kubeconfig, namespace, dir.resolve("rules.yaml")));
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Process p = new ProcessBuilder(home.resolve("prometheus").toString(),
        "--config.file=" + dir.resolve("prometheus.yml"), "--storage.tsdb.path=" + dir.resolve("data"),
        "--web.listen-address=127.0.0.1:" + port, "--log.level=warn")
        .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
    E2ePrometheus prometheus = new E2ePrometheus(p, URI.create("http://127.0.0.1:" + port));
    Cluster.await("Prometheus to answer on port " + port, Duration.ofMinutes(1),
        () -> prometheus.ready() ? Optional.of(true) : Optional.empty(),
        () -> p.isAlive() ? "starting" : "exited with " + p.exitValue() + "; see " + dir.resolve("prometheus.log"));
    return prometheus;
  }

  /** Annotation-driven pod discovery, as the README shows; pod labels become component and pipeline. */
  static String config(Path kubeconfig, String namespace, Path rules) {
    return String.join("\n",
        "global:",
        "  scrape_interval: 5s",
        "  evaluation_interval: 5s",
        "rule_files: ['" + rules + "']",
        "scrape_configs:",
        "  - job_name: weblog-pods",
        // The operator's per-pipeline series carry the pipeline's own namespace: keep it, not the pod's.
        "    honor_labels: true",
        "    kubernetes_sd_configs:",
        "      - role: pod",
        "        kubeconfig_file: '" + kubeconfig + "'",
        "        namespaces: {names: ['" + namespace + "']}",
        "    relabel_configs:",
        "      - {source_labels: [__meta_kubernetes_pod_annotation_prometheus_io_scrape], action: keep, regex: 'true'}",
        "      - {source_labels: [__meta_kubernetes_pod_phase], action: drop, regex: 'Succeeded|Failed'}",
        "      - source_labels: [__address__, __meta_kubernetes_pod_annotation_prometheus_io_port]",
        "        regex: '([^:]+)(?::\\d+)?;(\\d+)'",
        "        replacement: '$1:$2'",
        "        target_label: __address__",
        "      - {source_labels: [__meta_kubernetes_pod_annotation_prometheus_io_path], regex: '(.+)', "
            + "target_label: __metrics_path__}",
        "      - {source_labels: [__meta_kubernetes_namespace], target_label: namespace}",
        "      - {source_labels: [__meta_kubernetes_pod_name], target_label: pod}",
        "      - {source_labels: [__meta_kubernetes_pod_label_app_kubernetes_io_component], target_label: component}",
        "");
  }

  private boolean ready() {
    try {
      return http.send(HttpRequest.newBuilder(api.resolve("/-/ready")).build(), HttpResponse.BodyHandlers.ofString())
          .statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The values of an instant query's result vector (empty when it matches nothing). */
  List<Double> query(String promql) {
    JsonNode data = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    List<Double> out = new ArrayList<>();
    for (JsonNode r : data.path("result")) {
      out.add(Double.parseDouble(r.path("value").path(1).asText()));
    }
    return out;
  }

  /** The single value of a query, or empty. */
  Optional<Double> value(String promql) {
    List<Double> values = query(promql);
    return values.size() == 1 ? Optional.of(values.get(0)) : Optional.empty();
  }

  /** Whether the alert named {@code name} is firing now. */
  boolean firing(String name) {
    for (JsonNode a : get("/api/v1/alerts").path("alerts")) {
      if (name.equals(a.path("labels").path("alertname").asText()) && "firing".equals(a.path("state").asText())) {
        return true;
      }
    }
    return false;
  }

  private JsonNode get(String path) {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(api + path)).build(),
          HttpResponse.BodyHandlers.ofString());
      JsonNode body = JSON.readTree(r.body());
      if (r.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
        throw new IllegalStateException("Prometheus " + path + " answered " + r.statusCode() + ": " + r.body());
      }
      return body.path("data");
    } catch (IOException e) {
      throw new UncheckedIOException("Prometheus " + path, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  @Override
  public void close() {
    process.destroy();
  }
}
