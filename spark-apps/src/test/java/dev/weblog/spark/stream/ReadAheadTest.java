package dev.weblog.spark.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weblog.spark.SharedKafka;
import dev.weblog.spark.StreamColumns;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

/** Reading one partition ahead of the batches, against the suite's real broker. */
class ReadAheadTest {

  private static final int WIDTH = StreamBatchTask.ROW.size();
  private static final int OFFSET = StreamDecoder.SCHEMA.fieldIndex(StreamColumns.KAFKA_OFFSET);
  private static final int LINE = StreamDecoder.SCHEMA.fieldIndex(StreamColumns.LINE);

  @Test
  void holdsTheLinesBeyondTheFurthestRangeAskedForDecodedAndCopiedForEveryAsk() throws Exception {
    String topic = topic("read-ahead-held", 20);
    Map<String, Object> settings = settings(500);
    try {
      ReadAhead feed = ReadAhead.of(settings, topic, 0, 1_000, WIDTH);
      // Nothing is read before the first ask: the task reads its whole range, the feed starts where it ends.
      ReadAhead.Taken first = feed.take(0, 0, 5);
      assertEquals(List.of(), first.lines());
      assertEquals(0, first.end());
      awaitReadTo(feed::readTo, 20);

      ReadAhead.Taken next = feed.take(1, 5, 20);
      assertEquals(20, next.end());
      assertEquals(LongStream.range(5, 20).boxed().toList(), offsets(next.lines()));
      assertEquals("line 7", next.lines().get(2)[LINE]);
      // A task re-run within its batch finds the lines again, each a fresh copy it may fill with predictions.
      ReadAhead.Taken again = feed.take(1, 5, 20);
      assertEquals(offsets(next.lines()), offsets(again.lines()));
      assertNotSame(next.lines().get(0), again.lines().get(0));
      // A range partly beyond what was read: the held part, and where the task reads on from.
      assertEquals(20, feed.take(1, 12, 30).end());
      // The next batch's first ask lets the earlier batch's lines go.
      ReadAhead.Taken dropped = feed.take(2, 5, 20);
      assertEquals(List.of(), dropped.lines());
      assertEquals(5, dropped.end());
    } finally {
      ReadAhead.closeAll(settings);
    }
  }

  @Test
  void holdsNoMoreThanItsCapacityBeyondTheFurthestRange() throws Exception {
    String topic = topic("read-ahead-capacity", 50);
    Map<String, Object> settings = settings(1);
    try {
      ReadAhead feed = ReadAhead.of(settings, topic, 0, 8, WIDTH);
      feed.take(0, 0, 10);
      awaitReadTo(feed::readTo, 18);
      Thread.sleep(500);
      assertEquals(18, feed.readTo(), "10 asked for, 8 more held");
      // The next batch asks past what was held: the feed reads on from its end.
      ReadAhead.Taken taken = feed.take(1, 10, 30);
      assertEquals(LongStream.range(10, 18).boxed().toList(), offsets(taken.lines()));
      assertEquals(18, taken.end());
      awaitReadTo(feed::readTo, 38);
      Thread.sleep(500);
      assertEquals(38, feed.readTo());
    } finally {
      ReadAhead.closeAll(settings);
    }
  }

  @Test
  void closingTheRunsSettingsStopsItsFeeds() throws Exception {
    String topic = topic("read-ahead-close", 5);
    Map<String, Object> settings = settings(500);
    int before = ReadAhead.running();
    ReadAhead feed = ReadAhead.of(settings, topic, 0, 100, WIDTH);
    feed.take(0, 0, 1);
    awaitReadTo(feed::readTo, 5);
    assertEquals(before + 1, ReadAhead.running());
    ReadAhead.closeAll(settings);
    assertEquals(before, ReadAhead.running());
    assertEquals(List.of(), feed.take(1, 1, 5).lines(), "a closed feed holds nothing");
  }

  private static String topic(String name, int lines) {
    SharedKafka.createTopic(name, 1);
    SharedKafka.send(name, IntStream.range(0, lines).mapToObj(i -> ("line " + i).getBytes(StandardCharsets.UTF_8))
        .toList());
    return name;
  }

  /** As Spark's source gives its executors (no offset reset, no auto commit), with a bound on lines per poll. */
  private static Map<String, Object> settings(int linesPerPoll) {
    return Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, linesPerPoll);
  }

  private static void awaitReadTo(LongSupplier readTo, long offset) throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (readTo.getAsLong() < offset) {
      assertTrue(System.nanoTime() < deadline, "read to " + readTo.getAsLong() + ", waited for " + offset);
      Thread.sleep(20);
    }
  }

  private static List<Long> offsets(List<Object[]> lines) {
    return lines.stream().map(l -> (Long) l[OFFSET]).toList();
  }
}
