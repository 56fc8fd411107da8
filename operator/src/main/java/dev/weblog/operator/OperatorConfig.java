package dev.weblog.operator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The operator's runtime settings, from environment variables (the Helm chart sets these names):
 * {@code WEBLOG_WATCH_NAMESPACES} (comma-separated, {@code *} for all; default the operator's own namespace),
 * {@code WEBLOG_LEADER_ELECTION} (true|false, default false; Lease {@value #LEASE_NAME} in the operator's
 * namespace), {@code WEBLOG_HTTP_PORT} (default 8080: /healthz, /readyz, /metrics). The operator's namespace is
 * {@code POD_NAMESPACE} (downward API), else the service account's namespace file, else {@code default}. Its
 * identity in the Lease is {@code POD_NAME} (downward API), else {@code HOSTNAME}, else a random one.
 */
public record OperatorConfig(Set<String> watchNamespaces, boolean leaderElection, int httpPort,
    String operatorNamespace, String leaderIdentity) {

  public static final String WATCH_NAMESPACES = "WEBLOG_WATCH_NAMESPACES";
  public static final String LEADER_ELECTION = "WEBLOG_LEADER_ELECTION";
  public static final String HTTP_PORT = "WEBLOG_HTTP_PORT";
  public static final String POD_NAMESPACE = "POD_NAMESPACE";
  public static final String POD_NAME = "POD_NAME";
  public static final String ALL_NAMESPACES = "*";
  public static final String LEASE_NAME = "weblog-operator";
  public static final int DEFAULT_HTTP_PORT = 8080;
  public static final Path SERVICE_ACCOUNT_NAMESPACE =
      Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");

  public static OperatorConfig fromEnvironment() {
    return from(System.getenv(), SERVICE_ACCOUNT_NAMESPACE);
  }

  /** Throws IllegalArgumentException naming the variable when a value is unusable. */
  public static OperatorConfig from(Map<String, String> env, Path namespaceFile) {
    String own = blank(env.get(POD_NAMESPACE)) ? readNamespace(namespaceFile) : env.get(POD_NAMESPACE).trim();
    String watch = env.get(WATCH_NAMESPACES);
    Set<String> namespaces = new LinkedHashSet<>();
    if (blank(watch)) {
      namespaces.add(own);
    } else {
      Arrays.stream(watch.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(namespaces::add);
      if (namespaces.contains(ALL_NAMESPACES) && namespaces.size() > 1) {
        throw new IllegalArgumentException(WATCH_NAMESPACES + "='" + watch + "': '*' (all namespaces) cannot be "
            + "combined with namespace names");
      }
    }
    String leader = env.getOrDefault(LEADER_ELECTION, "false").trim();
    if (!leader.equalsIgnoreCase("true") && !leader.equalsIgnoreCase("false")) {
      throw new IllegalArgumentException(LEADER_ELECTION + "='" + leader + "' must be true or false");
    }
    int port;
    String portText = env.getOrDefault(HTTP_PORT, String.valueOf(DEFAULT_HTTP_PORT)).trim();
    try {
      port = Integer.parseInt(portText);
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(HTTP_PORT + "='" + portText + "' must be a port number (0-65535)");
    }
    String identity = !blank(env.get(POD_NAME)) ? env.get(POD_NAME).trim()
        : !blank(env.get("HOSTNAME")) ? env.get("HOSTNAME").trim() : null;
    return new OperatorConfig(Set.copyOf(namespaces), Boolean.parseBoolean(leader), port, own, identity);
  }

  public boolean watchesAllNamespaces() {
    return watchNamespaces.contains(ALL_NAMESPACES);
  }

  private static String readNamespace(Path file) {
    try {
      if (file != null && Files.isReadable(file)) {
        String ns = Files.readString(file).trim();
        if (!ns.isEmpty()) {
          return ns;
        }
      }
    } catch (IOException e) {
      // fall through to the default namespace
    }
    return "default";
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
