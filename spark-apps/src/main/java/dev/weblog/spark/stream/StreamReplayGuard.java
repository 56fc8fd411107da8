package dev.weblog.spark.stream;

import dev.weblog.spark.JobFailure;
import dev.weblog.spark.StagedDirectory;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.function.Supplier;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.streaming.StreamingQuery;

/**
 * Works around SPARK-55271 in Spark 4.1's Kafka source: when a restarted query first re-runs a batch that was
 * planned but not committed (after a crash, or a stop that interrupted a batch), the batch runs and is committed,
 * then progress reporting throws a NullPointerException in {@code KafkaMicroBatchStream.metrics} and the query
 * dies. Starting it once more is safe then, as the re-run batch is committed and the next one is planned afresh.
 */
final class StreamReplayGuard {

  private static final long POLL_MILLIS = 50;

  private StreamReplayGuard() {}

  /**
   * Starts the query; if the checkpoint holds an uncommitted batch, waits until Spark has re-run it (the call
   * takes as long as that batch) and starts the query again if the known failure ended it right after.
   */
  static StreamingQuery start(Supplier<StreamingQuery> starter, FileSystem fs, Path checkpoint) {
    long pending = uncommittedBatch(fs, checkpoint);
    StreamingQuery query = starter.get();
    if (pending < 0) {
      return query;
    }
    while (query.isActive() && !reported(query, pending)) {
      sleep();
    }
    if (!query.isActive() && query.exception().isDefined() && isKnownFailure(query.exception().get())
        && committed(fs, checkpoint, pending)) {
      return starter.get();
    }
    return query;
  }

  /** The id of the last planned batch when Spark did not log its commit, else -1. */
  static long uncommittedBatch(FileSystem fs, Path checkpoint) {
    long last = -1;
    try {
      for (FileStatus s : fs.listStatus(new Path(checkpoint, "offsets"))) {
        if (s.getPath().getName().matches("\\d+")) {
          last = Math.max(last, Long.parseLong(s.getPath().getName()));
        }
      }
    } catch (FileNotFoundException e) {
      return -1;
    } catch (IOException e) {
      throw new JobFailure("cannot read the checkpoint " + checkpoint + ": " + StagedDirectory.oneLine(e), e);
    }
    return last >= 0 && !committed(fs, checkpoint, last) ? last : -1;
  }

  /** Spark's commit log holds one file per committed batch, named by its id. */
  static boolean committed(FileSystem fs, Path checkpoint, long batchId) {
    try {
      return fs.exists(new Path(new Path(checkpoint, "commits"), Long.toString(batchId)));
    } catch (IOException e) {
      return false;
    }
  }

  static boolean isKnownFailure(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof NullPointerException) {
        for (StackTraceElement frame : t.getStackTrace()) {
          if (frame.getClassName().startsWith("org.apache.spark.sql.kafka010.KafkaMicroBatchStream")
              && frame.getMethodName().equals("metrics")) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /** Progress is reported only after a batch's commit; it fails to be reported when the bug strikes. */
  private static boolean reported(StreamingQuery query, long batchId) {
    return query.lastProgress() != null && query.lastProgress().batchId() >= batchId;
  }

  private static void sleep() {
    try {
      Thread.sleep(POLL_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JobFailure("interrupted while the stream re-ran its last uncommitted batch", e);
    }
  }
}
