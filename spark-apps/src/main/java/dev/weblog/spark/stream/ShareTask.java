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
 * ({@link StreamBatchTask}). Its partition holds one share.
 */
final class ShareTask implements FlatMapFunction<Iterator<List<KafkaRange>>, StreamBatchTask.Result> {

  private static final long serialVersionUID = 1L;

  private final StreamBatchTask task;
  private final KafkaBatchPlan plan;

  ShareTask(StreamBatchTask task, KafkaBatchPlan plan) {
    this.task = task;
    this.plan = plan;
  }

  @Override
  public Iterator<StreamBatchTask.Result> call(Iterator<List<KafkaRange>> shares) throws IOException {
    List<StreamBatchTask.Result> results = new ArrayList<>();
    while (shares.hasNext()) {
      List<KafkaRange> share = shares.next();
      KafkaConsumer<byte[], byte[]> consumer = TaskConsumers.borrow(plan.consumerSettings());
      try {
        results.add(task.write(new RangeReader(consumer, plan.topic(), share, plan.pollTimeoutMillis())));
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
}
