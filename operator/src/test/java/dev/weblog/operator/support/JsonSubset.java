package dev.weblog.operator.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * "What we sent is what the server kept": every field of {@code sent} is in {@code stored} with the same value,
 * while the server may add its defaults (dnsPolicy, terminationMessagePath, updateStrategy ...). Arrays match
 * element by element; the server may append (the service account token's volume and mounts). A zero value sent (false, 0, "", empty) may be missing: the
 * server's Go types omit them.
 */
public final class JsonSubset {

  private JsonSubset() {}

  public static void assertKept(Object sent, Object stored, String what) {
    List<String> problems = new ArrayList<>();
    compare(Yaml.tree(sent), Yaml.tree(stored), "", problems);
    assertEquals(List.of(), problems, what + ": fields the server did not keep as sent");
  }

  private static boolean isZero(JsonNode n) {
    return (n.isBoolean() && !n.booleanValue()) || (n.isNumber() && n.doubleValue() == 0)
        || (n.isTextual() && n.textValue().isEmpty()) || (n.isContainerNode() && n.isEmpty());
  }

  private static void compare(JsonNode sent, JsonNode stored, String path, List<String> problems) {
    if (sent == null || sent.isNull()) {
      return;
    }
    if (stored == null || stored.isNull() || stored.isMissingNode()) {
      if (!isZero(sent)) {
        problems.add(path + " missing (sent " + sent + ")");
      }
    } else if (sent.isObject()) {
      for (Map.Entry<String, JsonNode> e : sent.properties()) {
        compare(e.getValue(), stored.get(e.getKey()), path + "/" + e.getKey(), problems);
      }
    } else if (sent.isArray()) {
      if (!stored.isArray() || stored.size() < sent.size()) {
        problems.add(path + " has " + stored.size() + " elements, sent " + sent.size());
        return;
      }
      for (int i = 0; i < sent.size(); i++) {
        compare(sent.get(i), stored.get(i), path + "/" + i, problems);
      }
    } else if (!sent.equals(stored) && !sent.asText().equals(stored.asText())) {
      problems.add(path + " is " + stored + ", sent " + sent);
    }
  }
}
