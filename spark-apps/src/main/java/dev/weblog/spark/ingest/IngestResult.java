package dev.weblog.spark.ingest;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * What an ingest run did: every input line is counted once, as valid or as quarantined. A header as the first
 * line of a file is not input: it is counted in {@code headerLines} only (a header anywhere else is quarantined).
 */
public record IngestResult(
    long inputLines,
    long valid,
    long quarantined,
    Map<String, Long> quarantinedByKind,
    long headerLines,
    int inputFiles,
    String input,
    String data,
    String quarantine,
    double seconds) {

  public IngestResult {
    quarantinedByKind = Map.copyOf(quarantinedByKind);
  }

  public String summary() {
    String kinds = quarantinedByKind.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    return String.format("ingest: %d input lines (+%d header lines) in %d files from %s; %d valid -> %s; "
        + "%d quarantined -> %s%s; %.1f s", inputLines, headerLines, inputFiles, input, valid, data, quarantined,
        quarantine,
        kinds.isEmpty() ? "" : " (" + kinds + ")", seconds);
  }
}
