package dev.weblog.bench;

import dev.weblog.common.ParseResult;
import dev.weblog.common.Target;
import dev.weblog.common.WebLogCsvCodec;
import dev.weblog.common.WebLogRecord;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.parquet.hadoop.ParquetWriter;

/**
 * The plain-Java stream's unit of commit: the records one consumer read since its last commit, decoded, scored by
 * both exported models and written to {@code predictions/<name>} (rejected lines to {@code quarantine/<name>}, only
 * when there are any). {@link #commit} closes the files, then commits the offsets: a crash before the commit
 * re-reads the records, never loses them.
 */
final class ScoredFile {

  private final ExportedModel[] models;
  private final int[] versions;
  private final Path predictionsFile;
  private final Path quarantineFile;
  private final Configuration conf;
  private final long openedAt;
  private final LongSupplier latencyFrom;
  private final Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
  private ParquetWriter<PredictionWriteSupport.Prediction> predictions;
  private ParquetWriter<QuarantineWriteSupport.Rejected> quarantine;
  private long[] timestamps = new long[1024];
  private int timed;
  private long records;

  /**
   * @param models one per target, in {@link Target} order
   * @param latencyFrom the Kafka timestamp from which latencies are kept for {@link #commit}; null for none
   */
  ScoredFile(ExportedModel[] models, Path folder, String name, Configuration conf, long openedAt,
      LongSupplier latencyFrom) {
    this.models = models;
    this.versions = Arrays.stream(models).mapToInt(ExportedModel::version).toArray();
    this.predictionsFile = new Path(new Path(folder, "predictions"), name);
    this.quarantineFile = new Path(new Path(folder, "quarantine"), name);
    this.conf = conf;
    this.openedAt = openedAt;
    this.latencyFrom = latencyFrom;
  }

  long openedAt() {
    return openedAt;
  }

  long records() {
    return records;
  }

  void add(ConsumerRecord<byte[], byte[]> r) throws IOException {
    ParseResult result = WebLogCsvCodec.decode(r.value());
    if (result instanceof ParseResult.Valid valid) {
      WebLogRecord record = valid.record();
      String[] predicted = new String[models.length];
      for (int t = 0; t < models.length; t++) {
        predicted[t] = models[t].predict(record);
      }
      if (predictions == null) {
        predictions = new PredictionWriteSupport().open(predictionsFile, conf);
      }
      predictions.write(new PredictionWriteSupport.Prediction(record, predicted, versions, r.partition(), r.offset(),
          r.timestamp(), openedAt));
    } else {
      if (quarantine == null) {
        quarantine = new QuarantineWriteSupport().open(quarantineFile, conf);
      }
      quarantine.write(new QuarantineWriteSupport.Rejected(r.value(),
          ((ParseResult.Rejected) result).rejection(), r.partition(), r.offset(), r.timestamp()));
    }
    next.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
    if (latencyFrom != null && r.timestamp() >= latencyFrom.getAsLong()) {
      if (timed == timestamps.length) {
        timestamps = Arrays.copyOf(timestamps, timed * 2);
      }
      timestamps[timed++] = r.timestamp();
    }
    records++;
  }

  /**
   * Closes the files, commits the offsets after them and counts each kept record's latency (commit time minus its
   * Kafka timestamp) into {@code latency} when given; returns the records committed.
   */
  long commit(KafkaConsumer<?, ?> consumer, LatencyHistogram latency) throws IOException {
    closeFiles();
    consumer.commitSync(next);
    long committedAt = System.currentTimeMillis();
    if (latency != null) {
      for (int i = 0; i < timed; i++) {
        latency.add(committedAt - timestamps[i], 1);
      }
    }
    return records;
  }

  /** Closes what was written without committing: the records are read again by whoever resumes. */
  void abandon() throws IOException {
    closeFiles();
  }

  private void closeFiles() throws IOException {
    try {
      if (predictions != null) {
        predictions.close();
      }
    } finally {
      if (quarantine != null) {
        quarantine.close();
      }
    }
  }
}
