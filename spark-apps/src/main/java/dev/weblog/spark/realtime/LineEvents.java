package dev.weblog.spark.realtime;

import dev.weblog.common.Column;
import dev.weblog.common.ParseResult;
import dev.weblog.common.PredictionEvent;
import dev.weblog.common.WebLogCsvCodec;
import dev.weblog.common.WebLogRecord;
import dev.weblog.spark.WebLogSparkSchema;
import dev.weblog.spark.model.RecordScorer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One line to its event: decoded with the codec, scored by each model when valid ({@link PredictionEvent}'s
 * prediction event, keyed by the device id), its rejection otherwise (the quarantine event, keyed by the line's
 * first field when it has one). What the real-time tasks do per record, and what the benchmark's plain-Java floor
 * does with the same models.
 */
public final class LineEvents {

  /** The event of one line: whether it is a prediction (else a quarantine event), its Kafka key and value. */
  public record LineEvent(boolean prediction, byte[] key, byte[] value) {}

  private LineEvents() {}

  /**
   * @param scorers one per target, in {@code Target} order
   * @param features the record columns the events show (those the scorers read)
   */
  public static LineEvent of(byte[] line, PredictionEvent.Source source, RecordScorer[] scorers,
      List<Column> features, long nowMs) {
    ParseResult parsed = WebLogCsvCodec.decode(line);
    if (parsed instanceof ParseResult.Valid valid) {
      WebLogRecord record = valid.record();
      Object[] values = WebLogSparkSchema.values(record);
      List<PredictionEvent.Prediction> predictions = new ArrayList<>(scorers.length);
      for (RecordScorer scorer : scorers) {
        predictions.add(new PredictionEvent.Prediction(scorer.target(), scorer.predict(values), scorer.version()));
      }
      return new LineEvent(true, record.deviceId().getBytes(StandardCharsets.UTF_8),
          PredictionEvent.prediction(source, record, predictions, features, nowMs));
    }
    String text = line == null ? null : new String(line, StandardCharsets.UTF_8);
    String key = WebLogCsvCodec.deviceIdOf(text);
    return new LineEvent(false, key == null ? null : key.getBytes(StandardCharsets.UTF_8),
        PredictionEvent.quarantine(source, ((ParseResult.Rejected) parsed).rejection(), text, nowMs));
  }

  /** The record columns any of the scorers reads, in column order. */
  public static List<Column> features(RecordScorer[] scorers) {
    java.util.TreeSet<Column> read = new java.util.TreeSet<>();
    for (RecordScorer s : scorers) {
      read.addAll(s.features());
    }
    return List.copyOf(read);
  }
}
