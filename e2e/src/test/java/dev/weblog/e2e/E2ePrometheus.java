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
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus (Debian's package, fetched by scripts/prometheus.sh) on this host, scraping the test
 * namespace's pods that carry the conventional prometheus.io annotations, with the chart's alert rules loaded.
 * Debian builds Prometheus without kubernetes_sd (its Kubernetes client is not packaged: "field
 * kubernetes_sd_configs not found"), so the discovery kubernetes_sd would do is done here from the same API: the
 * annotated running pods are written every few seconds to a file_sd file, labelled as the README's relabelling
 * does. Every {@code for:} of the rules is cut to 5 s so an alert can fire within a fault's window; the production
 * timings are held by the chart's promtool tests.
 */
final class E2ePrometheus implements AutoCloseable {

  static final String RULES = "helm/weblog-operator/files/weblog-alerts.yaml";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final URI api;
  private final ScheduledExecutorService discovery;
  private final HttpClient http = HttpClient.newHttpClient();

  private E2ePrometheus(Process process, URI api, ScheduledExecutorService discovery) {
    this.process = process;
    this.api = api;
    this.discovery = discovery;
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

  static E2ePrometheus start(Path home, Path dir, KubernetesClient client, String namespace, Path repo)
      throws IOException {
    Files.createDirectories(dir);
    String rules = Files.readString(repo.resolve(RULES)).replaceAll("(?m)^(\\s*)for: \\S+$", "$1for: 5s");
    Files.writeString(dir.resolve("rules.yaml"), rules);
    Path targets = dir.resolve("targets.json");
    writeTargets(client, namespace, targets);
    Files.writeString(dir.resolve("prometheus.yml"), config(targets, dir.resolve("rules.yaml")));
    ScheduledExecutorService discovery = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "e2e-prometheus-discovery");
      t.setDaemon(true);
      return t;
    });
    discovery.scheduleWithFixedDelay(() -> {
      try {
        writeTargets(client, namespace, targets);
      } catch (RuntimeException | IOException e) {
        System.out.println("e2e: Prometheus targets not refreshed: " + e.getMessage());
      }
    }, 3, 3, TimeUnit.SECONDS);
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Process p = new ProcessBuilder(home.resolve("prometheus").toString(),
        "--config.file=" + dir.resolve("prometheus.yml"), "--storage.tsdb.path=" + dir.resolve("data"),
        "--web.listen-address=127.0.0.1:" + port, "--log.level=warn")
        .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
    E2ePrometheus prometheus = new E2ePrometheus(p, URI.create("http://127.0.0.1:" + port), discovery);
    try {
      Cluster.await("Prometheus to answer on port " + port, Duration.ofMinutes(1),
          () -> prometheus.ready() ? Optional.of(true) : Optional.empty(),
          () -> p.isAlive() ? "starting" : "exited with " + p.exitValue() + ": " + log(dir));
    } catch (RuntimeException | AssertionError e) {
      prometheus.close();
      throw e;
    }
    return prometheus;
  }

  private static String log(Path dir) {
    try {
      return Files.readString(dir.resolve("prometheus.log")).strip();
    } catch (IOException e) {
      return "no log";
    }
  }

  /**
   * What kubernetes_sd with the README's relabelling gives: each running pod annotated prometheus.io/scrape=true
   * at its IP and annotated port and path, labelled namespace, pod and component (its app.kubernetes.io label).
   */
  static List<Map<String, Object>> targets(List<Pod> pods) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Pod pod : pods) {
      Map<String, String> a =
          pod.getMetadata().getAnnotations() == null ? Map.of() : pod.getMetadata().getAnnotations();
      String ip = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
      if (!"true".equals(a.get("prometheus.io/scrape")) || ip == null || a.get("prometheus.io/port") == null
          || !"Running".equals(pod.getStatus().getPhase())) {
        continue;
      }
      Map<String, String> labels = new TreeMap<>();
      labels.put("__metrics_path__", a.getOrDefault("prometheus.io/path", "/metrics"));
      labels.put("namespace", pod.getMetadata().getNamespace());
      labels.put("pod", pod.getMetadata().getName());
      Map<String, String> podLabels = pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
      labels.put("component", podLabels.getOrDefault("app.kubernetes.io/component", ""));
      labels.put("pipeline", podLabels.getOrDefault("app.kubernetes.io/instance", ""));
      out.add(Map.of("targets", List.of(ip + ":" + a.get("prometheus.io/port")), "labels", labels));
    }
    return out;
  }

  private static void writeTargets(KubernetesClient client, String namespace, Path file) throws IOException {
    List<Pod> pods = client.pods().inNamespace(namespace).list().getItems();
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, JSON.writeValueAsString(targets(pods)));
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  static String config(Path targets, Path rules) {
    return String.join("\n",
        "global:",
        "  scrape_interval: 5s",
        "  evaluation_interval: 5s",
        "rule_files: ['" + rules + "']",
        "scrape_configs:",
        "  - job_name: weblog-pods",
        // The operator's per-pipeline series carry the pipeline's own namespace: keep it, not the pod's.
        "    honor_labels: true",
        "    file_sd_configs:",
        "      - files: ['" + targets + "']",
        "        refresh_interval: 5s",
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
    discovery.shutdownNow();
    process.destroy();
  }
}
