package dev.weblog.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weblog.common.HdfsLayout;
import dev.weblog.common.JobContract;
import dev.weblog.common.Target;
import dev.weblog.common.generator.GeneratorConfig;
import dev.weblog.common.generator.WebLogGenerator;
import dev.weblog.embedded.EmbeddedHdfs;
import dev.weblog.spark.ingest.IngestJob;
import dev.weblog.spark.model.ModelRegistry;
import dev.weblog.spark.train.TrainJob;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivilegedExceptionAction;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.security.AccessControlException;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The pipeline's jobs on an HDFS with permissions on, set up as the cluster's is: the NameNode runs as a superuser
 * of its own, the base belongs to the jobs' user (this JVM's) with mode 750, and the jobs pass. Any other user is
 * refused under the base, by the file system and in a job.
 */
class HdfsPermissionsTest {

  private static final String SUPERUSER = "hdfs";
  private static final String OTHER = "mallory";
  private static final HdfsLayout LAYOUT = HdfsLayout.defaults();

  private static Path dir;
  private static EmbeddedHdfs hdfs;
  private static String jobsUser;

  @BeforeAll
  static void start() throws IOException {
    dir = Files.createTempDirectory("hdfs-permissions-test");
    hdfs = EmbeddedHdfs.builder(dir.resolve("hdfs")).permissions(SUPERUSER).start();
    jobsUser = UserGroupInformation.getCurrentUser().getShortUserName();
    hdfs.ownBase(LAYOUT.base(), jobsUser);
    Path csv = dir.resolve("history.csv");
    new WebLogGenerator(GeneratorConfig.defaults().withHistoryRows(5_000).withLiveRows(0).withSeed(5))
        .writeHistory(csv);
    hdfs.fileSystem().copyFromLocalFile(path(csv.toString()), path(LAYOUT.raw() + "/history.csv"));
  }

  @AfterAll
  static void stop() throws IOException {
    hdfs.close();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Test
  void theBaseBelongsToTheJobsUserWhoIsNoSuperuser() throws IOException {
    FileStatus base = hdfs.fileSystem().getFileStatus(path(LAYOUT.base()));
    assertEquals(jobsUser, base.getOwner());
    assertEquals(HdfsLayout.BASE_MODE, Integer.toOctalString(base.getPermission().toShort()));
    assertThrows(AccessControlException.class, () -> hdfs.fileSystem().setOwner(path("/user"), jobsUser, null),
        "the jobs' user must not be the superuser, or this test shows nothing");
  }

  @Test
  void thePipelinesJobsPassAsTheJobsUser() throws IOException {
    SparkSession spark = SharedCluster.spark();
    SharedCluster.Outcome ingest = SharedCluster.capture(() -> IngestJob.execute(args(), () -> spark));
    assertEquals(0, ingest.exitCode(), ingest.stderr());
    SharedCluster.Outcome train = SharedCluster.capture(() -> TrainJob.execute(args(JobContract.OPT_TARGET,
        Target.GENDER.id(), JobContract.OPT_ALGORITHM, "decision_tree", JobContract.OPT_MAX_DEPTH, "5"), () -> spark));
    assertEquals(0, train.exitCode(), train.stderr());
    assertEquals(1, new ModelRegistry(hdfs.fileSystem(), LAYOUT).current(Target.GENDER).getAsInt());
    assertEquals(jobsUser, hdfs.fileSystem().getFileStatus(path(LAYOUT.data())).getOwner());
  }

  @Test
  void anotherUserCannotListReadWriteOrDeleteUnderTheBase() throws Exception {
    as(OTHER, () -> {
      try (FileSystem fs = FileSystem.newInstance(URI.create(hdfs.uri()), hdfs.configuration())) {
        assertRefused(() -> fs.listStatus(path(LAYOUT.base())));
        assertRefused(() -> fs.open(path(LAYOUT.raw() + "/history.csv")).close());
        assertRefused(() -> fs.create(path(LAYOUT.raw() + "/forged.csv")).close());
        assertRefused(() -> fs.delete(path(LAYOUT.raw()), true));
        assertRefused(() -> fs.rename(path(LAYOUT.base()), path("/user/data/taken")));
      }
      return null;
    });
    assertTrue(hdfs.fileSystem().exists(path(LAYOUT.raw() + "/history.csv")), "the history is still there");
  }

  @Test
  void aJobAsAnotherUserFailsNamingTheRefusal() throws Exception {
    SparkSession spark = SharedCluster.spark();
    SharedCluster.Outcome out = as(OTHER, () -> SharedCluster.capture(() -> IngestJob.execute(args(), () -> spark)));
    assertNotEquals(0, out.exitCode(), out.stdout());
    assertTrue(out.stderr().contains("Permission denied: user=" + OTHER), out.stderr());
  }

  private static String[] args(String... more) {
    String[] all = new String[4 + more.length];
    all[0] = JobContract.OPT_HDFS;
    all[1] = hdfs.uri();
    all[2] = JobContract.OPT_BASE;
    all[3] = LAYOUT.base();
    System.arraycopy(more, 0, all, 4, more.length);
    return all;
  }

  private static <T> T as(String user, PrivilegedExceptionAction<T> action) throws Exception {
    return UserGroupInformation.createRemoteUser(user).doAs(action);
  }

  private static void assertRefused(Executable call) {
    assertThrows(AccessControlException.class, call);
  }

  private static org.apache.hadoop.fs.Path path(String p) {
    return new org.apache.hadoop.fs.Path(p);
  }
}
