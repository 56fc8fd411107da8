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
 * give the same bytes. Rows are produced one at a time, so any size streams to disk in constant memory.
 */
public final class WebLogGenerator {

  private static final long HISTORY_STREAM = 0x5EED_0001L;
  private static final long LIVE_STREAM = 0x5EED_0002L;
  private static final int PROGRESS_EVERY = 100_000;

  private final GeneratorConfig config;
  private final BehaviourModel model;
  private final Population population;
  private final AliasSampler visitors;
  private final AliasSampler[][] categories;
  private final AliasSampler[][] connections;
  private BayesOptimal bayes;

  public WebLogGenerator(GeneratorConfig config) {
    this.config = config;
    this.model = new BehaviourModel(config.ageBuckets().size());
    this.population = new Population(config, model);
    this.visitors = new AliasSampler(population.activity);
    this.categories = new AliasSampler[BehaviourModel.GENDERS][model.ages];
    for (int g = 0; g < BehaviourModel.GENDERS; g++) {
      for (int a = 0; a < model.ages; a++) {
        categories[g][a] = new AliasSampler(model.categoryGiven[g][a]);
      }
    }
    this.connections = new AliasSampler[BehaviourModel.DEVICE_TYPES][model.ages];
    for (int d = 0; d < BehaviourModel.DEVICE_TYPES; d++) {
      for (int a = 0; a < model.ages; a++) {
        connections[d][a] = new AliasSampler(model.connectGiven[d][a]);
      }
    }
  }

  public GeneratorConfig config() {
    return config;
  }

  public Iterator<WebLogRecord> history() {
    return new Rows(config.historyRows(), new VisitClock(config.historyStart(), config.historyDays()),
        new SplittableRandom(config.seed() ^ HISTORY_STREAM));
  }

  public Iterator<WebLogRecord> live() {
    return new Rows(config.liveRows(), new VisitClock(config.liveStart(), config.liveDays()),
        new SplittableRandom(config.seed() ^ LIVE_STREAM));
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
    return bayes().accuracy(target);
  }

  /**
   * The Bayes decision for a combination of the default features, or null when the combination cannot occur
   * (codes outside the generator's).
   */
  public String bayesOptimalLabel(Target target, int productCategoryId, int deviceType, int connectType) {
    int c = productCategoryId - 1;
    int d = deviceType - 1;
    int k = connectType - 1;
    if (c < 0 || c >= BehaviourModel.CATEGORIES || d < 0 || d >= BehaviourModel.DEVICE_TYPES || k < 0
        || k >= BehaviourModel.CONNECT_TYPES) {
      return null;
    }
    int y = bayes().decide(target, d, k, c);
    return y < 0 ? null : labels(target).get(y);
  }

  /** The labels the generator writes for a target, in the behaviour model's order (age buckets youngest first). */
  public List<String> labels(Target target) {
    return target == Target.GENDER ? config.genderLabels() : config.ageBuckets();
  }

  public GroundTruth groundTruth() {
    return new GroundTruth(config.seed(), config.historyRows(), config.liveRows(), population.size,
        config.unlabeledShare(), bayesOptimalAccuracy(Target.GENDER), bayesOptimalAccuracy(Target.AGE_GROUP));
  }

  private synchronized BayesOptimal bayes() {
    if (bayes == null) {
      bayes = new BayesOptimal(population, model);
    }
    return bayes;
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

  /** The i-th of n rows sits at position (i + u) / n of the period, so times never go backwards. */
  private final class Rows implements Iterator<WebLogRecord> {
    private final long total;
    private final VisitClock clock;
    private final SplittableRandom random;
    private long next;

    Rows(long total, VisitClock clock, SplittableRandom random) {
      this.total = total;
      this.clock = clock;
      this.random = random;
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
      double position = (next + random.nextDouble()) / total;
      next++;
      int i = visitors.sample(random);
      int g = population.gender[i];
      int a = population.age[i];
      int d = population.deviceType[i];
      int category = categories[g][a].sample(random) + 1;
      int connect = connections[d][a].sample(random) + 1;
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
