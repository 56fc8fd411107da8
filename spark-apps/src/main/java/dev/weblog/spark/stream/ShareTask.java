package dev.weblog.spark.stream;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.spark.api.java.function.FlatMapFunction;

/**
 * A task of a micro-batch that reads its share of the batch's offsets itself: borrows a consumer
 * ({@link TaskConsumers}), reads the share's ranges ({@link RangeReader}) and writes them as every task does
 * ({@link StreamBatchTask}), after taking what was read ahead of the batch ({@link ReadAhead}). Its partition holds
 * one share.
 */
final class ShareTask implements FlatMapFunction<Iterator<List<KafkaRange>>, StreamBatchTask.Result> {

  private static final long serialVersionUID = 1L;

  private final StreamBatchTask task;
  private final KafkaBatchPlan plan;
  private final long batchId;
  private final int readAhead;

  /**
   * @param readAhead most lines per partition read ahead of the batches ({@link ReadAhead}); 0: none, the task
   *     reads all of its share
   */
  ShareTask(StreamBatchTask task, KafkaBatchPlan plan, long batchId, int readAhead) {
    this.task = task;
    this.plan = plan;
    this.batchId = batchId;
    this.readAhead = readAhead;
  }

  @Override
  public Iterator<StreamBatchTask.Result> call(Iterator<List<KafkaRange>> shares) throws IOException {
    List<StreamBatchTask.Result> results = new ArrayList<>();
    while (shares.hasNext()) {
      List<KafkaRange> share = shares.next();
      List<Object[]> held = new ArrayList<>();
      List<KafkaRange> unread = new ArrayList<>();
      for (KafkaRange r : share) {
        ReadAhead.Taken taken = taken(r);
        held.addAll(taken.lines());
        if (taken.end() < r.until()) {
          unread.add(new KafkaRange(r.partition(), taken.end(), r.until()));
        }
      }
      KafkaConsumer<byte[], byte[]> consumer = TaskConsumers.borrow(plan.consumerSettings());
      try {
        results.add(task.write(held, new RangeReader(consumer, plan.topic(), unread, plan.pollTimeoutMillis())));
      } catch (IOException | RuntimeException e) {
        // Failed mid-fetch or interrupted: its state is unknown, and a fresh one costs only a connection.
        try {
          consumer.close(Duration.ZERO);
        } catch (RuntimeException closing) {
          e.addSuppressed(closing);
        }
        throw e;
      }
      TaskConsumers.giveBack(plan.consumerSettings(), consumer);
    }
    return results.iterator();
  }

  /** What was read ahead of the range, from its first offset on; nothing when not reading ahead. */
  private ReadAhead.Taken taken(KafkaRange r) {
    if (readAhead == 0) {
      return new ReadAhead.Taken(List.of(), r.from());
    }
    return ReadAhead.of(plan.consumerSettings(), plan.topic(), r.partition(), readAhead, StreamBatchTask.ROW.size())
        .take(batchId, r.from(), r.until());
  }
}
