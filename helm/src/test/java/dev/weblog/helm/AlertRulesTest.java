package dev.weblog.helm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weblog.operator.support.RenderedChart;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chart's alert rules (files/weblog-alerts.yaml) checked and unit-tested by the real promtool, against
 * src/test/resources/alerts/weblog-alerts-test.yaml. Without promtool the class is skipped with one line,
 * unless WEBLOG_REQUIRE_PROMETHEUS=1 (CI) makes that a failure.
 */
@SuppressWarnings("unchecked")
class AlertRulesTest {

  static final String REQUIRED = "WEBLOG_REQUIRE_PROMETHEUS";
  static final Path RULES = RenderedChart.CHART.resolve("files/weblog-alerts.yaml");
  static final Path UNIT_TESTS =
      RenderedChart.REPO_ROOT.resolve("helm/src/test/resources/alerts/weblog-alerts-test.yaml");
  static final Set<String> ALERTS = Set.of("WebLogStreamStalled", "WebLogStreamLagGrowing",
      "WebLogStreamQuarantineHigh", "WebLogLiveAccuracyBelowGate", "WebLogModelDrift", "WebLogRealtimeSlow",
      "WebLogOperatorNotReady");

  private static Path promtool;

  @BeforeAll
  static void locatePromtool() {
    Optional<Path> found = promtool(System.getenv());
    if (found.isEmpty()) {
      String problem = "no promtool (WEBLOG_PROMETHEUS_HOME, ~/.cache/weblog/prometheus/*/, PATH): run "
          + "`scripts/prometheus.sh fetch` (Debian's prometheus package, extracted, not installed)";
      if ("1".equals(System.getenv(REQUIRED))) {
        throw new IllegalStateException(problem + " (" + REQUIRED + "=1)");
      }
      Assumptions.abort("alert-rule test skipped: " + problem);
    }
    promtool = found.get();
  }

  @Test
  void promtoolAcceptsTheRulesFile() throws Exception {
    String out = run(RenderedChart.CHART, "check", "rules", "files/weblog-alerts.yaml");
    assertTrue(out.contains("SUCCESS: " + ALERTS.size() + " rules found"), out);
  }

  @Test
  void promtoolsUnitTestsOfEveryAlertPass() throws Exception {
    String out = run(RenderedChart.REPO_ROOT, "test", "rules", RenderedChart.REPO_ROOT.relativize(UNIT_TESTS)
        .toString());
    assertTrue(out.contains("SUCCESS"), out);
  }

  @Test
  void everyAlertHasSeverityForSummaryAndDescription() throws Exception {
    List<Map<String, Object>> rules = rules();
    assertEquals(ALERTS, new TreeSet<>(rules.stream().map(r -> (String) r.get("alert")).toList()));
    for (Map<String, Object> rule : rules) {
      String alert = (String) rule.get("alert");
      assertTrue(Set.of("critical", "warning").contains(((Map<String, String>) rule.get("labels")).get("severity")),
          alert + ": severity");
      assertTrue(rule.get("for") instanceof String f && f.matches("[0-9]+m"), alert + ": for " + rule.get("for"));
      Map<String, String> annotations = (Map<String, String>) rule.get("annotations");
      assertEquals(Set.of("summary", "description"), annotations.keySet(), alert);
      assertTrue(annotations.get("description").contains("$value"), alert + ": the description names the value");
    }
  }

  @Test
  void everyAlertIsTestedFiringAndQuiet() throws Exception {
    Map<String, Object> unitTests = Serialization.unmarshal(Files.readString(UNIT_TESTS), Map.class);
    Set<String> fires = new TreeSet<>();
    Set<String> quiet = new TreeSet<>();
    for (Map<String, Object> test : (List<Map<String, Object>>) unitTests.get("tests")) {
      for (Map<String, Object> check : (List<Map<String, Object>>) test.get("alert_rule_test")) {
        List<Map<String, Object>> expected = (List<Map<String, Object>>) check.get("exp_alerts");
        if (expected == null || expected.isEmpty()) {
          quiet.add((String) check.get("alertname"));
        } else {
          fires.add((String) check.get("alertname"));
          expected.forEach(e -> assertFalse(((Map<String, Object>) e.get("exp_annotations")).isEmpty(),
              check.get("alertname") + ": annotations are part of the expectation"));
        }
      }
    }
    assertEquals(ALERTS, fires, "alerts with a case where they fire");
    assertEquals(ALERTS, quiet, "alerts with a case where they must not fire");
  }

  private static List<Map<String, Object>> rules() throws IOException {
    Map<String, Object> file = Serialization.unmarshal(Files.readString(RULES), Map.class);
    List<Map<String, Object>> rules = new ArrayList<>();
    for (Map<String, Object> group : (List<Map<String, Object>>) file.get("groups")) {
      rules.addAll((List<Map<String, Object>>) group.get("rules"));
    }
    return rules;
  }

  /** Runs promtool in {@code dir}; its output goes to this class's report too, and a non-zero exit fails. */
  private static String run(Path dir, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(promtool.toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "promtool did not finish: " + command);
    System.out.println("$ " + String.join(" ", command) + " (in " + dir.normalize() + ")\n" + out);
    assertEquals(0, p.exitValue(), String.join(" ", command) + " failed in " + dir.normalize() + ":\n" + out);
    return out;
  }

  /** WEBLOG_PROMETHEUS_HOME, else the newest `scripts/prometheus.sh fetch` cache, else the PATH. */
  static Optional<Path> promtool(Map<String, String> env) {
    if (env.get("WEBLOG_PROMETHEUS_HOME") != null) {
      return Optional.of(Path.of(env.get("WEBLOG_PROMETHEUS_HOME"), "promtool")).filter(Files::isExecutable);
    }
    Path cache = Path.of(env.getOrDefault("WEBLOG_CACHE", env.getOrDefault("HOME", System.getProperty("user.home"))
        + "/.cache/weblog"), "prometheus");
    if (Files.isDirectory(cache)) {
      try (Stream<Path> versions = Files.list(cache)) {
        Optional<Path> cached = versions.filter(d -> !d.getFileName().toString().startsWith("."))
            .map(d -> d.resolve("promtool")).filter(Files::isExecutable)
            .max(Comparator.comparing(p -> p.getParent().getFileName().toString()));
        if (cached.isPresent()) {
          return cached;
        }
      } catch (IOException e) {
        throw new java.io.UncheckedIOException("cannot list " + cache, e);
      }
    }
    for (String dir : env.getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "promtool"))) {
        return Optional.of(Path.of(dir, "promtool"));
      }
    }
    return Optional.empty();
  }
}
