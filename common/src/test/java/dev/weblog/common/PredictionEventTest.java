package dev.weblog.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The real-time events as a consumer parses them: every field where the README says, any label text intact. */
class PredictionEventTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final PredictionEvent.Source SOURCE = new PredictionEvent.Source("lines", 2, 41L, 1_764_842_400_123L);

  @Test
  void predictionCarriesSourceVersionsAndTheFeaturesRead() throws Exception {
    WebLogRecord record = new WebLogRecord("d-17", java.time.LocalDateTime.of(2026, 12, 4, 10, 0), 12, "10.0.0.1",
        1.5f, -2.25f, 1, 2, "26, \"or 35\"", "1", "m-9");
    JsonNode e = JSON.readTree(PredictionEvent.prediction(SOURCE, record, List.of(
        new PredictionEvent.Prediction(Target.AGE_GROUP, "26, \"or 35\"", 3),
        new PredictionEvent.Prediction(Target.GENDER, "1", 2)),
        List.of(Column.PRODUCT_CATEGORY_ID, Column.LAT, Column.AGE_GROUP), 1_764_842_400_171L));
    assertEquals("lines", e.at("/source/topic").asText());
    assertEquals(2, e.at("/source/partition").asInt());
    assertEquals(41, e.at("/source/offset").asLong());
    assertEquals(1_764_842_400_123L, e.at("/source/timestamp_ms").asLong());
    assertEquals("d-17", e.get("device_id").asText());
    assertEquals("2026-12-04 10:00:00", e.get("timestamp").asText());
    assertEquals("26, \"or 35\"", e.at("/predictions/age_group/label").asText(), "a label with a comma and quotes");
    assertEquals(3, e.at("/predictions/age_group/model_version").asInt());
    assertEquals(2, e.at("/predictions/gender/model_version").asInt());
    assertEquals(12, e.at("/features/product_category_id").asInt());
    assertEquals(1.5, e.at("/features/lat").asDouble());
    assertEquals("26, \"or 35\"", e.at("/features/age_group").asText());
    assertEquals(3, e.get("features").size(), "only the columns the models read");
    assertEquals(1_764_842_400_171L, e.get("scored_at_ms").asLong());
  }

  @Test
  void quarantineCarriesTheRejectionAndTheLineEvenWithoutOne() throws Exception {
    String line = "d-1,2026-12-04 10:00:00,notanumber,10.0.0.1,1,1,1,1,,,";
    Rejection rejection = ((ParseResult.Rejected) WebLogCsvCodec.decode(line)).rejection();
    JsonNode e = JSON.readTree(PredictionEvent.quarantine(SOURCE, rejection, line, 5L));
    assertEquals(rejection.kind().name(), e.at("/rejection/kind").asText());
    assertEquals("product_category_id", e.at("/rejection/field").asText());
    assertTrue(e.at("/rejection/reason").asText().length() > 5);
    assertEquals(line, e.get("line").asText());
    JsonNode empty = JSON.readTree(PredictionEvent.quarantine(SOURCE, rejection, null, 5L));
    assertTrue(empty.get("line").isNull(), "a record without a value keeps a null line");
  }

  @Test
  void sourceIsReadBackFromEitherEventAndNothingFromAnythingElse() {
    String line = "d-1,2026-12-04 10:00:00,notanumber,10.0.0.1,1,1,1,1,,,";
    Rejection rejection = ((ParseResult.Rejected) WebLogCsvCodec.decode(line)).rejection();
    assertEquals(Optional.of(SOURCE), PredictionEvent.sourceOf(PredictionEvent.quarantine(SOURCE, rejection, line,
        5L)));
    PredictionEvent.Source noTimestamp = new PredictionEvent.Source("lines", 0, 7L, -1L);
    assertEquals(Optional.of(noTimestamp), PredictionEvent.sourceOf(PredictionEvent.quarantine(noTimestamp,
        rejection, null, 5L)));
    for (String other : List.of("", "not json", "[1,2]", "{\"line\":\"x\"}", "{\"source\":{\"topic\":\"t\"}}",
        "{\"other\":{\"source\":1},\"source\":{\"topic\":\"t\",\"partition\":\"0\",\"offset\":1,"
            + "\"timestamp_ms\":2}}",
        "{\"source\":{\"topic\":\"t\",\"partition\":0")) {
      assertEquals(Optional.empty(), PredictionEvent.sourceOf(other.getBytes(StandardCharsets.UTF_8)), other);
    }
    assertEquals(Optional.of(new PredictionEvent.Source("t", 1, 2L, 3L)), PredictionEvent.sourceOf(
        "{\"extra\":[{\"a\":1}],\"source\":{\"timestamp_ms\":3,\"offset\":2,\"partition\":1,\"topic\":\"t\"}}"
            .getBytes(StandardCharsets.UTF_8)),
        "fields in any order, after other fields");
    assertEquals(Optional.empty(), PredictionEvent.sourceOf(null));
  }
}
