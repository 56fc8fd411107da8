package dev.weblog.spark;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.ipc.RemoteException;

/**
 * Failures that say a service is away for now, not that the run is wrong: HDFS in safe mode after its NameNode
 * (re)started, a refused or unroutable connection, a host that does not resolve yet. They can surface anywhere
 * (Spark rethrows Hadoop's checked exceptions unchecked, from deep inside a query's start), so they are recognised
 * by their causes and the job exits as unavailable, to be retried.
 */
public final class ServiceUnavailable {

  /** Hadoop's safe-mode refusal, by name: the class lives in the NameNode's jar, not the client's. */
  static final String SAFE_MODE = "org.apache.hadoop.hdfs.server.namenode.SafeModeException";

  private ServiceUnavailable() {}

  /** One line saying what was away, if {@code e} was caused by a service being away. */
  public static Optional<String> of(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String name = t instanceof RemoteException r ? r.getClassName() : t.getClass().getName();
      if (SAFE_MODE.equals(name)) {
        return Optional.of("HDFS is in safe mode (its NameNode has just started and waits for the DataNodes' "
            + "reports): " + firstLine(t));
      }
      if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
        return Optional.of("connection refused or unroutable: " + firstLine(t));
      }
      if (t instanceof UnknownHostException) {
        return Optional.of("host does not resolve (yet): " + firstLine(t));
      }
    }
    return Optional.empty();
  }

  /**
   * True when {@code cause} is an I/O failure of the storage's state rather than one a person fixes: a DataNode away
   * ("does not have enough number of replicas"), a NameNode restarting, a connection reset. What a person fixes —
   * permissions, quotas, a path that is missing or in the way — is named by its class anywhere in the causes.
   */
  public static boolean transientIo(Throwable cause) {
    boolean io = false;
    for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String name = t instanceof RemoteException r ? r.getClassName() : t.getClass().getName();
      if (PERSON_FIXES.contains(name)) {
        return false;
      }
      io |= t instanceof IOException;
    }
    return io;
  }

  /** I/O failures that stay until a person acts: retrying them changes nothing. */
  static final Set<String> PERSON_FIXES = Set.of("org.apache.hadoop.security.AccessControlException",
      "org.apache.hadoop.fs.permission.AccessControlException", "java.nio.file.AccessDeniedException",
      "java.io.FileNotFoundException", "java.nio.file.NoSuchFileException",
      "org.apache.hadoop.fs.FileAlreadyExistsException", "java.nio.file.FileAlreadyExistsException",
      "org.apache.hadoop.fs.ParentNotDirectoryException", "org.apache.hadoop.fs.PathIsNotEmptyDirectoryException",
      "org.apache.hadoop.hdfs.protocol.DSQuotaExceededException",
      "org.apache.hadoop.hdfs.protocol.NSQuotaExceededException",
      "org.apache.hadoop.hdfs.protocol.QuotaExceededException");

  private static String firstLine(Throwable t) {
    String m = t instanceof RemoteException r ? r.getMessage() : t.getMessage();
    return m == null ? t.getClass().getSimpleName() : m.lines().findFirst().orElse("").strip();
  }
}
