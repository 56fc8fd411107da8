package dev.weblog.spark.stream;

import java.time.Duration;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;

/**
 * The records of a task's share of a micro-batch, read range after range with one consumer: assigned the range's
 * partition, sought to its first offset, polled until its position reaches the range's end. Records a poll returns
 * past the end belong to another task or batch and are dropped. A range that makes no progress for the source's
 * poll timeout fails the task, naming the topic, partition and offsets, as Spark's own reader does; so does a
 * range whose offsets Kafka no longer holds (the source sets no offset reset: the records were deleted unread).
 */
final class RangeReader implements Iterator<ConsumerRecord<byte[], byte[]>> {

  private static final Duration POLL = Duration.ofMillis(100);

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final String topic;
  private final List<KafkaRange> ranges;
  private final long pollTimeoutMillis;
  private int at = -1;
  private TopicPartition partition;
  private Iterator<ConsumerRecord<byte[], byte[]>> polled = Collections.emptyIterator();
  private ConsumerRecord<byte[], byte[]> next;
  private long read;

  RangeReader(KafkaConsumer<byte[], byte[]> consumer, String topic, List<KafkaRange> ranges, long pollTimeoutMillis) {
    this.consumer = consumer;
    this.topic = topic;
    this.ranges = ranges;
    this.pollTimeoutMillis = pollTimeoutMillis;
  }

  @Override
  public boolean hasNext() {
    while (next == null) {
      if (polled.hasNext()) {
        ConsumerRecord<byte[], byte[]> r = polled.next();
        if (r.offset() < ranges.get(at).until()) {
          next = r;
        }
      } else if (at >= 0 && consumer.position(partition) < ranges.get(at).until()) {
        poll();
      } else if (at + 1 < ranges.size()) {
        start(++at);
      } else {
        return false;
      }
    }
    return true;
  }

  @Override
  public ConsumerRecord<byte[], byte[]> next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    ConsumerRecord<byte[], byte[]> r = next;
    next = null;
    read++;
    return r;
  }

  private void start(int range) {
    KafkaRange r = ranges.get(range);
    partition = new TopicPartition(topic, r.partition());
    consumer.assign(List.of(partition));
    consumer.seek(partition, r.from());
    polled = Collections.emptyIterator();
  }

  /** Polls until records come or the range's position moves; fails after the poll timeout without either. */
  private void poll() {
    KafkaRange r = ranges.get(at);
    long before = consumer.position(partition);
    long deadline = System.nanoTime() + pollTimeoutMillis * 1_000_000;
    try {
      while (true) {
        var records = consumer.poll(POLL);
        if (!records.isEmpty() || consumer.position(partition) != before) {
          polled = records.records(partition).iterator();
          return;
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("no record of " + where(r) + " arrived within " + pollTimeoutMillis
              + " ms at offset " + before + " (" + read + " read in this task so far): is the broker reachable?");
        }
      }
    } catch (OffsetOutOfRangeException e) {
      throw new IllegalStateException("Kafka no longer holds offset " + before + " of " + where(r) + ": the records "
          + "were deleted before the stream read them (is the topic's retention shorter than the stream's lag?); "
          + "the stream stops rather than skip them", e);
    } catch (InterruptException e) {
      throw e;
    } catch (KafkaException e) {
      throw new IllegalStateException("cannot read " + where(r) + " at offset " + before + ": " + e.getMessage(), e);
    }
  }

  private String where(KafkaRange r) {
    return "topic " + topic + " " + r;
  }
}
