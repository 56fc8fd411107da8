package dev.weblog.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weblog.common.HdfsLayout;
import dev.weblog.common.WebLogCsvCodec;
import dev.weblog.spark.StreamColumns;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The account of one fault run, kept twice over. Producer to Kafka: every line the producer read is in the topic
 * exactly once (the file's lines are all different). Kafka to the outputs: every record, by its (partition,
 * offset), is in predictions or in quarantine exactly once, valid lines in the first and malformed in the second.
 */
record Ledger(long produced, long inKafka, long predicted, long quarantined, long lostInKafka,
    long duplicatedInKafka, long lostInStream, long duplicatedInStream, long foreign, long misrouted,
    List<String> examples) {

  private static final int EXAMPLES = 5;

  long lost() {
    return lostInKafka + lostInStream;
  }

  long duplicated() {
    return duplicatedInKafka + duplicatedInStream;
  }

  /** Counts what {@code produced} became in the topic and in the outputs of the stream under {@code layout}. */
  static Ledger of(SparkSession spark, String hdfsUri, HdfsLayout layout, List<byte[]> produced,
      List<TopicContents.KafkaRecord> kafka) {
    List<String> examples = new ArrayList<>();
    Set<ByteBuffer> sent = new HashSet<>();
    produced.forEach(l -> sent.add(ByteBuffer.wrap(l)));
    Map<ByteBuffer, Integer> copies = new HashMap<>();
    Map<String, TopicContents.KafkaRecord> byCoordinates = new HashMap<>();
    long foreign = 0;
    for (TopicContents.KafkaRecord r : kafka) {
      ByteBuffer value = ByteBuffer.wrap(r.value());
      copies.merge(value, 1, Integer::sum);
      byCoordinates.put(r.coordinates(), r);
      if (!sent.contains(value)) {
        foreign++;
        example(examples, "record " + r.coordinates() + " was never produced");
      }
    }
    long lostInKafka = 0;
    for (ByteBuffer line : sent) {
      if (!copies.containsKey(line)) {
        lostInKafka++;
        example(examples, "line '" + preview(line) + "' is not in Kafka");
      }
    }
    long duplicatedInKafka = 0;
    for (Map.Entry<ByteBuffer, Integer> e : copies.entrySet()) {
      if (e.getValue() > 1) {
        duplicatedInKafka += e.getValue() - 1;
        example(examples, "line '" + preview(e.getKey()) + "' is in Kafka " + e.getValue() + " times");
      }
    }

    Map<String, Integer> outputs = new HashMap<>();
    long misrouted = 0;
    List<Row> predictions = coordinates(spark, hdfsUri + layout.streamPredictions());
    List<Row> quarantine = coordinates(spark, hdfsUri + layout.streamQuarantine());
    for (int q = 0; q < 2; q++) {
      boolean predictedSide = q == 0;
      for (Row row : predictedSide ? predictions : quarantine) {
        String at = row.get(0) + "@" + row.get(1);
        outputs.merge(at, 1, Integer::sum);
        TopicContents.KafkaRecord record = byCoordinates.get(at);
        if (record == null) {
          foreign++;
          example(examples, (predictedSide ? "prediction" : "quarantine") + " for " + at + ", not in Kafka");
        } else if (WebLogCsvCodec.decode(record.value()).isValid() != predictedSide) {
          misrouted++;
          example(examples,
              "record " + at + " is " + (predictedSide ? "malformed but predicted" : "valid but quarantined"));
        }
      }
    }
    long lostInStream = 0;
    for (String at : byCoordinates.keySet()) {
      if (!outputs.containsKey(at)) {
        lostInStream++;
        example(examples, "record " + at + " is in neither predictions nor quarantine");
      }
    }
    long duplicatedInStream = 0;
    for (Map.Entry<String, Integer> e : outputs.entrySet()) {
      if (e.getValue() > 1) {
        duplicatedInStream += e.getValue() - 1;
        example(examples, "record " + e.getKey() + " is in the outputs " + e.getValue() + " times");
      }
    }
    return new Ledger(produced.size(), kafka.size(), predictions.size(), quarantine.size(), lostInKafka,
        duplicatedInKafka, lostInStream, duplicatedInStream, foreign, misrouted, List.copyOf(examples));
  }

  /** Fails on the first record lost, repeated, made up or sent to the wrong output. */
  void assertConserved() {
    String where = " (e.g. " + examples + ")";
    assertEquals(0, lost(), () -> "records lost: " + lostInKafka + " between producer and Kafka, " + lostInStream
        + " between Kafka and the outputs" + where);
    assertEquals(0, duplicated(), () -> "records duplicated: " + duplicatedInKafka + " in Kafka, "
        + duplicatedInStream + " in the outputs" + where);
    assertEquals(0, foreign, () -> "records nobody produced" + where);
    assertEquals(0, misrouted, () -> "records in the wrong output" + where);
    assertEquals(produced, predicted + quarantined, "predictions + quarantine = records produced");
  }

  private static List<Row> coordinates(SparkSession spark, String path) {
    return spark.read().parquet(path).select(StreamColumns.KAFKA_PARTITION, StreamColumns.KAFKA_OFFSET)
        .collectAsList();
  }

  private static void example(List<String> examples, String what) {
    if (examples.size() < EXAMPLES) {
      examples.add(what);
    }
  }

  private static String preview(ByteBuffer line) {
    String s = new String(line.array(), java.nio.charset.StandardCharsets.UTF_8);
    return s.length() > 60 ? s.substring(0, 60) + "..." : s;
  }
}
