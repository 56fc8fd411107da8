package dev.weblog.operator.kube;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the real control plane's binaries are: kube-apiserver and kube-controller-manager from the local
 * cluster's build cache ({@code scripts/local-k8s.sh build}), or from {@code WEBLOG_KUBE_BIN}; etcd from
 * {@code WEBLOG_ETCD} or the PATH. Nothing is downloaded: these machines have no internet.
 */
record KubeBinaries(Path apiServer, Path controllerManager, Path etcd) {

  static final String VERSION = "1.20.2";
  /** Set by CI: missing binaries fail the build instead of skipping the real-API tests. */
  static final String REQUIRED = "WEBLOG_REQUIRE_KUBE";

  /** The binaries, or why they cannot be found. */
  static Located locate(Map<String, String> env) {
    Path bin = Optional.ofNullable(env.get("WEBLOG_KUBE_BIN")).map(Path::of)
        .orElse(Path.of(env.getOrDefault("HOME", System.getProperty("user.home")),
            ".cache/weblog/k8s-" + VERSION + "/bin"));
    Path etcd = Optional.ofNullable(env.get("WEBLOG_ETCD")).map(Path::of)
        .or(() -> onPath(env.getOrDefault("PATH", ""), "etcd")).orElse(null);
    List<String> missing = new ArrayList<>();
    for (String name : List.of("kube-apiserver", "kube-controller-manager")) {
      if (!Files.isExecutable(bin.resolve(name))) {
        missing.add(bin.resolve(name).toString());
      }
    }
    if (etcd == null || !Files.isExecutable(etcd)) {
      missing.add("etcd (on PATH or WEBLOG_ETCD; Debian package etcd-server)");
    }
    if (!missing.isEmpty()) {
      return new Located(null, "no real Kubernetes control plane: missing " + String.join(", ", missing)
          + "; run `sudo scripts/local-k8s.sh build` once (about 9 minutes), or set WEBLOG_KUBE_BIN");
    }
    return new Located(new KubeBinaries(bin.resolve("kube-apiserver"), bin.resolve("kube-controller-manager"), etcd),
        null);
  }

  private static Optional<Path> onPath(String path, String name) {
    for (String dir : path.split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
        return Optional.of(Path.of(dir, name));
      }
    }
    return Optional.empty();
  }

  /** Either the binaries or the reason they are missing. */
  record Located(KubeBinaries binaries, String problem) {}
}
