package dev.weblog.operator.reconciler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.weblog.operator.api.WebLogPipelineSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * A spec seen as its leaf fields ({@code training.maxDepth}, {@code streaming.sparkConf.spark.x}), and the
 * fingerprint of the fields behind one action. The same field lists decide the reaction to a spec change
 * ({@link SpecChange}) and the run keys that make the steps act on it, so the two cannot disagree.
 */
public final class SpecSections {

  static final ObjectMapper JSON = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private SpecSections() {}

  public static String toJson(WebLogPipelineSpec spec) {
    try {
      return JSON.writeValueAsString(spec);
    } catch (Exception e) {
      throw new IllegalStateException("cannot write the spec as JSON: " + e.getMessage(), e);
    }
  }

  public static WebLogPipelineSpec fromJson(String json) {
    try {
      return JSON.readValue(json, WebLogPipelineSpec.class);
    } catch (Exception e) {
      throw new IllegalArgumentException("status.lastReconciledSpec is not a readable spec: " + e.getMessage(), e);
    }
  }

  /** Leaf path to value; arrays count as one leaf. */
  public static Map<String, JsonNode> leaves(WebLogPipelineSpec spec) {
    Map<String, JsonNode> out = new TreeMap<>();
    flatten("", JSON.valueToTree(spec), out);
    return out;
  }

  /** Fingerprint of the leaves the table assigns to {@code action}; changes exactly when that action is due. */
  public static String key(WebLogPipelineSpec spec, SpecChange.Action action) {
    StringBuilder sb = new StringBuilder();
    leaves(spec).forEach((path, value) -> {
      if (SpecChange.actionOf(path) == action) {
        sb.append(path).append('=').append(value).append('\n');
      }
    });
    return hash(sb.toString());
  }

  /** Fingerprint of the history source alone: loading and ingest run again only when it changes. */
  public static String dataKey(WebLogPipelineSpec spec) {
    StringBuilder sb = new StringBuilder();
    leaves(spec).forEach((path, value) -> {
      if (path.startsWith("data.")) {
        sb.append(path).append('=').append(value).append('\n');
      }
    });
    return hash(sb.toString());
  }

  public static String hash(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static void flatten(String prefix, JsonNode node, Map<String, JsonNode> out) {
    if (node.isObject() && node.size() > 0) {
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
      }
    } else if (!node.isNull() && !(node.isObject() && node.size() == 0)) {
      out.put(prefix, node);
    }
  }
}
