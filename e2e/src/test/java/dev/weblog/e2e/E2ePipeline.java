package dev.weblog.e2e;

import dev.weblog.operator.api.Condition;
import dev.weblog.operator.api.ConditionStatus;
import dev.weblog.operator.api.WebLogPipeline;
import dev.weblog.operator.api.WebLogPipelineSpec;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** One applied WebLogPipeline as a person watches and edits it: its newest object, its conditions, its Events. */
final class E2ePipeline {

  private final KubernetesClient client;
  private final String namespace;
  private final String name;

  E2ePipeline(KubernetesClient client, String namespace, String name) {
    this.client = client;
    this.namespace = namespace;
    this.name = name;
  }

  String name() {
    return name;
  }

  /** The pipeline in {@code file} (under the repository) as the test applies it: its placeholders filled in. */
  static WebLogPipeline load(Path file, String namespace, String version) throws IOException {
    String yaml = Files.readString(file).replace("${NAMESPACE}", namespace).replace("${VERSION}", version);
    return Serialization.unmarshal(yaml, WebLogPipeline.class);
  }

  /** Waits until the pipeline's Ready is True for its current generation; the object then. */
  WebLogPipeline awaitReady(Duration timeout) {
    return Cluster.await("wlp/" + name + " to be Ready", timeout,
        () -> Optional.ofNullable(current()).filter(p -> ClusterE2eTest.conditionTrue(p, Condition.READY)),
        this::progress);
  }

  WebLogPipeline current() {
    return client.resources(WebLogPipeline.class).inNamespace(namespace).withName(name).get();
  }

  /**
   * Changes the spec as a person would, on the newest object: the operator's status writes move the resource
   * version too, so an update can meet a conflict (409); it is made again on the object as it then is.
   */
  void editSpec(Consumer<WebLogPipelineSpec> change) {
    for (int attempt = 1;; attempt++) {
      WebLogPipeline p = current();
      change.accept(p.getSpec());
      try {
        client.resource(p).inNamespace(namespace).update();
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt == 10) {
          throw e;
        }
        System.out.println("e2e: the pipeline changed under the spec edit (409), editing it again");
      }
    }
  }

  /** The condition of {@code type} as the status shows it now, whatever generation it observed. */
  Optional<Condition> condition(String type) {
    WebLogPipeline p = current();
    if (p == null || p.getStatus() == null || p.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return p.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  /** The messages of the pipeline's Events with {@code reason}, oldest first as the API lists them. */
  List<String> events(String reason) {
    return client.v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()) && reason.equals(e.getReason()))
        .map(Event::getMessage).toList();
  }

  /** What the pipeline waits for: its phase and the first condition not yet True (the rest only follow from it). */
  String progress() {
    WebLogPipeline p = current();
    if (p == null || p.getStatus() == null) {
      return "no status yet";
    }
    return p.getStatus().getPhase() + " " + p.getStatus().getConditions().stream()
        .filter(c -> c.getStatus() != ConditionStatus.TRUE).findFirst()
        .map(c -> c.getType() + "=" + c.getReason() + (c.getMessage() == null ? "" : " (" + c.getMessage() + ")"))
        .orElse("all conditions True");
  }
}
