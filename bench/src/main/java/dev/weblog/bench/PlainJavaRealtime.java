package dev.weblog.bench;

import dev.weblog.common.Column;
import dev.weblog.common.PredictionEvent;
import dev.weblog.spark.model.RecordScorer;
import dev.weblog.spark.realtime.LineEvents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The real-time floor: per partition a thread with a plain {@link KafkaConsumer} (assigned, no group), the same codec
 * and compiled models as the project's tasks ({@link LineEvents}), and one shared {@link KafkaProducer} with the
 * client's defaults, as Spark's Kafka sink has them. No framework, no checkpoint: what the job could cost at least.
 */
final class PlainJavaRealtime {

  private final String bootstrap;
  private final RecordScorer[] scorers;
  private final List<Column> features;

  PlainJavaRealtime(String bootstrap, RecordScorer[] scorers) {
    this.bootstrap = bootstrap;
    this.scorers = scorers.clone();
    this.features = LineEvents.features(scorers);
  }

  /** Starts one thread per partition reading {@code topic} from its beginning. */
  Run start(String topic, int partitions, RealtimeEvents out) {
    return new Run(topic, partitions, out);
  }

  /** The running consumers; {@link #stop} ends them and flushes the producer. */
  final class Run {
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final List<Thread> threads = new ArrayList<>();
    private final KafkaProducer<byte[], byte[]> producer;

    private Run(String topic, int partitions, RealtimeEvents out) {
      producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
          new ByteArraySerializer(), new ByteArraySerializer());
      for (int p = 0; p < partitions; p++) {
        TopicPartition partition = new TopicPartition(topic, p);
        Thread t = new Thread(() -> consume(partition, out), "plain-realtime-" + p);
        t.setDaemon(true);
        threads.add(t);
        t.start();
      }
    }

    private void consume(TopicPartition partition, RealtimeEvents out) {
      try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
          ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
          new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        while (!stopping.get()) {
          for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
            LineEvents.LineEvent event = LineEvents.of(r.value(), new PredictionEvent.Source(r.topic(),
                r.partition(), r.offset(), r.timestamp()), scorers, features, System.currentTimeMillis());
            producer.send(new ProducerRecord<>(event.prediction() ? out.predictions() : out.quarantine(),
                event.key(), event.value()), (meta, e) -> {
                  if (e != null) {
                    failure.compareAndSet(null, e);
                  }
                });
          }
        }
      } catch (RuntimeException e) {
        failure.compareAndSet(null, e);
      }
    }

    /** Stops the consumers, sends what is buffered; a send or consumer failure is a {@link BenchFailure}. */
    void stop() throws InterruptedException {
      stopping.set(true);
      for (Thread t : threads) {
        t.join(30_000);
      }
      producer.close(Duration.ofSeconds(30));
      if (failure.get() != null) {
        throw new BenchFailure("realtime plain-java: " + failure.get(), failure.get());
      }
    }
  }
}
