package dev.weblog.reliability;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The figures of one fault run, for the README's Reliability table: one line on stdout and one JSON line in
 * {@code target/reliability-figures.jsonl}. Written before the run's assertions, so a failing run leaves its
 * figures too.
 */
final class Figures {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FILE_PROPERTY = "weblog.reliability.figures";

  private Figures() {}

  /**
   * @param faults how many faults were injected
   * @param what the faults, in a few words
   * @param extra further figures of this fault, in order
   */
  static void record(String test, int faults, String what, Ledger ledger, double seconds, Map<String, Object> extra) {
    String counts = String.format(Locale.ROOT,
        "produced %d, in Kafka %d, predicted %d, quarantined %d, lost %d, duplicated %d", ledger.produced(),
        ledger.inKafka(), ledger.predicted(), ledger.quarantined(), ledger.lost(), ledger.duplicated());
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("produced", ledger.produced());
    figures.put("in_kafka", ledger.inKafka());
    figures.put("predicted", ledger.predicted());
    figures.put("quarantined", ledger.quarantined());
    figures.put("lost", ledger.lost());
    figures.put("duplicated", ledger.duplicated());
    figures.put("misrouted", ledger.misrouted());
    write(test, faults, what, counts, figures, seconds, extra);
  }

  /** As above for a run a {@link Ledger} does not count (the real-time job's): its {@code figures}, in order. */
  static void record(String test, int faults, String what, Map<String, Object> figures, double seconds,
      Map<String, Object> extra) {
    write(test, faults, what, shown(figures), figures, seconds, extra);
  }

  private static void write(String test, int faults, String what, String counts, Map<String, Object> figures,
      double seconds, Map<String, Object> extra) {
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "Reliability %s: faults %d (%s), %s", test,
        faults, what, counts));
    if (!extra.isEmpty()) {
      line.append(", ").append(shown(extra));
    }
    line.append(String.format(Locale.ROOT, " (%.1f s)", seconds));
    System.out.println(line);

    Map<String, Object> json = new LinkedHashMap<>();
    json.put("test", test);
    json.put("date", LocalDate.now(ZoneOffset.UTC).toString());
    json.put("faults", faults);
    json.put("fault", what);
    json.putAll(figures);
    json.putAll(extra);
    json.put("seconds", Math.round(seconds * 10) / 10.0);
    Path file = Path.of(System.getProperty(FILE_PROPERTY, "target/reliability-figures.jsonl"));
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, JSON.writeValueAsString(json) + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append the figures to " + file, e);
    }
  }

  /** {@code key value, key value}, underscores in the keys as spaces. */
  private static String shown(Map<String, Object> figures) {
    return figures.entrySet().stream().map(e -> e.getKey().replace('_', ' ') + " " + e.getValue())
        .collect(Collectors.joining(", "));
  }
}
