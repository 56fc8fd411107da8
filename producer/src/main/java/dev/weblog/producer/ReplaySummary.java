package dev.weblog.producer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The outcome of one replay. After the final flush every line read was either acknowledged or failed:
 * {@code read == sent + failed}.
 *
 * @param sent lines Kafka acknowledged
 * @param failed lines whose send failed
 * @param stoppedBy why the replay stopped before its source was exhausted, or null
 * @param firstError the first send failure, or null
 */
public record ReplaySummary(String source, String topic, String bootstrapServers, int partitions,
    boolean topicCreated, long read, long sent, long failed, Duration elapsed, boolean cancelled,
    String stoppedBy, String firstError) {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public double linesPerSecond() {
    double seconds = elapsed.toNanos() / 1e9;
    return seconds > 0 ? sent / seconds : 0;
  }

  /** True when every line of the source (up to the limit) was acknowledged. */
  public boolean complete() {
    return failed == 0 && stoppedBy == null && !cancelled;
  }

  /** One line for people. */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    sb.append(cancelled ? "cancelled: " : stoppedBy != null ? "stopped: " : "done: ")
        .append(String.format(Locale.ROOT, "sent %,d lines from %s to topic %s at %s in %.1f s (%,.0f lines/s), "
            + "%,d failed", sent, source, topic, bootstrapServers, elapsed.toNanos() / 1e9, linesPerSecond(),
            failed));
    if (stoppedBy != null) {
      sb.append("; stopped because ").append(stoppedBy);
    }
    if (firstError != null && !firstError.equals(stoppedBy)) {
      sb.append("; first error: ").append(firstError);
    }
    return sb.toString();
  }

  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("source", source);
    m.put("topic", topic);
    m.put("bootstrap_servers", bootstrapServers);
    m.put("partitions", partitions);
    m.put("topic_created", topicCreated);
    m.put("read", read);
    m.put("sent", sent);
    m.put("failed", failed);
    m.put("seconds", elapsed.toNanos() / 1e9);
    m.put("lines_per_s", linesPerSecond());
    m.put("cancelled", cancelled);
    m.put("complete", complete());
    m.put("stopped_by", stoppedBy);
    m.put("first_error", firstError);
    return m;
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(toMap());
    } catch (IOException e) {
      throw new IllegalStateException("a summary of plain values always serializes", e);
    }
  }

  public void writeJson(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, toJson() + "\n");
    } catch (IOException e) {
      throw ReplayException.failure("cannot write the summary to " + file + ": " + e, e);
    }
  }
}
