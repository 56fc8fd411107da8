package dev.weblog.operator.support;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The chart rendered by the real Helm engine. Strimzi's chart cannot be downloaded on machines without internet
 * access, so a copy of our chart gets an empty stand-in under charts/ (the dependency is off by default anyway).
 */
public final class RenderedChart {

  public static final Path REPO_ROOT = Path.of(System.getProperty("weblog.repo.root", ".."));
  public static final Path CHART = REPO_ROOT.resolve("helm/weblog-operator");
  public static final String RELEASE = "weblog";
  public static final String NAMESPACE = "weblog-system";

  private final List<String> documents;

  private RenderedChart(List<String> documents) {
    this.documents = documents;
  }

  /** A copy of the chart with the Strimzi stand-in, ready for lint and template. */
  public static Helm chartCopy(Path tmp) {
    Path copy = tmp.resolve("weblog-operator");
    copyTree(CHART, copy);
    Path standIn = copy.resolve("charts/strimzi-kafka-operator");
    try {
      Files.createDirectories(standIn);
      Files.writeString(standIn.resolve("Chart.yaml"),
          "apiVersion: v2\nname: strimzi-kafka-operator\nversion: 0.49.1\ndescription: stand-in for tests\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Helm(copy);
  }

  public static RenderedChart render(Path tmp, Map<String, String> values) {
    return render(tmp, RELEASE, NAMESPACE, values);
  }

  /** The chart as {@code helm template release --namespace namespace} renders it. */
  public static RenderedChart render(Path tmp, String release, String namespace, Map<String, String> values) {
    TemplateCommand command = chartCopy(tmp).template().withName(release).withNamespace(namespace);
    values.forEach(command::set);
    String yaml = command.call();
    List<String> docs = new ArrayList<>();
    for (String doc : yaml.split("(?m)^---\\s*$")) {
      if (doc.lines().anyMatch(l -> l.startsWith("kind:"))) {
        docs.add(doc);
      }
    }
    return new RenderedChart(docs);
  }

  public List<GenericKubernetesResource> all() {
    return documents.stream().map(d -> Serialization.unmarshal(d, GenericKubernetesResource.class)).toList();
  }

  public List<GenericKubernetesResource> ofKind(String kind) {
    return all().stream().filter(r -> r.getKind().equals(kind)).toList();
  }

  public <T> List<T> ofKind(String kind, Class<T> type) {
    return documents.stream()
        .filter(d -> Serialization.unmarshal(d, GenericKubernetesResource.class).getKind().equals(kind))
        .map(d -> Serialization.unmarshal(d, type)).toList();
  }

  private static void copyTree(Path from, Path to) {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path p : paths.sorted(Comparator.naturalOrder()).toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy the chart " + from, e);
    }
  }
}
