package dev.weblog.common;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/**
 * The real-time path's Kafka events, the one definition of their JSON (the README's "Prediction events" shows
 * both). Every event names the input record it came from ({@code source}: topic, partition, offset, the record's
 * Kafka timestamp): delivery is at least once, so that triple is the key a consumer drops repeats by.
 *
 * <p>A prediction event (key: the device id):
 * <pre>{@code
 * {"source":{"topic":"ec_web_logs_stream","partition":0,"offset":42,"timestamp_ms":1764842400123},
 *  "device_id":"d-17","timestamp":"2026-12-04 10:00:00",
 *  "predictions":{"age_group":{"label":"25-34","model_version":3},"gender":{"label":"F","model_version":2}},
 *  "features":{"product_category_id":12,"device_type":1,"connect_type":2},
 *  "scored_at_ms":1764842400171}
 * }</pre>
 * {@code features} holds the record columns either model reads, with the line's values; {@code timestamp} is the
 * line's own. A quarantine event (key: the line's first field when there is one) carries the rejection instead:
 * <pre>{@code
 * {"source":{...},"rejection":{"kind":"BAD_NUMBER","field":"lat","reason":"..."},"line":"...",
 *  "scored_at_ms":...}
 * }</pre>
 * where {@code line} is null when the record had no value; {@code kind} is one of {@link Rejection.Kind}.
 * {@link #sourceOf} reads the source back (the real-time driver's own metrics do, from its output topics).
 */
public final class PredictionEvent {

  public static final String SOURCE = "source";
  public static final String TOPIC = "topic";
  public static final String PARTITION = "partition";
  public static final String OFFSET = "offset";
  public static final String TIMESTAMP_MS = "timestamp_ms";
  public static final String DEVICE_ID = Column.DEVICE_ID.columnName();
  public static final String TIMESTAMP = Column.TIMESTAMP.columnName();
  public static final String PREDICTIONS = "predictions";
  public static final String LABEL = "label";
  public static final String MODEL_VERSION = "model_version";
  public static final String FEATURES = "features";
  public static final String SCORED_AT_MS = "scored_at_ms";
  public static final String REJECTION = "rejection";
  public static final String KIND = "kind";
  public static final String FIELD = "field";
  public static final String REASON = "reason";
  public static final String LINE = "line";

  private static final JsonFactory JSON = new JsonFactory();

  private PredictionEvent() {}

  /** Where an event's line was read: its Kafka coordinates and timestamp (milliseconds, -1 when it had none). */
  public record Source(String topic, int partition, long offset, long timestampMs) {}

  /** One target's prediction and the version of the model that made it. */
  public record Prediction(Target target, String label, int modelVersion) {}

  /** The event of a valid line, as UTF-8 JSON. */
  public static byte[] prediction(Source source, WebLogRecord record, List<Prediction> predictions,
      List<Column> features, long scoredAtMs) {
    return write(json -> {
      source(json, source);
      json.writeStringField(DEVICE_ID, record.deviceId());
      json.writeStringField(TIMESTAMP, record.timestamp().format(WebLogRecord.TIMESTAMP_FORMAT));
      json.writeObjectFieldStart(PREDICTIONS);
      for (Prediction p : predictions) {
        json.writeObjectFieldStart(p.target().id());
        json.writeStringField(LABEL, p.label());
        json.writeNumberField(MODEL_VERSION, p.modelVersion());
        json.writeEndObject();
      }
      json.writeEndObject();
      json.writeObjectFieldStart(FEATURES);
      for (Column c : features) {
        json.writeFieldName(c.columnName());
        value(json, c, record);
      }
      json.writeEndObject();
      json.writeNumberField(SCORED_AT_MS, scoredAtMs);
    });
  }

  /** The event of a rejected line, as UTF-8 JSON; {@code line} may be null (a record without a value). */
  public static byte[] quarantine(Source source, Rejection rejection, String line, long scoredAtMs) {
    return write(json -> {
      source(json, source);
      json.writeObjectFieldStart(REJECTION);
      json.writeStringField(KIND, rejection.kind().name());
      json.writeStringField(FIELD, rejection.field());
      json.writeStringField(REASON, rejection.reason());
      json.writeEndObject();
      json.writeStringField(LINE, line);
      json.writeNumberField(SCORED_AT_MS, scoredAtMs);
    });
  }

  /**
   * The {@code source} of an event as written here; empty when the bytes are no such event (not JSON, no complete
   * {@code source}). Reads no further than the source, which comes first.
   */
  public static Optional<Source> sourceOf(byte[] event) {
    if (event == null) {
      return Optional.empty();
    }
    try (JsonParser json = JSON.createParser(event)) {
      if (json.nextToken() != JsonToken.START_OBJECT) {
        return Optional.empty();
      }
      while (json.nextToken() == JsonToken.FIELD_NAME) {
        String name = json.currentName();
        json.nextToken();
        if (SOURCE.equals(name)) {
          return json.currentToken() == JsonToken.START_OBJECT ? source(json) : Optional.empty();
        }
        json.skipChildren();
      }
      return Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static Optional<Source> source(JsonParser json) throws IOException {
    String topic = null;
    Integer partition = null;
    Long offset = null;
    Long timestampMs = null;
    while (json.nextToken() == JsonToken.FIELD_NAME) {
      String name = json.currentName();
      JsonToken value = json.nextToken();
      boolean number = value == JsonToken.VALUE_NUMBER_INT;
      switch (name) {
        case TOPIC -> topic = value == JsonToken.VALUE_STRING ? json.getText() : null;
        case PARTITION -> partition = number ? json.getIntValue() : null;
        case OFFSET -> offset = number ? json.getLongValue() : null;
        case TIMESTAMP_MS -> timestampMs = number ? json.getLongValue() : null;
        default -> json.skipChildren();
      }
    }
    if (topic == null || partition == null || offset == null || timestampMs == null) {
      return Optional.empty();
    }
    return Optional.of(new Source(topic, partition, offset, timestampMs));
  }

  private static void source(JsonGenerator json, Source source) throws IOException {
    json.writeObjectFieldStart(SOURCE);
    json.writeStringField(TOPIC, source.topic());
    json.writeNumberField(PARTITION, source.partition());
    json.writeNumberField(OFFSET, source.offset());
    json.writeNumberField(TIMESTAMP_MS, source.timestampMs());
    json.writeEndObject();
  }

  private static void value(JsonGenerator json, Column c, WebLogRecord r) throws IOException {
    switch (c) {
      case DEVICE_ID -> json.writeString(r.deviceId());
      case TIMESTAMP -> json.writeString(r.timestamp().format(WebLogRecord.TIMESTAMP_FORMAT));
      case PRODUCT_CATEGORY_ID -> json.writeNumber(r.productCategoryId());
      case IP -> json.writeString(r.ip());
      case LAT -> json.writeNumber(r.lat());
      case LON -> json.writeNumber(r.lon());
      case DEVICE_TYPE -> json.writeNumber(r.deviceType());
      case CONNECT_TYPE -> json.writeNumber(r.connectType());
      case AGE_GROUP -> json.writeString(r.ageGroup());
      case GENDER -> json.writeString(r.gender());
      case MEMBER_ID -> json.writeString(r.memberId());
    }
  }

  private interface Body {
    void write(JsonGenerator json) throws IOException;
  }

  private static byte[] write(Body body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      body.write(json);
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write an event: " + e.getMessage(), e);
    }
    return out.toByteArray();
  }
}
