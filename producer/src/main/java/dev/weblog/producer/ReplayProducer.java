package dev.weblog.producer;

import dev.weblog.common.WebLogCsvCodec;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Replays lines to Kafka: key = the line's device id, value = the line's bytes as they are. The producer does
 * not validate lines; the streaming job quarantines the malformed ones. Call {@link #run} in-process, or run
 * the class as a command ({@link ReplayCommand}).
 */
public final class ReplayProducer {

  private ReplayProducer() {}

  public static void main(String[] args) {
    quietKafkaLogs();
    System.exit(ReplayCommand.execute(args, System.out, System.err));
  }

  /** Kafka's clients log at INFO and warn once per reconnect; a command shows only what a user must see. */
  private static void quietKafkaLogs() {
    setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    setIfAbsent("org.slf4j.simpleLogger.log.org.apache.kafka.clients.NetworkClient", "error");
    // Unresolvable hosts are reported by our own one-line error.
    setIfAbsent("org.slf4j.simpleLogger.log.org.apache.kafka.clients.ClientUtils", "error");
    setIfAbsent("org.slf4j.simpleLogger.logFile", "System.err");
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }

  public static ReplaySummary run(ReplayOptions options, LineSource source) {
    return run(options, source, new AtomicBoolean());
  }

  /**
   * Sends the source's lines until it is exhausted, the limit is reached, {@code cancel} turns true or a
   * failure makes further sends pointless; then flushes, so every line read is acknowledged or counted as
   * failed. Throws {@link ReplayException} when Kafka or the topic cannot be reached before any line is sent.
   */
  public static ReplaySummary run(ReplayOptions options, LineSource source, AtomicBoolean cancel) {
    return run(options, source, cancel, new CompositeMeterRegistry());
  }

  /** As {@link #run(ReplayOptions, LineSource, AtomicBoolean)}, with the replay's figures in {@code metrics}. */
  public static ReplaySummary run(ReplayOptions options, LineSource source, AtomicBoolean cancel,
      MeterRegistry metrics) {
    DeliveryTracker tracker = new DeliveryTracker();
    AtomicLong read = new AtomicLong();
    ReplayMetrics.bind(metrics, read::get, tracker, options.rate());
    TopicEnsurer.TopicState topic = ensureTopic(options);
    KafkaProducer<String, byte[]> producer = createProducer(options);
    RateLimiter limiter = new RateLimiter(options.rate());
    String stoppedBy = null;
    boolean interrupted = false;
    long start = System.nanoTime();
    ProgressReporter progress = ProgressReporter.start(options.progress(), options.progressOut(), read::get, tracker);
    try {
      while (!cancel.get() && (options.limit() == 0 || read.get() < options.limit())) {
        stoppedBy = tracker.stoppingError();
        if (stoppedBy != null || !limiter.acquire(cancel::get)) {
          break;
        }
        byte[] line = source.next();
        if (line == null) {
          break;
        }
        read.incrementAndGet();
        try {
          producer.send(new ProducerRecord<>(options.topic(), keyOf(line), line), tracker);
        } catch (InterruptException e) {
          throw new InterruptedException("interrupted while sending");
        } catch (KafkaException | IllegalStateException e) {
          tracker.onCompletion(null, e);
          stoppedBy = DeliveryTracker.describe(e);
          break;
        }
      }
      producer.flush();
    } catch (InterruptedException | InterruptException e) {
      interrupted = true;
      Thread.interrupted();
      producer.flush();
    } catch (ReplayException e) {
      stoppedBy = e.getMessage();
      producer.flush();
    } finally {
      progress.close();
      producer.close(Duration.ofSeconds(5));
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    if (stoppedBy == null && tracker.stoppingError() != null && !cancel.get() && !interrupted) {
      stoppedBy = tracker.stoppingError();
    }
    return new ReplaySummary(source.describe(), options.topic(), options.bootstrapServers(), topic.partitions(),
        topic.created(), read.get(), tracker.sent(), tracker.failed(), elapsed, cancel.get() || interrupted,
        stoppedBy, tracker.firstError());
  }

  /** The Kafka key of a line: its device id, or null when it has none (the line is sent all the same). */
  static String keyOf(byte[] line) {
    int end = 0;
    while (end < line.length && line[end] != ',') {
      end++;
    }
    return WebLogCsvCodec.deviceIdOf(new String(line, 0, end, StandardCharsets.UTF_8));
  }

  private static TopicEnsurer.TopicState ensureTopic(ReplayOptions options) {
    Admin admin = createClient(options, () -> Admin.create(KafkaSettings.admin(options)));
    boolean ready = false;
    try {
      TopicEnsurer.TopicState state = new TopicEnsurer(admin, options.bootstrapServers(), options.connectTimeout())
          .ensure(options.topic(), options.partitions());
      ready = true;
      return state;
    } finally {
      // After a failure nothing is worth waiting for: the error is reported at once.
      admin.close(ready ? Duration.ofSeconds(2) : Duration.ZERO);
    }
  }

  private static KafkaProducer<String, byte[]> createProducer(ReplayOptions options) {
    return createClient(options, () -> new KafkaProducer<>(KafkaSettings.producer(options), new StringSerializer(),
        new ByteArraySerializer()));
  }

  private interface ClientFactory<T> {
    T create();
  }

  /** Kafka refuses bad addresses and settings while building a client; this turns that into a usage error. */
  private static <T> T createClient(ReplayOptions options, ClientFactory<T> factory) {
    try {
      return factory.create();
    } catch (KafkaException e) {
      Throwable cause = e instanceof ConfigException ? e : e.getCause();
      if (cause instanceof ConfigException && String.valueOf(cause.getMessage()).startsWith("No resolvable")) {
        throw ReplayException.usage("cannot resolve the host of any Kafka bootstrap server in '"
            + options.bootstrapServers() + "'");
      }
      if (cause instanceof ConfigException) {
        throw ReplayException.usage("cannot use Kafka at '" + options.bootstrapServers() + "': " + cause.getMessage());
      }
      throw ReplayException.failure("cannot create a Kafka client for " + options.bootstrapServers() + ": "
          + DeliveryTracker.describe(e), e);
    }
  }
}
