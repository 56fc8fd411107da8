package dev.weblog.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** A file (or a directory of CSV files) on a persistent volume claim in the pipeline's namespace. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VolumeFile {

  @JsonPropertyDescription("Name of the persistent volume claim")
  @Required
  @Pattern(Patterns.DNS_LABEL)
  private String claimName;

  @JsonPropertyDescription("Path inside the volume, relative to its root")
  @Required
  @Pattern(Patterns.VOLUME_PATH)
  private String path;

  public VolumeFile() {}

  public VolumeFile(String claimName, String path) {
    this.claimName = claimName;
    this.path = path;
  }

  public String getClaimName() {
    return claimName;
  }

  public void setClaimName(String claimName) {
    this.claimName = claimName;
  }

  public String getPath() {
    return path;
  }

  public void setPath(String path) {
    this.path = path;
  }
}
