package dev.weblog.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What one e2e run saw: the accounting, the time of each step, each fault's outcome; a table and a JSON file. */
final class E2eSummary {

  record Step(String name, double seconds) {}

  record Fault(String name, boolean passed, double seconds, String outcome) {}

  /** A check against the real Prometheus. */
  record Check(String name, boolean passed, String detail) {}

  private final String platform;
  private final Instant started = Instant.now();
  private final List<Step> steps = new ArrayList<>();
  private final List<Fault> faults = new ArrayList<>();
  private final Map<String, Object> figures = new LinkedHashMap<>();
  private final List<Check> prometheus = new ArrayList<>();

  E2eSummary(String platform) {
    this.platform = platform;
  }

  void step(String name, Instant since) {
    Step s = new Step(name, seconds(since));
    steps.add(s);
    System.out.printf(Locale.ROOT, "e2e: %-58s %7.1f s%n", name, s.seconds());
  }

  void fault(String name, boolean passed, Instant since, String outcome) {
    Fault f = new Fault(name, passed, seconds(since), outcome);
    faults.add(f);
    System.out.printf(Locale.ROOT, "e2e: fault %-40s %s in %.1f s: %s%n", name, passed ? "PASSED" : "FAILED",
        f.seconds(), outcome);
  }

  void check(String name, boolean passed, String detail) {
    prometheus.add(new Check(name, passed, detail));
    System.out.printf(Locale.ROOT, "e2e: prometheus %-44s %s: %s%n", name, passed ? "PASSED" : "FAILED", detail);
  }

  boolean allChecksPassed() {
    return prometheus.stream().allMatch(Check::passed);
  }

  void figure(String key, Object value) {
    figures.put(key, value);
  }

  Object figure(String key) {
    return figures.get(key);
  }

  boolean allFaultsPassed() {
    return faults.stream().allMatch(Fault::passed);
  }

  String table() {
    StringBuilder t = new StringBuilder();
    t.append(String.format(Locale.ROOT, "%n== e2e summary (%s, %s) ==%n", platform, started));
    figures.forEach((k, v) -> t.append(String.format(Locale.ROOT, "  %-26s %s%n", k, v)));
    t.append(String.format(Locale.ROOT, "  %-58s %9s%n", "step", "seconds"));
    steps.forEach(s -> t.append(String.format(Locale.ROOT, "  %-58s %9.1f%n", s.name(), s.seconds())));
    t.append(String.format(Locale.ROOT, "  %-40s %-7s %9s  %s%n", "fault", "result", "seconds", "outcome"));
    faults.forEach(f -> t.append(String.format(Locale.ROOT, "  %-40s %-7s %9.1f  %s%n", f.name(),
        f.passed() ? "passed" : "FAILED", f.seconds(), f.outcome())));
    t.append(String.format(Locale.ROOT, "  %-50s %-7s  %s%n", "prometheus check", "result", "detail"));
    prometheus.forEach(c -> t.append(String.format(Locale.ROOT, "  %-50s %-7s  %s%n", c.name(),
        c.passed() ? "passed" : "FAILED", c.detail())));
    return t.toString();
  }

  void write(Path file) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("platform", platform);
    json.put("started", started.toString());
    json.putAll(figures);
    json.put("steps", steps);
    json.put("faults", faults);
    json.put("prometheus", prometheus);
    try {
      Files.createDirectories(file.getParent());
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), json);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static double seconds(Instant since) {
    return Duration.between(since, Instant.now()).toMillis() / 1000.0;
  }
}
