package dev.weblog.producer;

import dev.weblog.common.JobContract;
import dev.weblog.common.Rejection;
import dev.weblog.common.WebLogRecord;
import dev.weblog.common.generator.Drift;
import dev.weblog.common.generator.GeneratorConfig;
import dev.weblog.common.generator.Malformer;
import dev.weblog.common.generator.WebLogGenerator;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;

/** The live rows of the synthetic generator, as the CSV lines a file of them would hold. */
public final class GeneratorLineSource implements LineSource {

  private final Iterator<WebLogRecord> records;
  private final String description;
  private final long malformedEvery;
  private final SplittableRandom random;
  private long sent;

  public GeneratorLineSource(long rows, long seed) {
    this(rows, seed, 0, null);
  }

  /**
   * Every {@code malformedEvery}th line (0 = none) is broken, cycling through {@link Malformer#KINDS}; from
   * {@code drift}'s row on (null: never) the rows come from the generator's shifted world.
   */
  public GeneratorLineSource(long rows, long seed, long malformedEvery, Drift drift) {
    if (rows < 0) {
      throw ReplayException.usage("the number of lines to generate must be 0 or more, not " + rows);
    }
    if (malformedEvery < 0) {
      throw ReplayException.usage(JobContract.OPT_MALFORMED_EVERY + " must be 0 (never) or more, not "
          + malformedEvery);
    }
    try {
      this.records = new WebLogGenerator(GeneratorConfig.defaults().withLiveRows(rows).withSeed(seed)
          .withDrift(drift)).live();
    } catch (IllegalArgumentException e) {
      throw ReplayException.usage(JobContract.OPT_DRIFT_AT + ": " + e.getMessage());
    }
    this.malformedEvery = malformedEvery;
    this.random = new SplittableRandom(seed);
    this.description = "generator (" + rows + " live rows, seed " + seed
        + (malformedEvery > 0 ? ", every " + malformedEvery + "th malformed" : "")
        + (drift == null ? "" : ", shifted from row " + drift.atLine() + ": " + drift.kinds()) + ")";
  }

  @Override
  public byte[] next() {
    if (!records.hasNext()) {
      return null;
    }
    String line = records.next().toCsvLine();
    sent++;
    if (malformedEvery > 0 && sent % malformedEvery == 0) {
      List<Rejection.Kind> kinds = Malformer.KINDS;
      return Malformer.malform(line, kinds.get((int) ((sent / malformedEvery - 1) % kinds.size())), random);
    }
    return line.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String describe() {
    return description;
  }
}
