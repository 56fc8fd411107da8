package dev.weblog.spark;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.utils.Utils;

/**
 * Host names that do not resolve, yet: a Service applied in the same {@code kubectl apply} as the pipeline, or a
 * cluster DNS restarting, resolves a moment later. A job that meets one exits as unavailable (retried with the
 * backoff), not as a usage error (never retried): a misspelt host looks the same, and its message says which.
 */
public final class HostNames {

  private HostNames() {}

  /** The hosts of {@code host:port,host:port} (Kafka's bootstrap list) that do not resolve here. */
  public static List<String> unresolved(String servers) {
    List<String> unresolved = new ArrayList<>();
    for (String server : servers.split(",")) {
      String host = Utils.getHost(server.strip());
      if (host == null) {
        continue;
      }
      try {
        InetAddress.getByName(host);
      } catch (UnknownHostException e) {
        unresolved.add(host);
      }
    }
    return unresolved;
  }

  /** The unresolved host among {@code e}'s causes (Hadoop wraps it in an IllegalArgumentException). */
  public static Optional<UnknownHostException> unknownHost(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof UnknownHostException u) {
        return Optional.of(u);
      }
    }
    return Optional.empty();
  }

  /** One line for a job's failure: the host, what it was for, and that the job is retried. */
  public static String notResolving(String host, String what) {
    return "host '" + host + "' of " + what + " does not resolve (yet): a Service made in the same apply, or a "
        + "DNS restart, takes a moment; the job is retried. If it persists, check the name";
  }
}
