package dev.weblog.bench;

import java.util.List;
import java.util.Map;

/**
 * What running both costs the micro-batch stream: StreamJob draining the pre-filled topic exactly as the stream stage
 * measures it, alone and with a {@code RealtimeJob} on the same Spark session draining the same topic from earliest
 * into fresh output topics for the whole drain, pair by pair. Only these two variants alternate, so the ratio
 * beside/alone is the share of the stream's drain rate left with the real-time job running.
 */
final class StreamBesideRealtimeStage implements Stage {

  static final String BESIDE = "stream-beside-realtime";
  static final String ALONE = "stream-alone";

  private final BenchEnvironment env;
  private final StreamSetup setup;
  private final ProjectDrain drain;
  private final RealtimeStage.Runner realtime;

  StreamBesideRealtimeStage(BenchEnvironment env, StreamSetup setup, ProjectStream project,
      RealtimeStage.Runner realtime) {
    this.env = env;
    this.setup = setup;
    this.drain = StreamStage.projectDrain(project, setup, null);
    this.realtime = realtime;
  }

  /**
   * The stage with its own StreamJob and real-time runners.
   *
   * @param jobArgs StreamJob's options for every project run, beyond the bench's own ({@link ProjectStream})
   */
  static StreamBesideRealtimeStage prepare(BenchEnvironment env, StreamSetup setup, List<String> jobArgs) {
    return new StreamBesideRealtimeStage(env, setup, new ProjectStream(env, jobArgs),
        new RealtimeStage.Runner(env));
  }

  @Override
  public String id() {
    return "stream beside realtime";
  }

  @Override
  public Figure primary() {
    return Figure.RECORDS_PER_S;
  }

  @Override
  public List<Variant> variants() {
    return List.of(Variant.of(BESIDE, this::beside), Variant.of(ALONE, drain::run));
  }

  @Override
  public Map<String, Double> references() {
    return Map.of("topic_records", (double) setup.records());
  }

  /** The stream's drain with the real-time job started before it and stopped after; its events counted then. */
  private Measurement beside() throws Exception {
    try (BenchTopics topics = BenchTopics.open(env.kafka().bootstrapServers());
        RealtimeEvents out = RealtimeEvents.createFresh(topics, StreamSetup.PARTITIONS)) {
      RealtimeStage.Runner.Started running = realtime.start(true, setup.drainTopic(), out);
      try {
        return drain.run().with(Figure.REALTIME_EVENTS, out.count());
      } finally {
        running.stop();
      }
    }
  }
}
