package dev.weblog.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;

/** The synthetic generator: how many rows, and the seed that makes them reproducible. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class GeneratorSpec {

  public static final long DEFAULT_ROWS = 100_000;
  public static final long DEFAULT_SEED = 42;

  @JsonPropertyDescription("Rows of history to generate")
  @Min(1)
  @Default("" + DEFAULT_ROWS)
  private long rows = DEFAULT_ROWS;

  @JsonPropertyDescription("Seed of the generator; the same seed gives the same rows")
  @Default("" + DEFAULT_SEED)
  private long seed = DEFAULT_SEED;

  public long getRows() {
    return rows;
  }

  public void setRows(long rows) {
    this.rows = rows;
  }

  public long getSeed() {
    return seed;
  }

  public void setSeed(long seed) {
    this.seed = seed;
  }
}
