package dev.weblog.operator.kube;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives a test class a real kube-apiserver + etcd + controller-manager ({@link LocalApiServer}) with the
 * project's CRD and Strimzi's published CRDs installed, and each test a namespace of its own. Use as
 * {@code @RegisterExtension static final RealKubernetes KUBE = RealKubernetes.shared();}: one control plane
 * serves the whole test run. {@link #dedicated()} starts one for the class alone (tests that restart it).
 *
 * <p>Without the binaries the tests are skipped with one line saying how to get them, unless
 * {@code WEBLOG_REQUIRE_KUBE=1} (CI) turns that into a failure.
 */
public final class RealKubernetes implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

  static final String OUR_CRD = "/META-INF/fabric8/weblogpipelines.weblog.dev-v1.yml";
  static final List<String> STRIMZI_CRDS = List.of("040-Crd-kafka.yaml", "043-Crd-kafkatopic.yaml",
      "044-Crd-kafkauser.yaml", "045-Crd-kafkanodepool.yaml");
  private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(RealKubernetes.class);
  private static final AtomicInteger NAMESPACES = new AtomicInteger();

  private final boolean dedicated;
  private LocalApiServer server;
  private String namespace;

  private RealKubernetes(boolean dedicated) {
    this.dedicated = dedicated;
  }

  public static RealKubernetes shared() {
    return new RealKubernetes(false);
  }

  public static RealKubernetes dedicated() {
    return new RealKubernetes(true);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    KubeBinaries.Located located = KubeBinaries.locate(System.getenv());
    if (located.binaries() == null) {
      if ("1".equals(System.getenv(KubeBinaries.REQUIRED))) {
        throw new IllegalStateException(located.problem() + " (" + KubeBinaries.REQUIRED + "=1)");
      }
      Assumptions.abort("real-API test skipped: " + located.problem());
    }
    Path target = Path.of(System.getProperty("weblog.kube.dir", "target/kube")).toAbsolutePath();
    if (dedicated) {
      server = LocalApiServer.start(located.binaries(), target.resolve(context.getRequiredTestClass().getSimpleName()),
          crds());
    } else {
      server = context.getRoot().getStore(STORE).getOrComputeIfAbsent("shared",
          k -> new Closing(LocalApiServer.start(located.binaries(), target.resolve("shared"), crds())),
          Closing.class).server();
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    String base = context.getRequiredTestClass().getSimpleName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    namespace = base.substring(0, Math.min(base.length(), 40)) + "-" + NAMESPACES.incrementAndGet();
    client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata()
        .build()).create();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (dedicated && server != null) {
      server.close();
    }
  }

  /** Cluster-admin client. */
  public KubernetesClient client() {
    return server.adminClient();
  }

  /** The current test's own namespace. */
  public String namespace() {
    return namespace;
  }

  public LocalApiServer server() {
    return server;
  }

  public Config adminConfig() {
    return server.adminConfig();
  }

  static List<CustomResourceDefinition> crds() {
    KubernetesSerialization yaml = new KubernetesSerialization();
    List<CustomResourceDefinition> all = new ArrayList<>();
    all.add(read(yaml, OUR_CRD));
    for (String file : STRIMZI_CRDS) {
      all.add(read(yaml, "/strimzi-0.49.1/" + file));
    }
    return all;
  }

  private static CustomResourceDefinition read(KubernetesSerialization yaml, String resource) {
    try (InputStream in = RealKubernetes.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("test resource " + resource + " missing");
      }
      return yaml.unmarshal(in, CustomResourceDefinition.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops the shared control plane when the whole test run ends (JUnit closes AutoCloseable store values). */
  private record Closing(LocalApiServer server) implements AutoCloseable {
    @Override
    public void close() {
      server.close();
    }
  }
}
