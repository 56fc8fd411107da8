package dev.weblog.operator.kube;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Kubernetes control plane in child processes: etcd, kube-apiserver (RBAC on, every admission plugin
 * 1.20 enables by default) and kube-controller-manager running the controllers whose behaviour the operator
 * relies on (garbage collection, namespaces, service accounts and their tokens). No kubelet, scheduler or
 * workload controllers: the tests play those by writing statuses, as envtest does. Runs as any user, on
 * loopback ports of its own, so it can run beside the local cluster.
 */
public final class LocalApiServer implements AutoCloseable {

  private static final String ADMIN = "weblog-test-admin";

  private final KubeBinaries binaries;
  private final Path dir;
  private final Path etcdData;
  private final String adminToken;
  private final int etcdPort;
  private final int etcdPeerPort;
  private final int port;
  private final List<CustomResourceDefinition> crds;
  private Process etcd;
  private Process apiServer;
  private Process controllerManager;
  private KubernetesClient admin;

  private LocalApiServer(KubeBinaries binaries, Path dir, List<CustomResourceDefinition> crds) throws IOException {
    this.binaries = binaries;
    this.dir = dir;
    this.crds = crds;
    Path shm = Path.of("/dev/shm");
    // etcd fsyncs every write: on tmpfs that costs nothing, and the data dies with the test run anyway.
    this.etcdData = Files.isWritable(shm) ? Files.createTempDirectory(shm, "weblog-etcd-") : dir.resolve("etcd");
    byte[] token = new byte[24];
    new SecureRandom().nextBytes(token);
    this.adminToken = HexFormat.of().formatHex(token);
    this.etcdPort = freePort();
    this.etcdPeerPort = freePort();
    this.port = freePort();
  }

  /** Starts etcd and the apiserver, installs {@code crds} (so the garbage collector knows them), then the rest. */
  public static LocalApiServer start(KubeBinaries binaries, Path dir, List<CustomResourceDefinition> crds) {
    try {
      Files.createDirectories(dir);
      LocalApiServer s = new LocalApiServer(binaries, dir, crds);
      Runtime.getRuntime().addShutdownHook(new Thread(s::close, "local-apiserver-stop"));
      s.writeCredentials();
      s.startEtcd();
      s.startApiServer();
      s.installCrds();
      s.startControllerManager();
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A client with cluster-admin rights (system:masters). */
  public KubernetesClient adminClient() {
    return admin;
  }

  /** A configuration the tests can derive other clients from (impersonation, user agent, retries). */
  public Config adminConfig() {
    return new ConfigBuilder(Config.empty())
        .withMasterUrl("https://127.0.0.1:" + port)
        .withCaCertFile(dir.resolve("serving/apiserver.crt").toString())
        .withOauthToken(adminToken)
        .withRequestTimeout(30_000)
        .build();
  }

  public KubernetesClient newClient(Config config) {
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /** Stops the apiserver and starts it again on the same port, against the same etcd: the informers' ordeal. */
  public void restartApiServer() {
    stop(apiServer);
    startApiServer();
  }

  public Path logs() {
    return dir;
  }

  private void writeCredentials() throws IOException {
    KeyPair sa;
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      sa = g.generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    Files.writeString(dir.resolve("sa.key"), pem("PRIVATE KEY", sa.getPrivate().getEncoded()));
    Files.writeString(dir.resolve("sa.pub"), pem("PUBLIC KEY", sa.getPublic().getEncoded()));
    Files.writeString(dir.resolve("tokens.csv"), adminToken + "," + ADMIN + "," + ADMIN + ",\"system:masters\"\n");
  }

  private void startEtcd() {
    String client = "http://127.0.0.1:" + etcdPort;
    String peer = "http://127.0.0.1:" + etcdPeerPort;
    etcd = launch("etcd", List.of(binaries.etcd().toString(), "--name", "weblog-test",
        "--data-dir", etcdData.toString(), "--listen-client-urls", client, "--advertise-client-urls", client,
        "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer,
        "--initial-cluster", "weblog-test=" + peer, "--listen-metrics-urls", "http://127.0.0.1:" + freePort()));
  }

  private void startApiServer() {
    apiServer = launch("kube-apiserver", List.of(binaries.apiServer().toString(),
        "--etcd-servers=http://127.0.0.1:" + etcdPort,
        "--bind-address=127.0.0.1", "--advertise-address=127.0.0.1",
        "--secure-port=" + port, "--insecure-port=0",
        "--cert-dir=" + dir.resolve("serving"),
        "--token-auth-file=" + dir.resolve("tokens.csv"),
        "--authorization-mode=RBAC",
        "--service-account-key-file=" + dir.resolve("sa.pub"),
        "--service-account-signing-key-file=" + dir.resolve("sa.key"),
        "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
        // Room for the thousands of Services the fault sweeps make on one server (a /24 ran out).
        "--service-cluster-ip-range=10.0.0.0/16",
        "--allow-privileged=false", "--profiling=false"));
    await("kube-apiserver /readyz", apiServer, Duration.ofSeconds(90), this::ready);
    if (admin == null) {
      admin = newClient(adminConfig());
    }
  }

  private boolean ready() {
    if (!Files.exists(dir.resolve("serving/apiserver.crt"))) {
      return false;
    }
    try (KubernetesClient c = newClient(new ConfigBuilder(adminConfig()).withRequestTimeout(2_000)
        .withConnectionTimeout(1_000).withRequestRetryBackoffLimit(0).build())) {
      return "ok".equals(c.raw("https://127.0.0.1:" + port + "/readyz"));
    } catch (RuntimeException e) {
      return false;
    }
  }

  private void installCrds() {
    for (CustomResourceDefinition crd : crds) {
      // Created as helm installs crds/: 1.20 drops the CEL rules it does not know on create, while server-side
      // apply refuses them outright ("x-kubernetes-validations: field not declared in schema").
      admin.apiextensions().v1().customResourceDefinitions().resource(crd).create();
    }
    for (CustomResourceDefinition crd : crds) {
      admin.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName())
          .waitUntilCondition(c -> c != null && c.getStatus() != null && c.getStatus().getConditions() != null
              && c.getStatus().getConditions().stream()
                  .anyMatch(x -> "Established".equals(x.getType()) && "True".equals(x.getStatus())),
              60, TimeUnit.SECONDS);
    }
  }

  private void startControllerManager() throws IOException {
    Path kubeconfig = dir.resolve("controller-manager.kubeconfig");
    Files.writeString(kubeconfig, String.join("\n",
        "apiVersion: v1", "kind: Config",
        "clusters: [{name: local, cluster: {server: 'https://127.0.0.1:" + port + "', certificate-authority: '"
            + dir.resolve("serving/apiserver.crt") + "'}}]",
        "users: [{name: admin, user: {token: '" + adminToken + "'}}]",
        "contexts: [{name: local, context: {cluster: local, user: admin}}]",
        "current-context: local", ""));
    controllerManager = launch("kube-controller-manager", List.of(binaries.controllerManager().toString(),
        "--kubeconfig=" + kubeconfig,
        "--controllers=garbagecollector,namespace,serviceaccount,serviceaccount-token",
        "--service-account-private-key-file=" + dir.resolve("sa.key"),
        "--root-ca-file=" + dir.resolve("serving/apiserver.crt"),
        // Its flex-volume probe would otherwise make /usr/libexec/kubernetes on the host.
        "--flex-volume-plugin-dir=" + dir.resolve("flexvolume"),
        "--leader-elect=false", "--port=0", "--secure-port=0", "--profiling=false"));
    // The service-account controller making "default" in kube-system shows the controllers are running.
    await("kube-controller-manager", controllerManager, Duration.ofSeconds(60),
        () -> admin.serviceAccounts().inNamespace("kube-system").withName("default").get() != null);
  }

  private Process launch(String name, List<String> command) {
    try {
      return new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(name + ".log").toFile())).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command.get(0), e);
    }
  }

  private void await(String what, Process process, Duration timeout, java.util.function.BooleanSupplier ready) {
    Instant deadline = Instant.now().plus(timeout);
    while (!ready.getAsBoolean()) {
      if (!process.isAlive()) {
        throw new IllegalStateException(what + " exited with " + process.exitValue() + "; last lines of its log:\n"
            + tail(dir.resolve(process == etcd ? "etcd.log" : process == apiServer ? "kube-apiserver.log"
                : "kube-controller-manager.log")));
      }
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException(what + " not ready after " + timeout.toSeconds() + " s; logs in " + dir);
      }
      sleep(200);
    }
  }

  @Override
  public synchronized void close() {
    if (admin != null) {
      admin.close();
    }
    stop(controllerManager);
    stop(apiServer);
    stop(etcd);
    controllerManager = apiServer = etcd = null;
    if (etcdData.startsWith("/dev/shm")) {
      deleteTree(etcdData);
    }
  }

  private static void stop(Process p) {
    if (p == null || !p.isAlive()) {
      return;
    }
    p.destroy();
    try {
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // tmpfs files left behind are harmless; the next run makes a new directory
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
