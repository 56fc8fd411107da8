package dev.weblog.producer;

import dev.weblog.common.WebLogRecord;
import dev.weblog.common.generator.GeneratorConfig;
import dev.weblog.common.generator.WebLogGenerator;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;

/** The live rows of the synthetic generator, as the CSV lines a file of them would hold. */
public final class GeneratorLineSource implements LineSource {

  private final Iterator<WebLogRecord> records;
  private final String description;

  public GeneratorLineSource(long rows, long seed) {
    if (rows < 0) {
      throw ReplayException.usage("the number of lines to generate must be 0 or more, not " + rows);
    }
    this.records = new WebLogGenerator(GeneratorConfig.defaults().withLiveRows(rows).withSeed(seed)).live();
    this.description = "generator (" + rows + " live rows, seed " + seed + ")";
  }

  @Override
  public byte[] next() {
    return records.hasNext() ? records.next().toCsvLine().getBytes(StandardCharsets.UTF_8) : null;
  }

  @Override
  public String describe() {
    return description;
  }
}
