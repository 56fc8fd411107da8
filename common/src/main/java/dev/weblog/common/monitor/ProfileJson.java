package dev.weblog.common.monitor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weblog.common.Column;
import dev.weblog.common.Target;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The one JSON form of a {@link TrainingProfile}, as saved beside a model version. Format 1:
 *
 * <pre>{@code
 * {"format": 1, "target": "gender", "rows": 1000,
 *  "classes": {"F": 480, "M": 520},
 *  "features": [
 *    {"column": "device_type", "kind": "categorical", "cap": 1000, "counts": {"1": 700, "2": 300}, "other": 0},
 *    {"column": "lat", "kind": "numeric", "edges": [30.1, 35.7], "counts": [330, 340, 330],
 *     "min": 20.5, "max": 45.9}]}
 * }</pre>
 *
 * A categorical feature's {@code counts} are training rows per value kept (at most {@code cap}) and {@code other}
 * the rows of the values past the cap; a numeric one's {@code counts} are rows per bin, one more than the
 * {@code edges} between them, and {@code min}/{@code max} its training range. A reader refuses another format.
 */
public final class ProfileJson {

  public static final int FORMAT = 1;
  static final String CATEGORICAL = "categorical";
  static final String NUMERIC = "numeric";

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ProfileJson() {}

  public static String write(TrainingProfile profile) {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    root.put("target", profile.target().id());
    root.put("rows", profile.rows());
    ObjectNode classes = root.putObject("classes");
    profile.classes().forEach(classes::put);
    ArrayNode features = root.putArray("features");
    for (FeatureReference f : profile.features()) {
      ObjectNode feature = features.addObject();
      feature.put("column", f.column().columnName());
      long[] counts = f.counts();
      if (f instanceof FeatureReference.Categorical c) {
        feature.put("kind", CATEGORICAL);
        feature.put("cap", c.cap());
        ObjectNode values = feature.putObject("counts");
        for (int k = 0; k < c.values().size(); k++) {
          values.put(c.values().get(k), counts[k]);
        }
        feature.put("other", c.other());
      } else if (f instanceof FeatureReference.Numeric n) {
        feature.put("kind", NUMERIC);
        ArrayNode edges = feature.putArray("edges");
        for (double e : n.edges()) {
          edges.add(e);
        }
        ArrayNode bins = feature.putArray("counts");
        for (long count : counts) {
          bins.add(count);
        }
        feature.put("min", n.min());
        feature.put("max", n.max());
      }
    }
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a training profile: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * The profile in {@code json}; anything else is an {@link IllegalArgumentException} naming {@code source} (the
   * file) and the field.
   */
  public static TrainingProfile read(String json, String source) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(source + ": not JSON: " + e.getOriginalMessage(), e);
    }
    Fields at = new Fields(source);
    if (root == null || !root.isObject()) {
      throw at.bad("", "is not a JSON object");
    }
    long format = at.whole(root, "format");
    if (format != FORMAT) {
      throw at.bad("format", "is " + format + "; this reader knows format " + FORMAT + " only");
    }
    String targetId = at.text(root, "target");
    Target target = at.checked("target", () -> Target.fromId(targetId));
    long rows = at.whole(root, "rows");
    Map<String, Long> classes = at.counts(root, "classes");
    List<FeatureReference> features = features(root, at);
    return at.checked("", () -> new TrainingProfile(target, rows, classes, features));
  }

  private static List<FeatureReference> features(JsonNode root, Fields at) {
    JsonNode list = at.list(root, "features");
    List<FeatureReference> features = new ArrayList<>();
    for (int k = 0; k < list.size(); k++) {
      JsonNode f = list.get(k);
      Fields in = at.in("features[" + k + "]");
      String columnName = in.text(f, "column");
      Column column = in.checked("column", () -> Column.byName(columnName));
      String kind = in.text(f, "kind");
      if (!kind.equals(ProfileBuilder.numeric(column) ? NUMERIC : CATEGORICAL)) {
        throw in.bad("kind", "is '" + kind + "', but " + column.columnName() + " is "
            + (ProfileBuilder.numeric(column) ? NUMERIC : CATEGORICAL));
      }
      features.add(kind.equals(NUMERIC) ? numeric(column, f, in) : categorical(column, f, in));
    }
    return features;
  }

  private static FeatureReference numeric(Column column, JsonNode f, Fields in) {
    double[] edges = in.numbers(f, "edges");
    long[] counts = in.wholes(f, "counts");
    double min = in.number(f, "min");
    double max = in.number(f, "max");
    return in.checked("", () -> new FeatureReference.Numeric(column, edges, counts, min, max));
  }

  private static FeatureReference categorical(Column column, JsonNode f, Fields in) {
    Map<String, Long> counts = in.counts(f, "counts");
    long other = in.whole(f, "other");
    long cap = in.whole(f, "cap");
    return in.checked("",
        () -> new FeatureReference.Categorical(column, counts, other, (int) Math.min(cap, Integer.MAX_VALUE)));
  }

  /** Field readers whose errors name the file and the field's path. */
  private record Fields(String source, String path) {
    Fields(String source) {
      this(source, "");
    }

    Fields in(String child) {
      return new Fields(source, at(child));
    }

    IllegalArgumentException bad(String field, String problem) {
      String where = at(field);
      return new IllegalArgumentException(source + ": " + (where.isEmpty() ? "" : where + " ") + problem);
    }

    /** What {@code make} makes of fields already read; its refusal names this place. */
    <T> T checked(String field, Supplier<T> make) {
      try {
        return make.get();
      } catch (IllegalArgumentException e) {
        throw bad(field, e.getMessage());
      }
    }

    /** The path of a child: {@code features[1].counts[2]}. */
    private String at(String child) {
      return path.isEmpty() || child.isEmpty() || child.startsWith("[") ? path + child : path + "." + child;
    }

    private JsonNode field(JsonNode node, String field) {
      JsonNode v = node.get(field);
      if (v == null || v.isNull()) {
        throw bad(field, "is missing");
      }
      return v;
    }

    String text(JsonNode node, String field) {
      JsonNode v = field(node, field);
      if (!v.isTextual()) {
        throw bad(field, "must be text, got " + v);
      }
      return v.asText();
    }

    long whole(JsonNode node, String field) {
      return asWhole(field(node, field), field);
    }

    double number(JsonNode node, String field) {
      return asNumber(field(node, field), field);
    }

    double[] numbers(JsonNode node, String field) {
      JsonNode v = list(node, field);
      double[] out = new double[v.size()];
      for (int k = 0; k < out.length; k++) {
        out[k] = in(field).asNumber(v.get(k), "[" + k + "]");
      }
      return out;
    }

    long[] wholes(JsonNode node, String field) {
      JsonNode v = list(node, field);
      long[] out = new long[v.size()];
      for (int k = 0; k < out.length; k++) {
        out[k] = in(field).asWhole(v.get(k), "[" + k + "]");
      }
      return out;
    }

    Map<String, Long> counts(JsonNode node, String field) {
      JsonNode v = field(node, field);
      if (!v.isObject()) {
        throw bad(field, "must be an object of counts, got " + v);
      }
      Map<String, Long> out = new LinkedHashMap<>();
      for (Iterator<String> names = v.fieldNames(); names.hasNext();) {
        String name = names.next();
        out.put(name, in(field).asWhole(v.get(name), name));
      }
      return out;
    }

    private JsonNode list(JsonNode node, String field) {
      JsonNode v = field(node, field);
      if (!v.isArray()) {
        throw bad(field, "must be a list, got " + v);
      }
      return v;
    }

    private double asNumber(JsonNode v, String field) {
      if (!v.isNumber()) {
        throw bad(field, "must be a number, got " + v);
      }
      return v.asDouble();
    }

    private long asWhole(JsonNode v, String field) {
      if (!v.canConvertToExactIntegral() || !v.canConvertToLong() || v.asLong() < 0) {
        throw bad(field, "must be a whole number of at least 0, got " + v);
      }
      return v.asLong();
    }
  }
}
