package dev.weblog.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A streaming query's checkpoint as Spark leaves it on HDFS, read without Spark: it is the one record of progress
 * that survives a killed driver. {@code commits/<N>} marks batch N done; {@code offsets/<N>} ends with the Kafka
 * offsets batch N read up to, as JSON {@code {"topic":{"0":123,...}}}.
 */
record Checkpoint(FileSystem fs, Path dir) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Ids of the batches Spark logged as committed, in order. */
  List<Long> committedBatches() {
    List<Long> ids = new ArrayList<>();
    try {
      for (FileStatus s : fs.listStatus(new Path(dir, "commits"))) {
        if (s.getPath().getName().matches("\\d+")) {
          ids.add(Long.parseLong(s.getPath().getName()));
        }
      }
    } catch (FileNotFoundException e) {
      return ids;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the commits of " + dir, e);
    }
    ids.sort(null);
    return ids;
  }

  /** The last committed batch, -1 before the first. */
  long lastCommitted() {
    List<Long> ids = committedBatches();
    return ids.isEmpty() ? -1 : ids.get(ids.size() - 1);
  }

  /** True when Spark planned a batch (its offsets are logged) that it did not commit: a restart re-runs it. */
  boolean pendingBatch() {
    long last = lastCommitted();
    try {
      for (FileStatus s : fs.listStatus(new Path(dir, "offsets"))) {
        if (s.getPath().getName().matches("\\d+") && Long.parseLong(s.getPath().getName()) > last) {
          return true;
        }
      }
      return false;
    } catch (FileNotFoundException e) {
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the offsets of " + dir, e);
    }
  }

  /** Kafka offsets, per partition, up to which every record is in a committed batch. */
  Map<Integer, Long> committedOffsets(String topic) {
    Map<Integer, Long> offsets = new HashMap<>();
    long last = lastCommitted();
    if (last < 0) {
      return offsets;
    }
    Path file = new Path(new Path(dir, "offsets"), Long.toString(last));
    try (InputStream in = fs.open(file)) {
      String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip().split("\n");
      JsonNode partitions = JSON.readTree(lines[lines.length - 1]).path(topic);
      for (Map.Entry<String, JsonNode> p : partitions.properties()) {
        offsets.put(Integer.parseInt(p.getKey()), p.getValue().asLong());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return offsets;
  }

  /** True once committed batches cover every record below {@code end} on every partition. */
  boolean reached(String topic, Map<Integer, Long> end) {
    Map<Integer, Long> committed = committedOffsets(topic);
    return end.entrySet().stream().allMatch(e -> committed.getOrDefault(e.getKey(), 0L) >= e.getValue());
  }
}
