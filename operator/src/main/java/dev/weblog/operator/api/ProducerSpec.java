package dev.weblog.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/** The replay producer that sends live lines to the topic. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = Rules.PRODUCER_VOLUME_IFF_VOLUME, message = Rules.PRODUCER_VOLUME_IFF_VOLUME_MSG)
public class ProducerSpec {

  @JsonPropertyDescription("Run the producer; disable it when something else writes the topic")
  @Default("true")
  private boolean enabled = true;

  @JsonPropertyDescription("Lines per second (the original replayed 5 lines every 5 seconds)")
  @Min(1)
  @Default("1")
  private int rate = 1;

  @JsonPropertyDescription("Generator (synthetic live lines) or Volume (replay a CSV file on a PVC)")
  @Default("Generator")
  private ProducerSource source = ProducerSource.GENERATOR;

  @JsonPropertyDescription("Volume only: the CSV file to replay")
  private VolumeFile volume;

  @JsonPropertyDescription("Generator only: seed of the live lines (differs from the history's by default)")
  @Default("7")
  private long seed = 7;

  @JsonPropertyDescription("Generator only: break every Nth live line in one of the ways the streaming job "
      + "quarantines (0 = never), to see that nothing malformed is lost")
  @Min(0)
  @Default("0")
  private long malformedEvery;

  @JsonPropertyDescription("Generator only: from this live line on (1 = the first; 0 = never) the lines come from a "
      + "shifted world, to watch drift monitoring detect it and, with training.retrain.onDrift, retrain on it")
  @Min(0)
  @Default("0")
  private long driftAt;

  @JsonPropertyDescription("Generator only, with driftAt: what shifts (preferences, labels, categories; all when "
      + "empty)")
  private List<DriftKind> driftKinds;

  @JsonPropertyDescription("CPU and memory of the producer container")
  private ComputeResources resources = new ComputeResources("250m", "512Mi");

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public int getRate() {
    return rate;
  }

  public void setRate(int rate) {
    this.rate = rate;
  }

  public ProducerSource getSource() {
    return source;
  }

  public void setSource(ProducerSource source) {
    this.source = source;
  }

  public VolumeFile getVolume() {
    return volume;
  }

  public void setVolume(VolumeFile volume) {
    this.volume = volume;
  }

  public long getDriftAt() {
    return driftAt;
  }

  public void setDriftAt(long driftAt) {
    this.driftAt = driftAt;
  }

  public List<DriftKind> getDriftKinds() {
    return driftKinds;
  }

  public void setDriftKinds(List<DriftKind> driftKinds) {
    this.driftKinds = driftKinds;
  }

  public long getMalformedEvery() {
    return malformedEvery;
  }

  public void setMalformedEvery(long malformedEvery) {
    this.malformedEvery = malformedEvery;
  }

  public long getSeed() {
    return seed;
  }

  public void setSeed(long seed) {
    this.seed = seed;
  }

  public ComputeResources getResources() {
    return resources;
  }

  public void setResources(ComputeResources resources) {
    this.resources = resources == null ? new ComputeResources() : resources;
  }
}
