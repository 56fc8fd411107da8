package dev.weblog.spark.stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * One partition of the stream's topic fetched and decoded ahead of the micro-batches by a thread of its own, in a JVM
 * that runs every task of the stream (local mode). A micro-batch does nothing with a line until its trigger, so in a
 * stream that keeps up the cores wait between triggers and then fetch, decode, score and write the whole second at
 * once; reading ahead moves the fetch and the decoding into the wait, and the batch commits sooner.
 *
 * <p>What it holds is a copy of what Kafka holds, never the only one: a task takes the held lines of a range from the
 * range's first offset on ({@link #take}) and reads whatever is not held itself, so a feed that fell behind, failed or
 * was just started costs time, never a line. It reads from the end of the furthest range a task asked for (where the
 * next batch starts), holds at most {@code capacity} lines beyond it, and drops a batch's lines when the next batch
 * asks: a task re-run within its batch finds them again. Its lines are decoded as a task decodes them
 * ({@link StreamDecoder}); a task gets its own copy of each, which it fills with predictions.
 */
final class ReadAhead {

  private static final Logger LOG = LogManager.getLogger(ReadAhead.class);
  private static final Duration POLL = Duration.ofMillis(100);
  /** After a failed fetch, how long the feed waits before it reads on from where the tasks are. */
  private static final long RETRY_MILLIS = 1_000;
  private static final Map<Key, ReadAhead> FEEDS = new ConcurrentHashMap<>();
  /** Micro-batches being written in this JVM: the feeds read only while none is. */
  private static final AtomicInteger BATCHES = new AtomicInteger();

  private record Key(Map<String, Object> settings, String topic, int partition) {}

  private record Held(long offset, Object[] line) {}

  /**
   * A range's held lines from its first offset on, decoded, in offset order, and the offset the caller reads on
   * from: the range's end when every line was held, its first offset when none was.
   */
  record Taken(List<Object[]> lines, long end) {}

  private final Key key;
  private final int capacity;
  private final int width;
  private final Thread thread;
  private volatile KafkaConsumer<byte[], byte[]> consumer;

  // Guarded by this. Every line Kafka holds in [start, next) is in held; the feed reads on from next.
  private final ArrayList<Held> held = new ArrayList<>();
  private long start = -1;
  private long next = -1;
  /** The end of the furthest range a task asked for: where the next batch starts. -1 before the first ask. */
  private long frontier = -1;
  private long batch = -1;
  private boolean closed;

  private ReadAhead(Key key, int capacity, int width) {
    this.key = key;
    this.capacity = capacity;
    this.width = width;
    this.thread = new Thread(this::run, "weblog-read-ahead-" + key.topic + "-" + key.partition);
    thread.setDaemon(true);
  }

  /**
   * The feed of a partition for consumers with these settings, started at the first ask.
   *
   * @param capacity most lines held beyond the furthest range asked for
   * @param width the length of a decoded line's value array ({@link StreamDecoder#decode})
   */
  static ReadAhead of(Map<String, Object> settings, String topic, int partition, int capacity, int width) {
    return FEEDS.computeIfAbsent(new Key(settings, topic, partition), k -> {
      ReadAhead feed = new ReadAhead(k, capacity, width);
      feed.thread.start();
      return feed;
    });
  }

  /** Stops the feeds of these settings (one set per run of the query) and lets their lines go. */
  static void closeAll(Map<String, Object> settings) {
    FEEDS.keySet().removeIf(k -> {
      if (!k.settings.equals(settings)) {
        return false;
      }
      FEEDS.get(k).close();
      return true;
    });
  }

  /**
   * Marks a micro-batch being written until {@link #batchEnded}: the feeds wait meanwhile, so what they do takes only
   * cores the stream leaves idle. Reading while the tasks ran slowed them by about what it saved them; reading while
   * the driver committed delayed the commit.
   */
  static void batchStarted() {
    BATCHES.incrementAndGet();
  }

  static void batchEnded() {
    if (BATCHES.decrementAndGet() == 0) {
      for (ReadAhead feed : FEEDS.values()) {
        synchronized (feed) {
          feed.notifyAll();
        }
      }
    }
  }

  /** Feeds running, over all settings. */
  static int running() {
    return FEEDS.size();
  }

  /**
   * The held lines of {@code [from, until)} of micro-batch {@code batchId}, each a fresh copy, from {@code from} on;
   * the caller reads from {@link Taken#end} to {@code until} itself. A first ask of a later batch drops the lines of
   * the earlier ones; every ask moves the feed's start to the end of the furthest range asked for.
   */
  synchronized Taken take(long batchId, long from, long until) {
    if (batchId > batch) {
      batch = batchId;
      drop(frontier);
    }
    List<Object[]> lines = new ArrayList<>();
    long end = from;
    if (start <= from && from < next) {
      end = Math.min(until, next);
      for (int i = firstAtOrAfter(from); i < held.size() && held.get(i).offset < end; i++) {
        lines.add(held.get(i).line.clone());
      }
    }
    if (until > frontier) {
      frontier = until;
      notifyAll();
    }
    return new Taken(lines, end);
  }

  /** Lets go of the lines below {@code offset}: their batch committed. */
  private void drop(long offset) {
    if (next <= offset) {
      held.clear();
      start = next;
    } else if (start < offset) {
      held.subList(0, firstAtOrAfter(offset)).clear();
      start = offset;
    }
  }

  private int firstAtOrAfter(long offset) {
    int low = 0;
    int high = held.size();
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (held.get(mid).offset < offset) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }

  private void close() {
    synchronized (this) {
      closed = true;
      held.clear();
      start = next = -1;
      notifyAll();
    }
    KafkaConsumer<byte[], byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
  }

  private void run() {
    boolean failing = false;
    try {
      while (true) {
        long seekTo = -1;
        synchronized (this) {
          while (!closed && (frontier < 0 || BATCHES.get() > 0 || next >= frontier && ahead() >= capacity)) {
            wait();
          }
          if (closed) {
            return;
          }
          if (next < frontier) {
            // The tasks are past what was read (or nothing was yet): what is held belongs to batches already taken.
            held.clear();
            start = next = frontier;
            seekTo = next;
          } else if (consumer == null) {
            seekTo = next;
          }
        }
        try {
          if (consumer == null) {
            consumer = new KafkaConsumer<>(key.settings, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            consumer.assign(List.of(new TopicPartition(key.topic, key.partition)));
          }
          fetch(seekTo);
          failing = false;
        } catch (WakeupException e) {
          return;
        } catch (RuntimeException e) {
          // The tasks read what is not held themselves, and fail with the cause named if Kafka fails them too.
          if (!failing) {
            LOG.warn("reading ahead of topic {} partition {} failed, the stream's tasks read it themselves until it "
                + "reads again: {}", key.topic, key.partition, e.toString());
          }
          failing = true;
          closeConsumer();
          synchronized (this) {
            held.clear();
            start = next = -1;
            wait(RETRY_MILLIS);
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      closeConsumer();
    }
  }

  /** The offset the feed reads next: every line before it, back to the batch asking, is held; -1 before the first. */
  synchronized long readTo() {
    return next;
  }

  /** Lines held beyond the furthest range asked for: those of the next batch. */
  private int ahead() {
    return held.size() - firstAtOrAfter(frontier);
  }

  /** One poll from {@code seekTo} (or on, when -1), decoded outside the lock and appended. */
  private void fetch(long seekTo) {
    TopicPartition partition = new TopicPartition(key.topic, key.partition);
    if (seekTo >= 0) {
      consumer.seek(partition, seekTo);
    }
    List<Held> decoded = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL).records(partition)) {
      decoded.add(new Held(r.offset(), StreamDecoder.decode(r, width)));
    }
    long position = consumer.position(partition);
    synchronized (this) {
      if (closed) {
        return;
      }
      // Only this thread moves next; a drop in between moved start, never below what it read from.
      held.addAll(decoded);
      next = position;
    }
  }

  private void closeConsumer() {
    KafkaConsumer<byte[], byte[]> c = consumer;
    consumer = null;
    if (c != null) {
      try {
        c.close(Duration.ZERO);
      } catch (RuntimeException e) {
        LOG.debug("closing the read-ahead consumer of topic {} partition {}: {}", key.topic, key.partition, e);
      }
    }
  }
}
