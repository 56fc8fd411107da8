package dev.weblog.common.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weblog.common.Column;
import dev.weblog.common.Target;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProfileJsonTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The Javadoc's example, built. */
  private static TrainingProfile example() {
    ProfileBuilder b = new ProfileBuilder(Target.GENDER, List.of(Column.DEVICE_TYPE, Column.LAT),
        Map.of(Column.LAT, new double[] {30.1, 35.7}));
    b.add(Map.of(Column.DEVICE_TYPE, "1", Column.LAT, "20.5"), "F", 330);
    b.add(Map.of(Column.DEVICE_TYPE, "1", Column.LAT, "30.1"), "F", 150);
    b.add(Map.of(Column.DEVICE_TYPE, "1", Column.LAT, "31"), "M", 190);
    b.add(Map.of(Column.DEVICE_TYPE, "1", Column.LAT, "36"), "M", 30);
    b.add(Map.of(Column.DEVICE_TYPE, "2", Column.LAT, "45.9"), "M", 300);
    return b.build();
  }

  @Test
  void theFormatIsTheDocumentedOne() throws Exception {
    String expected = """
        {"format": 1, "target": "gender", "rows": 1000,
         "classes": {"F": 480, "M": 520},
         "features": [
           {"column": "device_type", "kind": "categorical", "cap": 1000, "counts": {"1": 700, "2": 300}, "other": 0},
           {"column": "lat", "kind": "numeric", "edges": [30.1, 35.7], "counts": [330, 340, 330],
            "min": 20.5, "max": 45.9}]}
        """;
    assertEquals(JSON.readTree(expected), JSON.readTree(ProfileJson.write(example())));
  }

  @Test
  void aProfileReadsBackAsWritten() {
    ProfileBuilder b = new ProfileBuilder(Target.AGE_GROUP, List.of(Column.LON, Column.PRODUCT_CATEGORY_ID),
        Map.of(Column.LON, new double[] {-0.1, 1e-7, 139.691706}), 3);
    String[] labels = {"under 18", "18-25", "Über 60, \"retired\"", null};
    for (int k = 0; k < 200; k++) {
      b.add(Map.of(Column.LON, String.valueOf(k * 0.7f - 20), Column.PRODUCT_CATEGORY_ID, String.valueOf(k % 7)),
          labels[k % labels.length]);
    }
    TrainingProfile profile = b.build();
    assertEquals(profile, ProfileJson.read(ProfileJson.write(profile), "profile.json"));
    assertEquals(List.of("under 18", "18-25", "Über 60, \"retired\""), List.copyOf(profile.classes().keySet()));
  }

  @Test
  void aBadFileIsNamedWithItsField() throws Exception {
    String good = ProfileJson.write(example());
    assertEquals("v1/profile.json: format is 2; this reader knows format 1 only",
        readError(good.replace("\"format\" : 1", "\"format\" : 2")));
    assertEquals("v1/profile.json: rows must be a whole number of at least 0, got \"many\"",
        readError(good.replace("\"rows\" : 1000", "\"rows\" : \"many\"")));
    assertEquals("v1/profile.json: features[1].counts[2] must be a whole number of at least 0, got -330",
        readError(good.replace("340, 330", "340, -330")));
    assertEquals("v1/profile.json: features[1] lat: 2 edges make 3 bins, got 2 counts",
        readError(good.replace("340, 330", "340")));
    assertEquals("v1/profile.json: features[0].kind is 'numeric', but device_type is categorical",
        readError(good.replaceFirst("\"categorical\"", "\"numeric\"")));
    assertEquals("v1/profile.json: features[0].column unknown column 'device'; columns are " + Column.HEADER,
        readError(good.replace("\"device_type\"", "\"device\"")));
    assertEquals("v1/profile.json: target is missing", readError("{\"format\": 1}"));
  }

  private static String readError(String json) {
    return assertThrows(IllegalArgumentException.class, () -> ProfileJson.read(json, "v1/profile.json"))
        .getMessage();
  }
}
