package dev.weblog.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** Retries of a failed batch driver: a new attempt after an exponentially growing pause, up to a limit. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RetrySpec {

  @JsonPropertyDescription("Retries after the first failure of an ingest or training driver; then the pipeline fails")
  @Min(0)
  @Max(20)
  @Default("3")
  private int limit = 3;

  @JsonPropertyDescription("Pause before the first retry, doubled for each further one")
  @Min(1)
  @Default("10")
  private int initialBackoffSeconds = 10;

  @JsonPropertyDescription("Longest pause between two attempts (also caps the streaming driver's restarts)")
  @Min(1)
  @Default("600")
  private int maxBackoffSeconds = 600;

  public int getLimit() {
    return limit;
  }

  public void setLimit(int limit) {
    this.limit = limit;
  }

  public int getInitialBackoffSeconds() {
    return initialBackoffSeconds;
  }

  public void setInitialBackoffSeconds(int initialBackoffSeconds) {
    this.initialBackoffSeconds = initialBackoffSeconds;
  }

  public int getMaxBackoffSeconds() {
    return maxBackoffSeconds;
  }

  public void setMaxBackoffSeconds(int maxBackoffSeconds) {
    this.maxBackoffSeconds = maxBackoffSeconds;
  }
}
