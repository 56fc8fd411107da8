package dev.weblog.producer;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.errors.RecordTooLargeException;

/**
 * Counts acknowledged and failed sends from the producer's callbacks, and keeps the first error. An error
 * that concerns one record (too large, refused by the topic) is counted and the replay goes on; any other
 * (timeouts, authorization, a fenced producer) means later sends would fail too, so it stops the replay.
 */
final class DeliveryTracker implements Callback {

  private final LongAdder sent = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final AtomicReference<Exception> firstError = new AtomicReference<>();
  private final AtomicReference<Exception> stoppingError = new AtomicReference<>();
  private final AtomicLong lastSentMillis = new AtomicLong();

  @Override
  public void onCompletion(RecordMetadata metadata, Exception exception) {
    if (exception == null) {
      sent.increment();
      // The producer's I/O thread runs every callback: one uncontended write per acknowledged line.
      lastSentMillis.lazySet(System.currentTimeMillis());
      return;
    }
    failed.increment();
    firstError.compareAndSet(null, exception);
    if (!concernsOneRecord(exception)) {
      stoppingError.compareAndSet(null, exception);
    }
  }

  long sent() {
    return sent.sum();
  }

  long failed() {
    return failed.sum();
  }

  /** When Kafka last acknowledged a line, in milliseconds since the epoch; 0 before the first. */
  long lastSentMillis() {
    return lastSentMillis.get();
  }

  /** The first failure, as "Type: message", or null. */
  String firstError() {
    return describe(firstError.get());
  }

  /** The first failure that should stop the replay, as "Type: message", or null. */
  String stoppingError() {
    return describe(stoppingError.get());
  }

  private static boolean concernsOneRecord(Exception e) {
    return e instanceof RecordTooLargeException || e instanceof InvalidRecordException
        || e instanceof CorruptRecordException;
  }

  static String describe(Throwable e) {
    return e == null ? null : e.getClass().getSimpleName() + ": " + e.getMessage();
  }
}
