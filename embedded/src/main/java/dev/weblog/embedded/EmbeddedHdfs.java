package dev.weblog.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.DFSConfigKeys;
import org.apache.hadoop.hdfs.MiniDFSCluster;

/**
 * A real HDFS (NameNode and DataNodes) in this JVM. Data lives under a folder of the caller's, so a second
 * start on the same folder finds the files of the first.
 */
public final class EmbeddedHdfs implements AutoCloseable {

  private final MiniDFSCluster cluster;
  private final Configuration conf;
  // Kept apart from the cluster: its accessor fails while the NameNode is stopped, and a restart keeps the port.
  private final int nameNodePort;

  private EmbeddedHdfs(MiniDFSCluster cluster, Configuration conf) {
    this.cluster = cluster;
    this.conf = conf;
    this.nameNodePort = cluster.getNameNodePort();
  }

  /** Starts with defaults: one DataNode, any free ports, fresh format only if the folder is empty. */
  public static EmbeddedHdfs start(Path dir) {
    return builder(dir).start();
  }

  public static Builder builder(Path dir) {
    return new Builder(dir);
  }

  /** {@code hdfs://localhost:<port>}: what jobs take as {@code --hdfs}. */
  public String uri() {
    return "hdfs://localhost:" + nameNodePort;
  }

  public int nameNodePort() {
    return nameNodePort;
  }

  /** The NameNode web UI, for people. */
  public String webUi() {
    return "http://" + cluster.getNameNode().getHttpAddress().getHostString() + ":"
        + cluster.getNameNode().getHttpAddress().getPort();
  }

  public FileSystem fileSystem() {
    try {
      return FileSystem.get(URI.create(uri()), conf);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open HDFS at " + uri(), e);
    }
  }

  public Configuration configuration() {
    return new Configuration(conf);
  }

  public MiniDFSCluster cluster() {
    return cluster;
  }

  /** Stops the NameNode, as a crash or an outage would: clients get connection refused on its port. */
  public void stopNameNode() {
    cluster.shutdownNameNode(0);
  }

  public boolean nameNodeUp() {
    return cluster.isNameNodeUp(0);
  }

  /** Starts the NameNode again on the same port and folders, and waits until the DataNodes have reported. */
  public void restartNameNode() {
    try {
      cluster.restartNameNode(0, true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot restart the NameNode of " + uri() + ": " + e.getMessage(), e);
    }
    if (cluster.getNameNodePort() != nameNodePort) {
      throw new IllegalStateException("the NameNode of " + uri() + " came back on port " + cluster.getNameNodePort());
    }
  }

  /** DataNodes running now. */
  public int dataNodeCount() {
    return cluster.getDataNodes().size();
  }

  /**
   * Stops one running DataNode (0-based, in the order of {@link #dataNodeCount}) without telling the NameNode, as
   * a crash would: the NameNode keeps offering it in write pipelines until clients fail to reach it. Returns the
   * stopped node's address, as the NameNode and the logs name it.
   */
  public String stopDataNode(int index) {
    if (index < 0 || index >= dataNodeCount()) {
      throw new IllegalArgumentException("no running DataNode " + index + " of " + dataNodeCount() + " in " + uri());
    }
    String address = cluster.getDataNodes().get(index).getDisplayName();
    cluster.stopDataNode(index);
    return address;
  }

  @Override
  public void close() {
    cluster.shutdown(false, true);
  }

  /** Options for the cluster. */
  public static final class Builder {
    private final Path dir;
    private int dataNodes = 1;
    private int nameNodePort;
    private int nameNodeHttpPort;
    private boolean keepData = true;

    private Builder(Path dir) {
      this.dir = dir;
    }

    public Builder dataNodes(int n) {
      this.dataNodes = n;
      return this;
    }

    /** 0 (the default) picks a free port. */
    public Builder nameNodePort(int port) {
      this.nameNodePort = port;
      return this;
    }

    /** 0 (the default) picks a free port. */
    public Builder nameNodeHttpPort(int port) {
      this.nameNodeHttpPort = port;
      return this;
    }

    /** False formats the NameNode even when the folder holds an earlier cluster's data. */
    public Builder keepData(boolean keep) {
      this.keepData = keep;
      return this;
    }

    public EmbeddedHdfs start() {
      Configuration conf = new Configuration();
      conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.toAbsolutePath().toString());
      conf.setBoolean(DFSConfigKeys.DFS_NAMENODE_DATANODE_REGISTRATION_IP_HOSTNAME_CHECK_KEY, false);
      // One machine, one or two DataNodes: replication above their count would leave blocks under-replicated.
      conf.setInt(DFSConfigKeys.DFS_REPLICATION_KEY, Math.min(dataNodes, 2));
      conf.setBoolean(DFSConfigKeys.DFS_PERMISSIONS_ENABLED_KEY, false);
      conf.set(DFSConfigKeys.DFS_NAMENODE_HTTP_ADDRESS_KEY, "localhost:" + nameNodeHttpPort);
      boolean existing = keepData && dir.resolve("data").toFile().isDirectory()
          && dir.resolve("name-0-1/current/VERSION").toFile().isFile();
      try {
        MiniDFSCluster cluster = new MiniDFSCluster.Builder(conf)
            .numDataNodes(dataNodes)
            .nameNodePort(nameNodePort)
            .nameNodeHttpPort(nameNodeHttpPort)
            .format(!existing)
            .manageNameDfsDirs(true)
            .manageDataDfsDirs(true)
            .build();
        cluster.waitActive();
        return new EmbeddedHdfs(cluster, conf);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start HDFS in " + dir + ": " + e.getMessage(), e);
      }
    }
  }
}
