package dev.weblog.embedded;

import dev.weblog.common.HdfsLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.PrivilegedExceptionAction;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.hdfs.DFSConfigKeys;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.hdfs.client.HdfsClientConfigKeys;
import org.apache.hadoop.security.UserGroupInformation;

/**
 * A real HDFS (NameNode and DataNodes) in this JVM. Data lives under a folder of the caller's, so a second
 * start on the same folder finds the files of the first. Permissions are off unless a superuser is named: the
 * NameNode then runs as that user, and the caller's own user is an ordinary one, as the jobs are in the cluster.
 */
public final class EmbeddedHdfs implements AutoCloseable {

  private final MiniDFSCluster cluster;
  private final Configuration conf;
  // Kept apart from the cluster: its accessor fails while the NameNode is stopped, and a restart keeps the port.
  private final int nameNodePort;
  // Whoever starts the NameNode is its superuser: a restart must run as the same user.
  private final UserGroupInformation superuser;

  private EmbeddedHdfs(MiniDFSCluster cluster, Configuration conf, UserGroupInformation superuser) {
    this.cluster = cluster;
    this.conf = conf;
    this.nameNodePort = cluster.getNameNodePort();
    this.superuser = superuser;
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
      asSuperuser(() -> {
        cluster.restartNameNode(0, true);
        return null;
      });
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

  /**
   * What the cluster's history loader does as the superuser before any job runs: {@code base} created, its tree
   * owned by {@code owner}, closed to everyone else ({@link HdfsLayout#BASE_MODE}).
   */
  public void ownBase(String base, String owner) {
    org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(base);
    try {
      asSuperuser(() -> {
        try (FileSystem fs = FileSystem.newInstance(URI.create(uri()), conf)) {
          fs.mkdirs(root);
          chown(fs, fs.getFileStatus(root), owner);
          fs.setPermission(root, new FsPermission(HdfsLayout.BASE_MODE));
        }
        return null;
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot hand " + base + " on " + uri() + " to " + owner + ": " + e.getMessage(),
          e);
    }
  }

  private static void chown(FileSystem fs, FileStatus status, String owner) throws IOException {
    fs.setOwner(status.getPath(), owner, owner);
    if (status.isDirectory()) {
      for (FileStatus child : fs.listStatus(status.getPath())) {
        chown(fs, child, owner);
      }
    }
  }

  private <T> T asSuperuser(PrivilegedExceptionAction<T> action) throws IOException {
    return as(superuser, action);
  }

  /** As {@code user}, or as the caller when null. */
  private static <T> T as(UserGroupInformation user, PrivilegedExceptionAction<T> action) throws IOException {
    try {
      return user == null ? action.run() : user.doAs(action);
    } catch (IOException e) {
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (Exception e) {
      throw new IOException(e.getMessage(), e);
    }
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
    private String superuser;

    private Builder(Path dir) {
      this.dir = dir;
    }

    /** Permissions on, the NameNode run as {@code name}; the caller's own user is then no superuser. */
    public Builder permissions(String name) {
      this.superuser = name;
      return this;
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
      conf.setBoolean(DFSConfigKeys.DFS_PERMISSIONS_ENABLED_KEY, superuser != null);
      conf.set(DFSConfigKeys.DFS_NAMENODE_HTTP_ADDRESS_KEY, "localhost:" + nameNodeHttpPort);
      // A closed file is complete once the DataNode has reported its last block, a moment after the client asks; the
      // client's first retry waits 400 ms by default, which cost every file written here a quarter of a second. Set
      // here because the cluster caches its client from this conf at start, and every later FileSystem.get of this
      // URI (Spark's, the jobs', the benchmarks') reuses that client: a spark.hadoop.* setting never reaches it.
      conf.setInt(HdfsClientConfigKeys.BlockWrite.LOCATEFOLLOWINGBLOCK_INITIAL_DELAY_MS_KEY, 10);
      boolean existing = keepData && dir.resolve("data").toFile().isDirectory()
          && dir.resolve("name-0-1/current/VERSION").toFile().isFile();
      UserGroupInformation owner = superuser == null ? null : UserGroupInformation.createRemoteUser(superuser);
      PrivilegedExceptionAction<MiniDFSCluster> build = () -> {
        MiniDFSCluster cluster = new MiniDFSCluster.Builder(conf)
            .numDataNodes(dataNodes)
            .nameNodePort(nameNodePort)
            .nameNodeHttpPort(nameNodeHttpPort)
            .format(!existing)
            .manageNameDfsDirs(true)
            .manageDataDfsDirs(true)
            .build();
        cluster.waitActive();
        return cluster;
      };
      try {
        return new EmbeddedHdfs(as(owner, build), conf, owner);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start HDFS in " + dir + ": " + e.getMessage(), e);
      }
    }
  }
}
