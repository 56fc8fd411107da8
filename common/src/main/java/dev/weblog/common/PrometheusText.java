package dev.weblog.common;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The samples of a scrape in the Prometheus text exposition format (version 0.0.4): comments skipped, label values
 * unescaped, {@code NaN} and {@code ±Inf} read, a trailing timestamp ignored. A line that is not a sample is
 * skipped, so one odd line never hides the rest of a scrape.
 */
public final class PrometheusText {

  /** One sample: a metric name, its labels in the order written, and the value. */
  public record Sample(String name, Map<String, String> labels, double value) {

    public String label(String key) {
      return labels.get(key);
    }
  }

  private final List<Sample> samples;

  private PrometheusText(List<Sample> samples) {
    this.samples = List.copyOf(samples);
  }

  public static PrometheusText parse(String text) {
    List<Sample> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      Sample s = sample(l);
      if (s != null) {
        out.add(s);
      }
    }
    return new PrometheusText(out);
  }

  public List<Sample> samples() {
    return samples;
  }

  /** The samples of one metric name. */
  public List<Sample> named(String name) {
    return samples.stream().filter(s -> s.name().equals(name)).toList();
  }

  /**
   * The sum of a metric's samples whose labels include {@code labelPairs} (key, value, key, value …); empty when
   * no sample matches, so "absent" is never read as zero.
   */
  public OptionalDouble sum(String name, String... labelPairs) {
    double total = 0;
    boolean any = false;
    for (Sample s : named(name)) {
      if (matches(s, labelPairs)) {
        total += s.value();
        any = true;
      }
    }
    return any ? OptionalDouble.of(total) : OptionalDouble.empty();
  }

  private static boolean matches(Sample s, String... labelPairs) {
    for (int i = 0; i + 1 < labelPairs.length; i += 2) {
      if (!labelPairs[i + 1].equals(s.label(labelPairs[i]))) {
        return false;
      }
    }
    return true;
  }

  private static Sample sample(String line) {
    int i = 0;
    while (i < line.length() && isNameChar(line.charAt(i), i == 0)) {
      i++;
    }
    if (i == 0) {
      return null;
    }
    String name = line.substring(0, i);
    Map<String, String> labels = new LinkedHashMap<>();
    if (i < line.length() && line.charAt(i) == '{') {
      i = labels(line, i + 1, labels);
      if (i < 0) {
        return null;
      }
    }
    String[] rest = line.substring(i).strip().split("\\s+");
    if (rest.length == 0 || rest[0].isEmpty()) {
      return null;
    }
    Double value = number(rest[0]);
    return value == null ? null : new Sample(name, labels, value);
  }

  /** Reads {@code key="value",…}} from {@code i}; returns the index after the closing brace, -1 when malformed. */
  private static int labels(String line, int i, Map<String, String> into) {
    while (i < line.length()) {
      char c = line.charAt(i);
      if (c == '}') {
        return i + 1;
      }
      if (c == ',' || c == ' ') {
        i++;
        continue;
      }
      int eq = line.indexOf('=', i);
      if (eq < 0 || eq + 1 >= line.length() || line.charAt(eq + 1) != '"') {
        return -1;
      }
      String key = line.substring(i, eq).strip();
      StringBuilder value = new StringBuilder();
      int j = eq + 2;
      for (; j < line.length() && line.charAt(j) != '"'; j++) {
        char v = line.charAt(j);
        if (v == '\\' && j + 1 < line.length()) {
          char next = line.charAt(++j);
          value.append(next == 'n' ? '\n' : next);
        } else {
          value.append(v);
        }
      }
      if (j >= line.length()) {
        return -1;
      }
      into.put(key, value.toString());
      i = j + 1;
    }
    return -1;
  }

  private static Double number(String text) {
    switch (text) {
      case "NaN" :
        return Double.NaN;
      case "+Inf" :
      case "Inf" :
        return Double.POSITIVE_INFINITY;
      case "-Inf" :
        return Double.NEGATIVE_INFINITY;
      default :
        try {
          return Double.parseDouble(text);
        } catch (NumberFormatException e) {
          return null;
        }
    }
  }

  private static boolean isNameChar(char c, boolean first) {
    return c == '_' || c == ':' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (!first && c >= '0' && c <= '9');
  }
}
