package dev.weblog.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** The cluster the e2e test drives, with the few waits and reads it needs; prints what it waits for. */
final class Cluster {

  private final KubernetesClient client;
  private final String namespace;

  Cluster(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  KubernetesClient client() {
    return client;
  }

  String namespace() {
    return namespace;
  }

  /** Polls until {@code value} is present, printing {@code what} and the latest {@code progress} every 15 s. */
  static <T> T await(String what, Duration timeout, Supplier<Optional<T>> value, Supplier<String> progress) {
    Instant start = Instant.now();
    Instant deadline = start.plus(timeout);
    Instant nextReport = start;
    while (true) {
      Optional<T> v;
      try {
        v = value.get();
      } catch (RuntimeException e) {
        v = Optional.empty();
        if (Instant.now().isAfter(deadline)) {
          throw e;
        }
      }
      if (v.isPresent()) {
        return v.get();
      }
      Instant now = Instant.now();
      if (now.isAfter(deadline)) {
        throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what + "; last: "
            + progress.get());
      }
      if (!now.isBefore(nextReport)) {
        System.out.printf("e2e:   waiting %3d s for %s: %s%n", Duration.between(start, now).toSeconds(), what,
            progress.get());
        nextReport = now.plusSeconds(15);
      }
      sleep(Duration.ofSeconds(3));
    }
  }

  /** Runs a command in a pod's container and returns its standard output; fails on a non-zero exit. */
  String exec(String pod, String container, String... command) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try (ExecWatch watch = client.pods().inNamespace(namespace).withName(pod).inContainer(container)
        .writingOutput(out).writingError(err).exec(command)) {
      Integer code = watch.exitCode().get(3, TimeUnit.MINUTES);
      if (code == null || code != 0) {
        throw new IllegalStateException("exec in " + pod + " exited " + code + ": " + String.join(" ", command)
            + "\n" + err);
      }
      return out.toString();
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("exec in " + pod + " did not finish in 3 minutes", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("exec in " + pod + " failed: " + e.getCause(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** An object's row as kubectl get prints it: the API server's Table, column name to cell text. */
  Map<String, String> printedRow(String path) {
    String url = client.getMasterUrl().toString().replaceAll("/$", "") + path;
    HttpRequest request = client.getHttpClient().newHttpRequestBuilder().uri(url)
        .header("Accept", "application/json;as=Table;v=v1;g=meta.k8s.io").build();
    try {
      HttpResponse<String> response = client.getHttpClient().sendAsync(request, String.class).get(30,
          TimeUnit.SECONDS);
      JsonNode table = new ObjectMapper().readTree(response.body());
      Map<String, String> row = new LinkedHashMap<>();
      JsonNode cells = table.path("rows").path(0).path("cells");
      for (int i = 0; i < table.path("columnDefinitions").size(); i++) {
        JsonNode cell = cells.path(i);
        row.put(table.path("columnDefinitions").path(i).path("name").asText(), cell.isNull() || cell.isMissingNode()
            ? "" : cell.asText());
      }
      return row;
    } catch (Exception e) {
      throw new IllegalStateException("GET " + url + " as a Table: " + e.getMessage(), e);
    }
  }

  List<Pod> pods(String labelSelector) {
    return client.pods().inNamespace(namespace).withLabelSelector(labelSelector).list().getItems();
  }

  Optional<Pod> readyPod(String labelSelector) {
    return pods(labelSelector).stream().filter(Cluster::isReady).findFirst();
  }

  static boolean isReady(Pod pod) {
    return pod.getStatus() != null && pod.getStatus().getConditions() != null && pod.getStatus().getConditions()
        .stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /** What a person would look at when a step fails: pods, the latest events, the operator's last lines. */
  void printDiagnostics(String operatorSelector) {
    System.out.println("---- e2e diagnostics (namespace " + namespace + ") ----");
    for (Pod p : client.pods().inNamespace(namespace).list().getItems()) {
      System.out.printf("pod %-60s %-10s %s%n", p.getMetadata().getName(), p.getStatus().getPhase(),
          p.getStatus().getContainerStatuses() == null ? "" : p.getStatus().getContainerStatuses().stream()
              .map(c -> c.getName() + " restarts=" + c.getRestartCount()
                  + (c.getState().getWaiting() != null ? " waiting=" + c.getState().getWaiting().getReason() : "")
                  + (c.getState().getTerminated() != null ? " exit=" + c.getState().getTerminated().getExitCode()
                      : ""))
              .toList());
    }
    List<Event> events = client.v1().events().inNamespace(namespace).list().getItems();
    events.stream().sorted(Comparator.comparing(Cluster::eventTime)).skip(Math.max(0, events.size() - 40))
        .forEach(e -> System.out.printf("event %s %s %s: %s%n", e.getType(), e.getInvolvedObject().getName(),
            e.getReason(), e.getMessage()));
    for (Pod p : pods(operatorSelector)) {
      System.out.println("---- operator log " + p.getMetadata().getName() + " (last 60 lines) ----");
      System.out.println(client.pods().inNamespace(namespace).withName(p.getMetadata().getName()).tailingLines(60)
          .getLog());
    }
  }

  private static String eventTime(Event e) {
    String t = e.getLastTimestamp() != null ? e.getLastTimestamp() : e.getEventTime() != null
        ? e.getEventTime().getTime() : e.getMetadata().getCreationTimestamp();
    return t == null ? "" : t;
  }

  static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
