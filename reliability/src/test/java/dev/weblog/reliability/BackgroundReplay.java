package dev.weblog.reliability;

import dev.weblog.producer.FileLineSource;
import dev.weblog.producer.Rate;
import dev.weblog.producer.ReplayOptions;
import dev.weblog.producer.ReplayProducer;
import dev.weblog.producer.ReplaySummary;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/** The replay producer sending a file at a steady rate from a thread of its own, as the demo runs it. */
final class BackgroundReplay {

  private final AtomicBoolean cancel = new AtomicBoolean();
  private final CompletableFuture<ReplaySummary> summary;

  private BackgroundReplay(ReplayOptions options, Path file) {
    this.summary = new CompletableFuture<>();
    Thread thread = new Thread(() -> {
      try (FileLineSource source = FileLineSource.open(file)) {
        summary.complete(ReplayProducer.run(options, source, cancel));
      } catch (Throwable t) {
        summary.completeExceptionally(t);
      }
    }, "replay-" + file.getFileName());
    thread.setDaemon(true);
    thread.start();
  }

  /** Starts sending {@code file} to {@code topic}, {@code linesPer100ms} lines every 100 ms. */
  static BackgroundReplay start(String servers, String topic, int partitions, Path file, int linesPer100ms) {
    ReplayOptions options = ReplayOptions.defaults().withBootstrapServers(servers).withTopic(topic, partitions)
        .withRate(Rate.burst(linesPer100ms, Duration.ofMillis(100)));
    return new BackgroundReplay(options, file);
  }

  /** Stops reading the file; lines already read are still flushed and acknowledged. */
  void cancel() {
    cancel.set(true);
  }

  boolean isDone() {
    return summary.isDone();
  }

  /** The producer's own account once it finished: lines read, acknowledged and failed. */
  ReplaySummary await(Duration timeout) {
    try {
      return summary.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      cancel();
      throw new AssertionError("the replay producer did not finish within " + timeout, e);
    } catch (ExecutionException e) {
      throw new AssertionError("the replay producer failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
