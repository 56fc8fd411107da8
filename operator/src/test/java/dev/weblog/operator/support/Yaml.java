package dev.weblog.operator.support;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Serialization for tests: fabric8's writer, and readers that refuse unknown properties. */
public final class Yaml {

  public static final KubernetesSerialization FABRIC8 = new KubernetesSerialization();
  public static final ObjectMapper STRICT_YAML = YAMLMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .build();
  public static final ObjectMapper JSON = JsonMapper.builder().build();

  private Yaml() {}

  public static String write(Object o) {
    return FABRIC8.asYaml(o);
  }

  /** Re-parsed from text, so a long 1000 and an int 1000 compare equal. */
  public static JsonNode tree(Object o) {
    try {
      return JSON.readTree(FABRIC8.asJson(o));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static JsonNode readTree(Path file) {
    try {
      return STRICT_YAML.readTree(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** The repository root, passed by surefire; falls back to the module's parent when run from an IDE. */
  public static Path repoRoot() {
    String root = System.getProperty("weblog.repo.root");
    return (root != null ? Path.of(root) : Path.of("..")).toAbsolutePath().normalize();
  }
}
