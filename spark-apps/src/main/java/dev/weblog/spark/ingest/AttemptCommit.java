package dev.weblog.spark.ingest;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Moves the data files of the attempts that succeeded (one per split, as Spark reported them) from their attempt
 * folders into the output's date folders. Files of failed or duplicate attempts are never moved, so a retried task
 * cannot store its rows twice; they go with the attempts folder.
 */
final class AttemptCommit {

  private AttemptCommit() {}

  static void moveInto(FileSystem fs, List<SplitOutcome> outcomes, Path output) throws IOException {
    Set<Path> folders = new HashSet<>();
    for (SplitOutcome outcome : outcomes) {
      for (String file : outcome.dataFiles()) {
        Path from = new Path(outcome.attemptFolder(), file);
        Path to = new Path(output, file);
        if (folders.add(to.getParent()) && !fs.mkdirs(to.getParent())) {
          throw new IOException("cannot create " + to.getParent());
        }
        if (!fs.rename(from, to)) {
          throw new IOException("cannot move " + from + " to " + to + ": rename failed");
        }
      }
    }
  }
}
