package dev.weblog.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the operator observed, written only by the operator. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WebLogPipelineStatus {

  private Phase phase;

  @JsonPropertyDescription("metadata.generation of the spec last acted on")
  private Long observedGeneration;

  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("Promoted model per target")
  private ModelsStatus models;

  @JsonPropertyDescription("The spec last reconciled, as JSON; a new spec is compared with it to choose the action")
  private String lastReconciledSpec;

  @JsonPropertyDescription("Per stage (load-history, ingest, train-<target>, stream, realtime): attempts and "
      + "results")
  private Map<String, StageStatus> stages = new LinkedHashMap<>();

  @JsonPropertyDescription("Scheduled retraining, when training.schedule is set")
  private ScheduleStatus schedule;

  @JsonPropertyDescription("Drift detections acted on (Event ModelDrift, retrain on drift), once each")
  private DriftStatus drift;

  @JsonPropertyDescription("The running stream as last read from its driver: rate, lag, latency, totals")
  private StreamStatus stream;

  @JsonPropertyDescription("The real-time job as last read from its driver: events, lag, latency")
  private RealtimeStatus realtime;

  public Phase getPhase() {
    return phase;
  }

  public void setPhase(Phase phase) {
    this.phase = phase;
  }

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions == null ? new ArrayList<>() : conditions;
  }

  public ModelsStatus getModels() {
    return models;
  }

  public void setModels(ModelsStatus models) {
    this.models = models;
  }

  public String getLastReconciledSpec() {
    return lastReconciledSpec;
  }

  public void setLastReconciledSpec(String lastReconciledSpec) {
    this.lastReconciledSpec = lastReconciledSpec;
  }

  public Map<String, StageStatus> getStages() {
    return stages;
  }

  public void setStages(Map<String, StageStatus> stages) {
    this.stages = stages == null ? new LinkedHashMap<>() : stages;
  }

  public ScheduleStatus getSchedule() {
    return schedule;
  }

  public void setSchedule(ScheduleStatus schedule) {
    this.schedule = schedule;
  }

  public RealtimeStatus getRealtime() {
    return realtime;
  }

  public void setRealtime(RealtimeStatus realtime) {
    this.realtime = realtime;
  }

  public StreamStatus getStream() {
    return stream;
  }

  public void setStream(StreamStatus stream) {
    this.stream = stream;
  }

  public DriftStatus getDrift() {
    return drift;
  }

  public void setDrift(DriftStatus drift) {
    this.drift = drift;
  }
}
