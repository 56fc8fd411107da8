package dev.weblog.spark;

import dev.weblog.common.JobContract;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Checks and conversions the streaming jobs' options share (StreamJob's and RealtimeJob's). */
public final class QueryOptions {

  private static final Pattern QUERY_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private QueryOptions() {}

  /** earliest, latest or Spark's JSON of offsets; a {@link JobFailure} naming the option otherwise. */
  public static void requireStartingOffsets(String startingOffsets) {
    String start = startingOffsets.trim().toLowerCase(Locale.ROOT);
    if (!start.equals("earliest") && !start.equals("latest") && !start.startsWith("{")) {
      throw new JobFailure(JobContract.OPT_STARTING_OFFSETS + " must be earliest, latest or Spark's JSON of offsets, "
          + "got '" + startingOffsets + "'");
    }
  }

  /** A query name is a folder name under checkpoints/. */
  public static void requireQueryName(String queryName) {
    if (!QUERY_NAME.matcher(queryName).matches()) {
      throw new JobFailure("--query-name must be 1 to 64 letters, digits, '-' or '_' (it names a folder), got '"
          + queryName + "'");
    }
  }

  /** Kafka client settings as given with {@code --kafka-property}, without the {@code kafka.} prefix Spark wants. */
  public static Map<String, String> kafkaSettings(Map<String, String> given) {
    Map<String, String> settings = new LinkedHashMap<>();
    given.forEach((k, v) -> settings.put(k.startsWith("kafka.") ? k.substring("kafka.".length()) : k, v));
    return settings;
  }
}
