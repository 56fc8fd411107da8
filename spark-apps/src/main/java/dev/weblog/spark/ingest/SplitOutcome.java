package dev.weblog.spark.ingest;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * What one task did with its split, sent back as the task's result: Spark returns the result of exactly one
 * successful attempt per split, so these are the counts and the files to commit, with no duplicate from a retry.
 *
 * @param lines every line of the split, the file's own header included (line numbers count it)
 * @param rejectedByKind the quarantined lines per rejection kind
 * @param attemptFolder where this attempt wrote: its data files (relative paths in {@code dataFiles}) and, when
 *     {@code rejects}, its {@link RejectLog}
 */
record SplitOutcome(String file, long splitStart, long lines, long valid, long headers,
    Map<String, Long> rejectedByKind, String attemptFolder, List<String> dataFiles, boolean rejects)
    implements Serializable {

  static final String REJECT_LOG = "rejects.bin";
}
