package dev.weblog.operator.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.nio.file.Path;
import java.util.List;

/** Validates objects against the OpenAPI v3 schema of one version of a CRD, as a JSON schema. */
public final class OpenApiSchemas {

  private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4);

  private OpenApiSchemas() {}

  public static JsonNode openApiSchema(JsonNode crd, String version) {
    for (JsonNode v : crd.at("/spec/versions")) {
      if (v.get("name").asText().equals(version)) {
        return v.at("/schema/openAPIV3Schema");
      }
    }
    throw new AssertionError("CRD " + crd.at("/metadata/name").asText() + " has no version " + version);
  }

  public static Schema load(Path crdFile, String version) {
    return REGISTRY.getSchema(openApiSchema(Yaml.readTree(crdFile), version).toString(), InputFormat.JSON);
  }

  /** Readable problems, one per line; empty when the object is valid. */
  public static List<String> problems(Schema schema, JsonNode object) {
    return schema.validate(object.toString(), InputFormat.JSON).stream().map(Error::toString).toList();
  }
}
