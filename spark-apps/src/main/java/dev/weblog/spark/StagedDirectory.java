package dev.weblog.spark;

import java.io.IOException;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Output written into a hidden folder beside its target, then swapped in by renames: readers see the old folder
 * or the new one, never half of one, and a failed run leaves the old one untouched.
 */
public final class StagedDirectory {

  private final FileSystem fs;
  private final Path target;
  private final Path staging;

  private StagedDirectory(FileSystem fs, Path target, Path staging) {
    this.fs = fs;
    this.target = target;
    this.staging = staging;
  }

  /** Checks that the target's parent can hold folders now, before any work is spent. */
  public static StagedDirectory beside(FileSystem fs, Path target) {
    Path parent = target.getParent();
    Path staging = new Path(parent, "." + target.getName() + ".staging-" + UUID.randomUUID());
    try {
      if (!fs.mkdirs(parent) || !fs.getFileStatus(parent).isDirectory()) {
        throw new JobFailure("cannot write " + target + ": " + parent + " is not a writable folder");
      }
    } catch (IOException e) {
      throw new JobFailure("cannot write " + target + ": " + oneLine(e), e);
    }
    return new StagedDirectory(fs, target, staging);
  }

  public Path staging() {
    return staging;
  }

  public Path target() {
    return target;
  }

  public void commit() {
    Path old = new Path(target.getParent(), "." + target.getName() + ".replaced-" + UUID.randomUUID());
    try {
      boolean hadOld = fs.exists(target);
      if (hadOld && !fs.rename(target, old)) {
        throw new JobFailure("cannot replace " + target + ": renaming it to " + old + " failed");
      }
      if (!fs.rename(staging, target)) {
        throw new JobFailure("cannot move " + staging + " to " + target + ": rename failed");
      }
      if (hadOld) {
        fs.delete(old, true);
      }
    } catch (IOException e) {
      throw new JobFailure("cannot replace " + target + ": " + oneLine(e), e);
    }
  }

  /** Best effort: a leftover hidden staging folder is harmless to readers. */
  public void abandon() {
    try {
      fs.delete(staging, true);
    } catch (IOException e) {
      System.err.println("could not remove staging folder " + staging + ": " + oneLine(e));
    }
  }

  public static String oneLine(Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
