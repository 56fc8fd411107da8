package dev.weblog.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;

/**
 * Latency under a steady load: lines sent at half the project's sustainable rate (the median of its measured
 * drains), the same rate for both variants, to a fresh topic each run while the variant consumes it; the project
 * runs with its trigger of one second and the floor rolls its files every second. Latency per record is the commit
 * time of its batch (StreamJob's commit log entry) or file (the consumer's offset commit) minus its Kafka timestamp.
 * The first {@link #SETTLE} of sending is left out, so a query's first batches (planning, code generation) do not
 * count as its steady state; the window after it is counted.
 */
final class StreamLatencyStage implements Stage {

  static final Duration SETTLE = Duration.ofSeconds(5);

  private final BenchEnvironment env;
  private final ProjectStream project;
  private final PlainJavaStream floor;
  private final DrainRates rates;
  private final Duration window;
  private final long seed;
  private int floorRuns;

  StreamLatencyStage(BenchEnvironment env, ProjectStream project, PlainJavaStream floor, DrainRates rates,
      Duration window, long seed) {
    this.env = env;
    this.project = project;
    this.floor = floor;
    this.rates = rates;
    this.window = window;
    this.seed = seed;
  }

  @Override
  public String id() {
    return "stream latency";
  }

  @Override
  public Figure primary() {
    return Figure.LATENCY_P99_MS;
  }

  @Override
  public List<Variant> variants() {
    return List.of(new Project(), new Floor());
  }

  @Override
  public Map<String, Double> references() {
    return Map.of("offered_records_per_s", offered(), "window_seconds", (double) window.toSeconds());
  }

  private double offered() {
    return rates.sustainable() / 2;
  }

  private long lines() {
    return Math.round(offered() * (SETTLE.toMillis() + window.toMillis()) / 1000.0);
  }

  private String bootstrap() {
    return env.kafka().bootstrapServers();
  }

  private long send(BenchTopics topics, String topic) {
    LiveLines.send(bootstrap(), topic, StreamSetup.PARTITIONS, lines(), seed, LiveLines.steady(offered()));
    return topics.records(topic, StreamSetup.PARTITIONS);
  }

  private static Measurement percentiles(String variant, LatencyHistogram latency) {
    if (latency.count() == 0) {
      throw new BenchFailure("stream latency " + variant + ": no record was sent after the settling time");
    }
    return Measurement.of(Figure.LATENCY_P99_MS, latency.percentile(0.99))
        .with(Figure.LATENCY_P95_MS, latency.percentile(0.95))
        .with(Figure.LATENCY_P50_MS, latency.percentile(0.50));
  }

  /** StreamJob started on the empty topic; lines are sent once its first trigger ran. */
  private final class Project implements Variant {
    @Override
    public String name() {
      return "project";
    }

    @Override
    public Measurement run() throws Exception {
      try (BenchTopics topics = BenchTopics.open(bootstrap())) {
        String topic = topics.createFresh("bench-stream-live", StreamSetup.PARTITIONS);
        try {
          ProjectStream.Run run = project.start(topic);
          try {
            long from;
            long sent;
            try {
              run.awaitFirstTrigger();
              from = System.currentTimeMillis() + SETTLE.toMillis();
              sent = send(topics, topic);
              run.awaitCommitted(sent);
            } finally {
              run.stop();
            }
            if (run.committedRecords() != sent) {
              throw new BenchFailure("stream latency project: committed " + run.committedRecords() + " of the "
                  + sent + " records sent to " + topic);
            }
            return percentiles(name(), run.latencies(from));
          } finally {
            run.delete();
          }
        } finally {
          topics.delete(topic);
        }
      }
    }
  }

  /** The plain-Java consumers on the empty topic; lines are sent once every consumer has polled. */
  private final class Floor implements Variant {
    @Override
    public String name() {
      return "plain-java";
    }

    @Override
    public Measurement run() throws Exception {
      String out = "/bench/stream/plain-java-live-" + (++floorRuns);
      Path folder = new Path(env.hdfs().uri() + out);
      try (BenchTopics topics = BenchTopics.open(bootstrap())) {
        String topic = topics.createFresh("bench-stream-live", StreamSetup.PARTITIONS);
        try {
          PlainJavaStream.Run run = floor.start(topic, StreamSetup.PARTITIONS, out, true);
          long sent;
          try {
            run.awaitReady();
            run.countLatencyFrom(System.currentTimeMillis() + SETTLE.toMillis());
            sent = send(topics, topic);
          } catch (RuntimeException | InterruptedException e) {
            run.abort();
            throw e;
          }
          PlainJavaStream.Result r = run.finish();
          if (r.records() != sent) {
            throw new BenchFailure("stream latency plain-java: committed " + r.records() + " of the " + sent
                + " records sent to " + topic);
          }
          return percentiles(name(), r.latency());
        } finally {
          topics.delete(topic);
          delete(folder);
        }
      }
    }

    private void delete(Path folder) throws IOException {
      env.hdfs().fileSystem().delete(folder, true);
    }
  }
}
