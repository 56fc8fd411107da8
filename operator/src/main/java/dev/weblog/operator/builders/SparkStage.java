package dev.weblog.operator.builders;

import dev.weblog.common.Target;
import java.util.Objects;

/** One Spark application of the pipeline: ingest, train for one target, stream, or real-time scoring. */
public record SparkStage(Kind kind, Target target) {

  /** The kinds of Spark job. */
  public enum Kind {
    INGEST, TRAIN, STREAM, REALTIME
  }

  public SparkStage {
    Objects.requireNonNull(kind, "kind");
    if ((kind == Kind.TRAIN) != (target != null)) {
      throw new IllegalArgumentException("a train stage needs a target and only a train stage has one");
    }
  }

  public static SparkStage ingest() {
    return new SparkStage(Kind.INGEST, null);
  }

  public static SparkStage train(Target target) {
    return new SparkStage(Kind.TRAIN, Objects.requireNonNull(target, "target"));
  }

  public static SparkStage stream() {
    return new SparkStage(Kind.STREAM, null);
  }

  public static SparkStage realtime() {
    return new SparkStage(Kind.REALTIME, null);
  }

  /** DNS-safe name used in object names and labels, e.g. {@code train-age-group}. */
  public String id() {
    return switch (kind) {
      case INGEST -> "ingest";
      case TRAIN -> "train-" + target.id().replace('_', '-');
      case STREAM -> "stream";
      case REALTIME -> "realtime";
    };
  }

  /** Ingest and training run to an end; the stream and the real-time job run until stopped. */
  public boolean isBatch() {
    return kind == Kind.INGEST || kind == Kind.TRAIN;
  }
}
