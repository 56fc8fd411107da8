package dev.weblog.spark.stream;

import dev.weblog.spark.JobFailure;
import dev.weblog.spark.StagedDirectory;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;

/** A started StreamJob query: its progress in records, and a stop that lets the running micro-batch finish. */
public final class RunningStream {

  private static final long POLL_MILLIS = 20;

  private final StreamingQuery query;
  private final StreamBatchWriter writer;
  private final FileSystem fs;
  private final Path checkpoint;
  private final BatchProgressLog progressLog;
  private final StreamTelemetry telemetry;
  private final java.time.Duration metricsLinger;
  private volatile boolean stopRequested;

  RunningStream(StreamingQuery query, StreamBatchWriter writer, FileSystem fs, Path checkpoint,
      StreamTelemetry telemetry, java.time.Duration metricsLinger) {
    this.metricsLinger = metricsLinger;
    this.query = query;
    this.telemetry = telemetry;
    this.progressLog = new BatchProgressLog(query.id(), telemetry.metrics());
    query.sparkSession().streams().addListener(progressLog);
    this.writer = writer;
    this.fs = fs;
    this.checkpoint = checkpoint;
    writer.stopWaitingWhen(() -> !query.isActive());
  }

  /** Kafka records (predicted plus quarantined) of the micro-batches this run wrote completely. */
  public long committedRecords() {
    return writer.committedRecords();
  }

  public long committedBatches() {
    return writer.committedBatches();
  }

  public StreamingQuery query() {
    return query;
  }

  public Path checkpoint() {
    return checkpoint;
  }

  /** Where the stream's Prometheus metrics are served, e.g. {@code http://localhost:9095/metrics}. */
  public Optional<String> metricsUrl() {
    return telemetry.url();
  }

  /** The stream's metrics, null when it runs without them. */
  StreamMetrics metrics() {
    return telemetry.metrics();
  }

  public boolean isActive() {
    return query.isActive();
  }

  /**
   * Lets the micro-batch being written finish and Spark log its commit, then stops the query; a batch that
   * starts meanwhile is stopped before it writes anything and runs again on the next start. False when the
   * running batch did not finish within {@code timeout}: the query is then stopped anyway, and that batch, not
   * committed, is also replayed on the next start.
   */
  public synchronized boolean stopGracefully(Duration timeout) {
    if (!query.isActive()) {
      return true;
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    boolean paused = false;
    try {
      paused = writer.pause(timeout.toMillis(), TimeUnit.MILLISECONDS);
      boolean graceful = paused && awaitCommitLogged(deadline);
      stopNow();
      return graceful;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopNow();
      return false;
    } finally {
      if (paused) {
        writer.resume();
      }
    }
  }

  /**
   * Waits until the query ends by itself (a failure, or a stop from elsewhere), then serves its final figures for the
   * linger as a stop does: a driver that fails (HDFS in safe mode) would otherwise exit with the counts of its
   * last batches never scraped.
   */
  public void awaitTermination() {
    try {
      query.awaitTermination();
    } catch (StreamingQueryException e) {
      // Kept by the query: exception() and failure() report it.
    }
    writer.close();
    telemetry.closeAfter(metricsLinger);
  }

  /** True when the query ended within the timeout. */
  public boolean awaitTermination(Duration timeout) {
    try {
      return query.awaitTermination(timeout.toMillis());
    } catch (StreamingQueryException e) {
      return true;
    }
  }

  /** What ended the query, if anything but a stop did. */
  public Optional<StreamingQueryException> exception() {
    if (!query.exception().isDefined()) {
      return Optional.empty();
    }
    StreamingQueryException e = query.exception().get();
    return stopRequested && isStopInterruption(e) ? Optional.empty() : Optional.of(e);
  }

  /**
   * A stop interrupts the micro-batch thread wherever it is. Spark takes the usual interruption exceptions for the
   * stop they are, but HDFS's output stream turns an interrupt during close into a plain IOException ("Failed to
   * shutdown streamer", DFSOutputStream.closeThreads), which Spark then reports as the query's failure.
   */
  public static boolean isStopInterruption(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof InterruptedException || t instanceof java.io.InterruptedIOException
          || t instanceof java.nio.channels.ClosedByInterruptException
          || (t instanceof java.io.IOException && "Failed to shutdown streamer".equals(t.getMessage()))) {
        return true;
      }
    }
    return false;
  }

  /** The failure as a job reports it: the {@link JobFailure} inside it if a person can fix it, else a wrapper. */
  public Optional<RuntimeException> failure() {
    return exception().map(e -> {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof JobFailure failure) {
          return failure;
        }
      }
      return new IllegalStateException("streaming query '" + query.name() + "' failed: "
          + StagedDirectory.oneLine(e.getCause() == null ? e : e.getCause()), e);
    });
  }

  /** The last written batch is committed once Spark logged it, or once the next batch waits to be written. */
  private boolean awaitCommitLogged(long deadline) throws InterruptedException {
    long last = writer.lastWrittenBatch();
    while (last >= 0 && query.isActive() && !writer.nextBatchWaiting()
        && !StreamReplayGuard.committed(fs, checkpoint, last)) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(POLL_MILLIS);
    }
    return true;
  }

  private void stopNow() {
    stopRequested = true;
    query.sparkSession().streams().removeListener(progressLog);
    try {
      query.stop();
    } catch (TimeoutException e) {
      throw new JobFailure("streaming query '" + query.name() + "' did not stop within spark.sql.streaming.stopTimeout",
          e);
    } finally {
      writer.close();
      telemetry.closeAfter(metricsLinger);
    }
  }
}
