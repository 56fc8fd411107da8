package dev.weblog.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.Path;

/**
 * Draining a pre-filled topic: the project's StreamJob (from earliest, a fresh checkpoint and outputs each run, its
 * metrics scraped every 5 s; {@link ProjectDrain}) against the plain-Java floor ({@link PlainJavaStream}). Figures:
 * records over the seconds from the start to the last commit, and over the busy seconds from the first batch's
 * (first poll's) start to the last commit; the process's CPU per record and the JIT compiler's share of it
 * ({@link RunCpu}). The project's rates also set the load of the latency stage that follows
 * ({@link StreamLatencyStage}).
 */
final class StreamStage implements Stage {

  static final Duration SCRAPE = Duration.ofSeconds(5);

  private final BenchEnvironment env;
  private final StreamSetup setup;
  private final ProjectStream project;
  private final PlainJavaStream floor;
  private final DrainRates rates;
  private int floorRuns;

  StreamStage(BenchEnvironment env, StreamSetup setup, ProjectStream project, PlainJavaStream floor,
      DrainRates rates) {
    this.env = env;
    this.setup = setup;
    this.project = project;
    this.floor = floor;
    this.rates = rates;
  }

  /**
   * The drain stage and the latency stage after it, sharing one preparation.
   *
   * @param jobArgs StreamJob's options for every project run, beyond the bench's own ({@link ProjectStream})
   * @param pairs the measured pairs, so the latency stage uses the drains measured, not the warm-ups
   */
  static List<Stage> prepare(BenchEnvironment env, StreamSetup setup, List<String> jobArgs,
      Duration latencyWindow, int pairs) {
    ProjectStream project = new ProjectStream(env, jobArgs);
    PlainJavaStream floor = new PlainJavaStream(env.hdfs(), env.kafka().bootstrapServers(), setup.models(),
        PlainJavaStream.consumersFor(StreamSetup.PARTITIONS), Duration.ofSeconds(1));
    DrainRates rates = new DrainRates(pairs);
    return List.of(new StreamStage(env, setup, project, floor, rates),
        new StreamLatencyStage(env, project, floor, rates, latencyWindow, setup.seed()));
  }

  /** The project's drain as this stage measures it, for a stage that sets it beside something else. */
  static ProjectDrain projectDrain(ProjectStream project, StreamSetup setup, DrainRates rates) {
    return new ProjectDrain(project, setup, Optional.of(SCRAPE), rates);
  }

  @Override
  public String id() {
    return "stream";
  }

  @Override
  public Figure primary() {
    return Figure.RECORDS_PER_S;
  }

  /** CPU per record too: the floor is not CPU-bound where the project is, so wall time alone hides the gap. */
  @Override
  public List<Figure> alsoCompared() {
    return List.of(Figure.CPU_US_PER_RECORD);
  }

  @Override
  public List<Variant> variants() {
    return List.of(projectDrain(project, setup, rates), new Floor());
  }

  @Override
  public Map<String, Double> references() {
    return Map.of("topic_records", (double) setup.records());
  }

  private Measurement drained(String variant, long records, double seconds, double busySeconds) {
    if (records != setup.records()) {
      throw new BenchFailure("stream " + variant + ": committed " + records + " records of the " + setup.records()
          + " in topic " + setup.drainTopic());
    }
    return Measurement.of(Figure.RECORDS_PER_S, records / seconds).with(Figure.SECONDS, seconds)
        .with(Figure.BUSY_RECORDS_PER_S, records / busySeconds);
  }

  /** The consumers from their creation until the last one committed the end of its partitions. */
  private final class Floor implements Variant {
    @Override
    public String name() {
      return "plain-java";
    }

    @Override
    public Measurement run() throws Exception {
      String out = "/bench/stream/plain-java-" + (++floorRuns);
      Path folder = new Path(env.hdfs().uri() + out);
      delete(folder);
      try {
        long started = System.nanoTime();
        RunCpu cpu = RunCpu.start();
        PlainJavaStream.Result r = floor.start(setup.drainTopic(), StreamSetup.PARTITIONS, out, false).finish();
        return cpu.stop().addTo(drained(name(), r.records(), (r.lastCommitNanos() - started) / 1e9,
            (r.lastCommitMillis() - r.firstRecordMillis()) / 1e3), r.records());
      } finally {
        delete(folder);
      }
    }

    private void delete(Path folder) throws IOException {
      env.hdfs().fileSystem().delete(folder, true);
    }
  }
}
