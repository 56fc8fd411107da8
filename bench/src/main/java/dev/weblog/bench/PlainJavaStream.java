package dev.weblog.bench;

import dev.weblog.common.Target;
import dev.weblog.embedded.EmbeddedHdfs;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The floor of streaming: KafkaConsumer loops doing only what any such consumer must — decode each value with the
 * common codec, score both targets with the trees exported to plain Java, write the predictions (and rejected
 * lines) as Parquet with parquet-java, and commit the offsets once the files are closed. One consumer per core
 * (at most one per partition), each assigned its share of the partitions; a file pair rolls every {@code roll}, the
 * project's trigger, so both commit as often.
 */
final class PlainJavaStream {

  private static final Duration POLL = Duration.ofMillis(50);
  /** A run whose consumers commit nothing for this long has stalled. */
  private static final long STALL_MILLIS = TimeUnit.MINUTES.toMillis(5);

  /**
   * What a run did.
   *
   * @param firstRecordMillis when the first record came out of a poll (wall clock)
   * @param lastCommitNanos when the last commit returned ({@link System#nanoTime})
   * @param latency per record, commit time minus Kafka timestamp, when asked for; else null
   */
  record Result(long records, long firstRecordMillis, long lastCommitMillis, long lastCommitNanos,
      LatencyHistogram latency) {}

  private final EmbeddedHdfs hdfs;
  private final String bootstrap;
  private final ExportedModel[] models;
  private final int consumers;
  private final long rollMillis;

  PlainJavaStream(EmbeddedHdfs hdfs, String bootstrap, Map<Target, ExportedModel> models, int consumers,
      Duration roll) {
    this.hdfs = hdfs;
    this.bootstrap = bootstrap;
    this.models = new ExportedModel[Target.values().length];
    for (Target t : Target.values()) {
      this.models[t.ordinal()] = models.get(t);
    }
    this.consumers = consumers;
    this.rollMillis = roll.toMillis();
  }

  /** One consumer per core, but never more than there are partitions to give them. */
  static int consumersFor(int partitions) {
    return Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), partitions));
  }

  /**
   * Starts the consumers on {@code topic} from its beginning, writing under {@code outDir}; with
   * {@code countLatency} they count latencies once told from when ({@link Run#countLatencyFrom}).
   */
  Run start(String topic, int partitions, String outDir, boolean countLatency) {
    return new Run(topic, partitions, outDir, countLatency);
  }

  /** The running consumers of one measurement. */
  final class Run {
    private final ExecutorService pool;
    private final List<Future<Result>> parts = new ArrayList<>();
    private final AtomicBoolean finishing = new AtomicBoolean();
    private final AtomicBoolean aborted = new AtomicBoolean();
    private final AtomicLong committed = new AtomicLong();
    private final CountDownLatch ready;
    private final String where;
    /** Kafka timestamps from which latencies count; none until {@link #countLatencyFrom} is called. */
    private volatile long latencyFrom = Long.MAX_VALUE;

    private Run(String topic, int partitions, String outDir, boolean countLatency) {
      int n = Math.min(consumers, partitions);
      this.where = "topic " + topic + " into " + outDir;
      this.ready = new CountDownLatch(n);
      this.pool = Executors.newFixedThreadPool(n, r -> {
        Thread t = new Thread(r, "bench-plain-java-stream");
        t.setDaemon(true);
        return t;
      });
      Configuration conf = hdfs.configuration();
      // The same early first retry as the Spark session gets, so both write to HDFS alike.
      conf.set("dfs.client.block.write.locateFollowingBlock.initial.delay.ms", "10");
      String group = "bench-plain-java-" + UUID.randomUUID();
      for (int i = 0; i < n; i++) {
        List<TopicPartition> mine = new ArrayList<>();
        for (int p = i; p < partitions; p += n) {
          mine.add(new TopicPartition(topic, p));
        }
        Path folder = new Path(hdfs.uri() + outDir);
        ConsumerLoop loop = new ConsumerLoop(i, group, mine, folder, conf, countLatency);
        parts.add(pool.submit(loop::run));
      }
    }

    /** Latencies count for the records whose Kafka timestamp is at or after {@code millis}. */
    void countLatencyFrom(long millis) {
      latencyFrom = millis;
    }

    /** Waits until every consumer has its partitions and has polled once, so what is sent next is read live. */
    void awaitReady() throws InterruptedException {
      while (!ready.await(100, TimeUnit.MILLISECONDS)) {
        failIfDone();
      }
    }

    /** Lets the consumers stop once they reach the topic's end offsets as of now; waits for them. */
    Result finish() throws InterruptedException {
      finishing.set(true);
      List<Result> results = new ArrayList<>();
      long lastCount = -1;
      long lastProgress = System.currentTimeMillis();
      try {
        for (Future<Result> part : parts) {
          while (true) {
            try {
              results.add(part.get(200, TimeUnit.MILLISECONDS));
              break;
            } catch (TimeoutException e) {
              long now = System.currentTimeMillis();
              if (committed.get() != lastCount) {
                lastCount = committed.get();
                lastProgress = now;
              } else if (now - lastProgress > STALL_MILLIS) {
                throw new BenchFailure("plain-java stream from " + where + ": no commit for "
                    + STALL_MILLIS / 1000 + " s after " + lastCount + " records");
              }
            }
          }
        }
      } catch (ExecutionException e) {
        throw new BenchFailure("plain-java stream from " + where + " failed: " + e.getCause(), e.getCause());
      } finally {
        abort();
      }
      return merge(results);
    }

    /** Stops the consumers without waiting for the end of the topic (after a failure elsewhere). */
    void abort() {
      aborted.set(true);
      pool.shutdown();
    }

    private void failIfDone() {
      for (Future<Result> part : parts) {
        if (part.isDone()) {
          try {
            part.get();
            throw new BenchFailure("plain-java stream from " + where + ": a consumer ended before it was told to");
          } catch (ExecutionException e) {
            throw new BenchFailure("plain-java stream from " + where + " failed: " + e.getCause(), e.getCause());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchFailure("interrupted while starting the plain-java stream from " + where, e);
          }
        }
      }
    }

    private Result merge(List<Result> results) {
      long records = 0;
      long first = Long.MAX_VALUE;
      long lastMillis = Long.MIN_VALUE;
      long lastNanos = Long.MIN_VALUE;
      LatencyHistogram latency = null;
      for (Result r : results) {
        records += r.records();
        if (r.records() > 0) {
          first = Math.min(first, r.firstRecordMillis());
          lastMillis = Math.max(lastMillis, r.lastCommitMillis());
          lastNanos = Math.max(lastNanos, r.lastCommitNanos());
        }
        if (r.latency() != null) {
          if (latency == null) {
            latency = new LatencyHistogram();
          }
          latency.addAll(r.latency());
        }
      }
      return new Result(records, first, lastMillis, lastNanos, latency);
    }

    /** One consumer: poll, decode, score, write; close the files and commit every {@code roll}. */
    private final class ConsumerLoop {
      private final int index;
      private final String group;
      private final List<TopicPartition> partitions;
      private final Path folder;
      private final Configuration conf;
      private final boolean countLatency;

      ConsumerLoop(int index, String group, List<TopicPartition> partitions, Path folder, Configuration conf,
          boolean countLatency) {
        this.index = index;
        this.group = group;
        this.partitions = partitions;
        this.folder = folder;
        this.conf = conf;
        this.countLatency = countLatency;
      }

      Result run() throws IOException {
        LatencyHistogram latency = countLatency ? new LatencyHistogram() : null;
        long records = 0;
        long first = -1;
        long lastMillis = 0;
        long lastNanos = 0;
        int files = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(settings(group, index),
            new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
          consumer.assign(partitions);
          consumer.seekToBeginning(partitions);
          Map<TopicPartition, Long> ends = null;
          ScoredFile file = null;
          boolean polled = false;
          while (!aborted.get()) {
            if (ends == null && finishing.get()) {
              ends = consumer.endOffsets(partitions);
            }
            var batch = consumer.poll(POLL);
            if (!polled) {
              polled = true;
              ready.countDown();
            }
            long now = System.currentTimeMillis();
            for (ConsumerRecord<byte[], byte[]> record : batch) {
              if (file == null) {
                file = new ScoredFile(models, folder, String.format("part-%02d-%06d.parquet", index, files++), conf,
                    now, countLatency ? () -> latencyFrom : null);
                if (first < 0) {
                  first = now;
                }
              }
              file.add(record);
            }
            boolean reached = ends != null && reached(consumer, ends);
            if (file != null && (reached || now - file.openedAt() >= rollMillis)) {
              records += file.commit(consumer, latency);
              lastMillis = System.currentTimeMillis();
              lastNanos = System.nanoTime();
              committed.addAndGet(file.records());
              file = null;
            }
            if (reached) {
              break;
            }
          }
          if (file != null) {
            file.abandon();
          }
        }
        return new Result(records, first, lastMillis, lastNanos, latency);
      }

      private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
          if (consumer.position(e.getKey()) < e.getValue()) {
            return false;
          }
        }
        return true;
      }
    }
  }

  /**
   * Settings for throughput, as a floor should have them: large polls and fetches, no auto-commit (offsets are
   * committed after each file pair is closed).
   */
  private Map<String, Object> settings(String group, int index) {
    return Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.GROUP_ID_CONFIG, group,
        ConsumerConfig.CLIENT_ID_CONFIG, group + "-" + index,
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000,
        ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 << 20);
  }
}
