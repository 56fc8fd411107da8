package dev.weblog.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

/** The history the models are trained on, loaded into HDFS raw/ before ingest. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = Rules.DATA_URL_IFF_URL, message = Rules.DATA_URL_IFF_URL_MSG)
@ValidationRule(value = Rules.DATA_VOLUME_IFF_VOLUME, message = Rules.DATA_VOLUME_IFF_VOLUME_MSG)
public class DataSpec {

  @JsonPropertyDescription("Generator (synthetic, with ground truth), Url (HTTP download) or Volume (file on a PVC)")
  @Default("Generator")
  private DataSource source = DataSource.GENERATOR;

  @JsonPropertyDescription("Url only: where to download the CSV from")
  @Pattern(Patterns.HTTP_URL)
  private String url;

  @JsonPropertyDescription("Volume only: the CSV file or directory on a persistent volume claim")
  private VolumeFile volume;

  @JsonPropertyDescription("Generator only: rows and seed")
  private GeneratorSpec generator = new GeneratorSpec();

  public DataSource getSource() {
    return source;
  }

  public void setSource(DataSource source) {
    this.source = source;
  }

  public String getUrl() {
    return url;
  }

  public void setUrl(String url) {
    this.url = url;
  }

  public VolumeFile getVolume() {
    return volume;
  }

  public void setVolume(VolumeFile volume) {
    this.volume = volume;
  }

  public GeneratorSpec getGenerator() {
    return generator;
  }

  public void setGenerator(GeneratorSpec generator) {
    this.generator = generator == null ? new GeneratorSpec() : generator;
  }
}
