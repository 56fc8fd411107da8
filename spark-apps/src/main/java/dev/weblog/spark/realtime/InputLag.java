package dev.weblog.spark.realtime;

import java.util.Map;
import java.util.TreeMap;

/**
 * The real-time job's lag per input partition as its events show it: the partition's end offset minus the newest
 * offset of it an event was seen for, plus one (records in the topic not yet scored, or scored and not yet seen).
 * A partition is left out until an event of it was seen: where the query resumed in a partition it has not scored
 * since is in its checkpoint, not in the events. Not thread-safe: one reader feeds it.
 */
final class InputLag {

  private final Map<Integer, Long> newest = new TreeMap<>();
  private final Map<Integer, Long> ends = new TreeMap<>();

  /** An event of {@code offset} in {@code partition}; a repeat or an older offset moves nothing. */
  void seen(int partition, long offset) {
    newest.merge(partition, offset, Math::max);
  }

  /** The topic's end offsets (the offset its next record will have), by partition. */
  void ends(Map<Integer, Long> endOffsets) {
    ends.putAll(endOffsets);
  }

  /**
   * By partition seen and whose end is known: never negative, as the ends are read less often than events arrive
   * and may be older than the newest event.
   */
  Map<Integer, Long> lag() {
    Map<Integer, Long> lag = new TreeMap<>();
    newest.forEach((partition, offset) -> {
      Long end = ends.get(partition);
      if (end != null) {
        lag.put(partition, Math.max(0, end - (offset + 1)));
      }
    });
    return lag;
  }
}
