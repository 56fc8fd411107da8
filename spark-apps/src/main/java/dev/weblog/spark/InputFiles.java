package dev.weblog.spark;

import java.io.FileNotFoundException;
import java.io.IOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/** Checks an input folder before a job reads it, so a missing or empty input is one clear line. */
public final class InputFiles {

  private InputFiles() {}

  /** How many visible files a folder holds (recursively), and their total size. */
  public record Listing(int files, long bytes) {}

  /** Lists the visible files under the folder; fails when there is no folder or no file. */
  public static Listing require(FileSystem fs, Path folder, String what) {
    int files = 0;
    long bytes = 0;
    try {
      if (!fs.exists(folder)) {
        throw new JobFailure("input path not found: " + folder + " (expected " + what + ")");
      }
      RemoteIterator<LocatedFileStatus> it = fs.listFiles(folder, true);
      while (it.hasNext()) {
        LocatedFileStatus file = it.next();
        if (visible(folder, file.getPath())) {
          files++;
          bytes += file.getLen();
        }
      }
    } catch (FileNotFoundException e) {
      throw new JobFailure("input path not found: " + folder + " (expected " + what + ")", e);
    } catch (IOException e) {
      throw new JobFailure("cannot list " + folder + ": " + StagedDirectory.oneLine(e), e);
    }
    if (files == 0) {
      throw new JobFailure("empty input: no files under " + folder + " (expected " + what + ")");
    }
    return new Listing(files, bytes);
  }

  /** Hadoop and Spark skip names starting with '_' or '.' (markers, staging, checksums); so do we. */
  private static boolean visible(Path root, Path file) {
    for (Path p = file; p != null && !p.equals(root); p = p.getParent()) {
      if (p.getName().startsWith("_") || p.getName().startsWith(".")) {
        return false;
      }
    }
    return true;
  }
}
