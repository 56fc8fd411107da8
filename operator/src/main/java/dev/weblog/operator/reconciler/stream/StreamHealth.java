package dev.weblog.operator.reconciler.stream;

import dev.weblog.operator.api.Condition;
import dev.weblog.operator.api.ConditionStatus;
import dev.weblog.operator.api.StreamHealthSpec;
import dev.weblog.operator.api.StreamStatus;
import dev.weblog.operator.api.StreamingSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The stream's figures in the status and the verdict of condition StreamHealthy, as pure functions of the last
 * status, a reading and the time: what the operator decides is in the status, so a restarted operator judges alike.
 */
public final class StreamHealth {

  /** An idle query reports every 10 s and the operator reads every few seconds: anything shorter would flap. */
  static final Duration MIN_STALLED_AFTER = Duration.ofSeconds(30);

  /** How the driver looked this time. */
  public enum View {
    /** No driver was ever started. */
    NOT_STARTED,
    /** Pending, restarting, ended or missing. */
    NOT_RUNNING,
    /** Running, but its endpoint did not answer. */
    UNREACHABLE,
    /** Running and answering, its query has not read the topic yet. */
    CONNECTING,
    /** Running, answering, reading the topic. */
    READING
  }

  public record Thresholds(Duration stalledAfter, int stalledAfterTriggers, String trigger, Duration laggingAfter,
      long minLagGrowth) {

    public static Thresholds of(StreamingSpec streaming) {
      StreamHealthSpec h = streaming.getHealth();
      Duration stalled = streaming.triggerInterval().multipliedBy(h.getStalledAfterTriggers());
      return new Thresholds(stalled.compareTo(MIN_STALLED_AFTER) < 0 ? MIN_STALLED_AFTER : stalled,
          h.getStalledAfterTriggers(), streaming.getTrigger(), Duration.ofSeconds(h.getLaggingAfterSeconds()),
          h.getMinLagGrowth());
    }
  }

  public record Verdict(ConditionStatus status, String reason, String message) {

    public boolean stalled() {
      return Condition.STALLED.equals(reason);
    }

    public boolean lagging() {
      return Condition.LAGGING.equals(reason);
    }

    /** Worth a Warning Event: a fault, not a stream that has not started or is still connecting. */
    public boolean warning() {
      return status == ConditionStatus.FALSE || "DriverUnreachable".equals(reason)
          || "DriverNotRunning".equals(reason);
    }
  }

  private StreamHealth() {}

  /** Writes a reading of {@code driver} into {@code st}: figures replaced, the lag's growth tracked. */
  public static void record(StreamStatus st, String driver, DriverSample s, StreamWindow.Figures window, Instant now) {
    boolean sameDriver = driver.equals(st.getDriver());
    st.setDriver(driver);
    st.setSampledAt(text(now));
    if (st.getStartedAt() == null) {
      st.setStartedAt(text(now));
    }
    if (s.lastCommit() != null) {
      st.setLastCommitTime(text(s.lastCommit()));
    }
    if (s.lastProgress() != null) {
      st.setLastProgressTime(text(s.lastProgress()));
    }
    if (s.lag() != null) {
      st.setLag(s.lag());
    }
    if (window.seconds() > 0) {
      st.setRecordsPerSecond(window.recordsPerSecond());
      st.setLatencyP50Seconds(window.latencyP50());
      st.setLatencyP99Seconds(window.latencyP99());
    } else if (!sameDriver) {
      st.setRecordsPerSecond(null);
      st.setLatencyP50Seconds(null);
      st.setLatencyP99Seconds(null);
    }
    st.setRead(s.read());
    st.setPredicted(s.predicted());
    st.setQuarantined(s.quarantined());
    if (!s.liveAccuracy().isEmpty()) {
      st.setLiveAccuracy(s.liveAccuracy());
    }
  }

  /** The verdict; {@code detail} says what was seen of the driver when it is not {@link View#READING}. */
  public static Verdict judge(StreamStatus st, View view, String detail, Optional<StreamWindow.LagRise> rise,
      Instant now, Thresholds t) {
    if (view == View.NOT_STARTED || st == null) {
      return new Verdict(ConditionStatus.UNKNOWN, "NotStreaming", "the stream has not started yet");
    }
    String ref = st.getLastProgressTime() != null ? st.getLastProgressTime() : st.getStartedAt();
    if (ref != null) {
      Duration quiet = Duration.between(Instant.parse(ref), now);
      if (quiet.compareTo(t.stalledAfter()) > 0) {
        return new Verdict(ConditionStatus.FALSE, Condition.STALLED, (st.getLastProgressTime() == null
            ? "the query has not read its topic since the stream started at " + ref
            : "no micro-batch committed and no idle report from the query since " + ref) + " (" + quiet.toSeconds()
            + " s; the limit is " + t.stalledAfterTriggers() + " triggers of " + t.trigger() + ", at least "
            + t.stalledAfter().toSeconds() + " s)" + (view == View.READING ? "" : "; " + detail));
      }
    }
    switch (view) {
      case UNREACHABLE :
        return new Verdict(ConditionStatus.UNKNOWN, "DriverUnreachable", detail + "; " + (st.getSampledAt() == null
            ? "nothing has been read from it yet" : "status.stream is from " + st.getSampledAt() + " ("
                + Duration.between(Instant.parse(st.getSampledAt()), now).toSeconds() + " s old)"));
      case NOT_RUNNING :
        return new Verdict(ConditionStatus.UNKNOWN, "DriverNotRunning", detail);
      case CONNECTING :
        return new Verdict(ConditionStatus.UNKNOWN, "Connecting", detail);
      default :
        break;
    }
    if (rise.isPresent()) {
      StreamWindow.LagRise r = rise.get();
      return new Verdict(ConditionStatus.FALSE, Condition.LAGGING, "the consumer lag rose from at most " + r.from()
          + " to at least " + r.to() + " records over the last " + r.seconds() + " s (limits: "
          + t.laggingAfter().toSeconds() + " s and " + t.minLagGrowth() + " records)");
    }
    return new Verdict(ConditionStatus.TRUE, "Healthy", "lag " + (st.getLag() == null ? "unknown" : st.getLag()
        + " records") + (st.getRecordsPerSecond() == null ? "" : ", " + st.getRecordsPerSecond() + " records/s")
        + (st.getLastCommitTime() == null ? ", no micro-batch committed yet (idle)"
            : ", last micro-batch committed at " + st.getLastCommitTime()));
  }

  static String text(Instant t) {
    return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS));
  }
}
