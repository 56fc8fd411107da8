package dev.weblog.spark;

import dev.weblog.common.JobContract;
import java.io.IOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Asks the file system for its root before a job reads anything: with the NameNode down, the first real read fails
 * deep inside (a model pointer, a checkpoint) with Hadoop's wrapped network error, an EOFException or a "Call From
 * ... failed", where a person needs one line naming the HDFS that did not answer.
 */
public final class StorageCheck {

  private StorageCheck() {}

  /** A {@link JobFailure} naming the file system's URI when it cannot be used. */
  public static void requireReachable(FileSystem fs) {
    try {
      fs.getFileStatus(new Path("/"));
    } catch (IOException e) {
      throw JobFailure.unavailable("cannot reach HDFS at " + fs.getUri() + " (" + JobContract.OPT_HDFS + "): "
          + innermost(e) + "; is its NameNode running and reachable from here?", e);
    }
  }

  /** Hadoop wraps the network error in a copy with a paragraph of advice; the original says it in a few words. */
  private static String innermost(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName()
        : t.getClass().getSimpleName() + ": " + StagedDirectory.oneLine(t);
  }
}
