package dev.weblog.common.generator;

import dev.weblog.common.Column;
import dev.weblog.common.Target;
import dev.weblog.common.WebLogRecord;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.function.LongConsumer;

/**
 * Synthetic e-commerce web logs with a known ground truth. Deterministic for a config: the same seed and sizes
 * give the same bytes. Rows are produced one at a time, so any size streams to disk in constant memory. With a
 * {@link Drift}, the live rows from its line on come from a second, shifted world; the rows before it are the
 * very rows a run without the drift writes.
 */
public final class WebLogGenerator {

  private static final long HISTORY_STREAM = 0x5EED_0001L;
  private static final long LIVE_STREAM = 0x5EED_0002L;
  private static final int PROGRESS_EVERY = 100_000;
  /** The row index of a shift that never comes. */
  private static final long NEVER = Long.MAX_VALUE;

  private final GeneratorConfig config;
  private final World world;
  /** The live rows' world from the drift's line on; null without a drift. */
  private final World drifted;

  public WebLogGenerator(GeneratorConfig config) {
    this.config = config;
    BehaviourModel model = new BehaviourModel(config.ageBuckets().size());
    this.world = new World(model, new Population(config, model));
    this.drifted = config.drift() == null ? null : DriftedWorld.of(world, config.drift(), config.seed());
  }

  public GeneratorConfig config() {
    return config;
  }

  public Iterator<WebLogRecord> history() {
    return new Rows(config.historyRows(), new VisitClock(config.historyStart(), config.historyDays()),
        new SplittableRandom(config.seed() ^ HISTORY_STREAM), world, NEVER, world);
  }

  public Iterator<WebLogRecord> live() {
    return new Rows(config.liveRows(), new VisitClock(config.liveStart(), config.liveDays()),
        new SplittableRandom(config.seed() ^ LIVE_STREAM), world,
        drifted == null ? NEVER : config.drift().firstShiftedRow(), drifted);
  }

  /** Writes the history as CSV with the original header; returns the number of rows. */
  public long writeHistory(Path csv, LongConsumer progress) throws IOException {
    return write(history(), csv, progress);
  }

  public long writeLive(Path csv, LongConsumer progress) throws IOException {
    return write(live(), csv, progress);
  }

  public long writeHistory(Path csv) throws IOException {
    return writeHistory(csv, n -> {});
  }

  public long writeLive(Path csv) throws IOException {
    return writeLive(csv, n -> {});
  }

  /** The accuracy of the best per-row classifier on the default features, over labeled rows. */
  public double bayesOptimalAccuracy(Target target) {
    return world.bayes().accuracy(target);
  }

  /**
   * The Bayes decision for a combination of the default features, or null when the combination cannot occur
   * (codes outside the generator's).
   */
  public String bayesOptimalLabel(Target target, int productCategoryId, int deviceType, int connectType) {
    return bayesLabel(world, target, productCategoryId, deviceType, connectType);
  }

  /** As {@link #bayesOptimalLabel} for the live rows after the drift (all of them without one); for the tests. */
  String bayesOptimalLabelAfterDrift(Target target, int productCategoryId, int deviceType, int connectType) {
    return bayesLabel(drifted == null ? world : drifted, target, productCategoryId, deviceType, connectType);
  }

  private String bayesLabel(World w, Target target, int productCategoryId, int deviceType, int connectType) {
    int c = productCategoryId - 1;
    int d = deviceType - 1;
    int k = connectType - 1;
    if (c < 0 || c >= w.model.categories || d < 0 || d >= BehaviourModel.DEVICE_TYPES || k < 0
        || k >= BehaviourModel.CONNECT_TYPES) {
      return null;
    }
    int y = w.bayes().decide(target, d, k, c);
    return y < 0 ? null : labels(target).get(y);
  }

  /** The labels the generator writes for a target, in the behaviour model's order (age buckets youngest first). */
  public List<String> labels(Target target) {
    return target == Target.GENDER ? config.genderLabels() : config.ageBuckets();
  }

  public GroundTruth groundTruth() {
    return new GroundTruth(config.seed(), config.historyRows(), config.liveRows(), world.population.size,
        config.unlabeledShare(), bayesOptimalAccuracy(Target.GENDER), bayesOptimalAccuracy(Target.AGE_GROUP),
        drifted == null ? null : afterDrift());
  }

  private GroundTruth.AfterDrift afterDrift() {
    Drift drift = config.drift();
    BayesOptimal after = drifted.bayes();
    return new GroundTruth.AfterDrift(drift.atLine(), drift.kinds().stream().map(Drift.Kind::id).toList(),
        DriftedWorld.changes(drift, config, world.model.categories), after.accuracy(Target.GENDER),
        after.accuracy(Target.AGE_GROUP), after.accuracyOf(Target.GENDER, world.bayes()),
        after.accuracyOf(Target.AGE_GROUP, world.bayes()));
  }

  private static long write(Iterator<WebLogRecord> rows, Path csv, LongConsumer progress) throws IOException {
    Path parent = csv.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    long n = 0;
    try (Writer out = new BufferedWriter(
        new OutputStreamWriter(Files.newOutputStream(csv), StandardCharsets.UTF_8), 1 << 20)) {
      out.write(Column.HEADER);
      out.write('\n');
      while (rows.hasNext()) {
        out.write(rows.next().toCsvLine());
        out.write('\n');
        if (++n % PROGRESS_EVERY == 0) {
          progress.accept(n);
        }
      }
    }
    progress.accept(n);
    return n;
  }

  /**
   * The i-th of n rows sits at position (i + u) / n of the period, so times never go backwards. Rows from
   * {@code shiftAt} on come from the second world; each row draws the same random numbers in either.
   */
  private final class Rows implements Iterator<WebLogRecord> {
    private final long total;
    private final VisitClock clock;
    private final SplittableRandom random;
    private final World first;
    private final long shiftAt;
    private final World second;
    private long next;

    Rows(long total, VisitClock clock, SplittableRandom random, World first, long shiftAt, World second) {
      this.total = total;
      this.clock = clock;
      this.random = random;
      this.first = first;
      this.shiftAt = shiftAt;
      this.second = second;
    }

    @Override
    public boolean hasNext() {
      return next < total;
    }

    @Override
    public WebLogRecord next() {
      if (next >= total) {
        throw new NoSuchElementException();
      }
      World w = next < shiftAt ? first : second;
      double position = (next + random.nextDouble()) / total;
      next++;
      Population population = w.population;
      int i = w.visitors.sample(random);
      int g = population.gender[i];
      int a = population.age[i];
      int d = population.deviceType[i];
      int category = w.categories[g][a].sample(random) + 1;
      int connect = w.connections[d][a].sample(random) + 1;
      // Phones move around town; desktops and tablets stay home.
      double spread = d <= 1 ? 0.02 : 0.002;
      float lat = round4(population.homeLat[i] + random.nextGaussian() * spread);
      float lon = round4(population.homeLon[i] + random.nextGaussian() * spread);
      boolean labeled = population.labeled[i];
      return new WebLogRecord(population.deviceId(i), clock.at(position), category, population.ip(i), lat, lon,
          d + 1, connect,
          labeled ? config.ageBuckets().get(a) : null,
          labeled ? config.genderLabels().get(g) : null,
          labeled ? population.memberId(i) : null);
    }
  }

  private static float round4(double v) {
    return (float) (Math.round(v * 10_000) / 10_000.0);
  }
}
