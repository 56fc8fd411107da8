package dev.weblog.bench;

import dev.weblog.common.JobContract;
import dev.weblog.common.Target;
import dev.weblog.spark.model.ModelRegistry;
import dev.weblog.spark.model.RecordScorer;
import dev.weblog.spark.realtime.RealtimeJob;
import dev.weblog.spark.realtime.RealtimeOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;

/**
 * The real-time path draining the pre-filled topic into prediction events: the project's {@code RealtimeJob} (Spark's
 * real-time mode, a fresh checkpoint each run) against the plain-Java floor ({@link PlainJavaRealtime}) with the same
 * compiled models. Figure: records over the seconds from the start until the last event is in Kafka, the most each
 * can sustain; the project's rates also set the load of the "half the maximum" latency stage.
 */
final class RealtimeStage implements Stage {

  /** The longest a drain or a latency run may take before it counts as failed. */
  static final Duration TIMEOUT = Duration.ofMinutes(30);

  private final BenchEnvironment env;
  private final StreamSetup setup;
  private final Runner runner;
  private final DrainRates rates;

  private RealtimeStage(BenchEnvironment env, StreamSetup setup, Runner runner, DrainRates rates) {
    this.env = env;
    this.setup = setup;
    this.runner = runner;
    this.rates = rates;
  }

  /** The drain, then latency at 1,000 and 10,000 lines/s and at half the project's drain rate. */
  static List<Stage> prepare(BenchEnvironment env, StreamSetup setup, Duration latencyWindow, int pairs) {
    Runner runner = new Runner(env);
    DrainRates rates = new DrainRates(pairs);
    List<Stage> stages = new ArrayList<>();
    stages.add(new RealtimeStage(env, setup, runner, rates));
    stages.add(new RealtimeLatencyStage(env, runner, "realtime latency", () -> 1_000.0, latencyWindow,
        setup.seed()));
    stages.add(new RealtimeLatencyStage(env, runner, "realtime latency 10000/s", () -> 10_000.0, latencyWindow,
        setup.seed()));
    stages.add(new RealtimeLatencyStage(env, runner, "realtime latency half max", () -> rates.sustainable() / 2,
        latencyWindow, setup.seed()));
    return stages;
  }

  @Override
  public String id() {
    return "realtime";
  }

  @Override
  public Figure primary() {
    return Figure.RECORDS_PER_S;
  }

  @Override
  public List<Variant> variants() {
    return List.of(new Drain("project", true), new Drain("plain-java", false));
  }

  @Override
  public Map<String, Double> references() {
    return Map.of("topic_records", (double) setup.records());
  }

  private final class Drain implements Variant {
    private final String name;
    private final boolean project;

    Drain(String name, boolean project) {
      this.name = name;
      this.project = project;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public Measurement run() throws Exception {
      try (BenchTopics topics = BenchTopics.open(env.kafka().bootstrapServers());
          RealtimeEvents out = RealtimeEvents.createFresh(topics, StreamSetup.PARTITIONS)) {
        long started = System.nanoTime();
        Runner.Started running = runner.start(project, setup.drainTopic(), out);
        try {
          out.awaitCount(setup.records(), TIMEOUT, name);
        } finally {
          running.stop();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long events = out.count();
        if (events != setup.records()) {
          throw new BenchFailure("realtime " + name + ": " + events + " events for the " + setup.records()
              + " lines of " + setup.drainTopic() + " (a repeat after a restart?)");
        }
        if (project) {
          rates.add(events / seconds);
        }
        return Measurement.of(Figure.RECORDS_PER_S, events / seconds).with(Figure.SECONDS, seconds);
      }
    }
  }

  /** Starts either variant on a topic, writing into fresh output topics; shared with the latency stages. */
  static final class Runner {
    private final BenchEnvironment env;
    private RecordScorer[] scorers;
    private int projectRuns;

    Runner(BenchEnvironment env) {
      this.env = env;
    }

    interface Started {
      void stop() throws Exception;
    }

    Started start(boolean project, String topic, RealtimeEvents out) {
      return project ? startProject(topic, out) : startFloor(topic, out);
    }

    private Started startProject(String topic, RealtimeEvents out) {
      String query = "bench-realtime-" + (++projectRuns);
      List<String> args = new ArrayList<>(List.of(JobContract.OPT_HDFS, env.hdfs().uri(), JobContract.OPT_BASE,
          env.layout().base(), JobContract.OPT_BOOTSTRAP, env.kafka().bootstrapServers(), JobContract.OPT_TOPIC,
          topic, JobContract.OPT_PREDICTIONS_TOPIC, out.predictions(), JobContract.OPT_QUARANTINE_TOPIC,
          out.quarantine(), "--query-name", query));
      RealtimeJob.Running running = RealtimeJob.start(env.spark(), RealtimeOptions.parse(args));
      return () -> {
        running.stop();
        deleteCheckpoint(query);
      };
    }

    private Started startFloor(String topic, RealtimeEvents out) {
      PlainJavaRealtime.Run run = new PlainJavaRealtime(env.kafka().bootstrapServers(), scorers())
          .start(topic, StreamSetup.PARTITIONS, out);
      return run::stop;
    }

    /** The CURRENT models, compiled as the project's tasks have them. */
    private synchronized RecordScorer[] scorers() {
      if (scorers == null) {
        ModelRegistry registry = new ModelRegistry(env.hdfs().fileSystem(), env.layout());
        scorers = new RecordScorer[Target.values().length];
        for (Target t : Target.values()) {
          ModelRegistry.LoadedModel m = registry.loadCurrent(t).orElseThrow(() -> new BenchFailure(
              "realtime: no promoted " + t.id() + " model in " + env.layout()));
          scorers[t.ordinal()] = RecordScorer.compile(t, m.version(), m.model());
        }
      }
      return scorers;
    }

    private void deleteCheckpoint(String query) throws IOException {
      env.hdfs().fileSystem().delete(new Path(env.layout().checkpoint(query)), true);
    }
  }
}
