package dev.weblog.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;

/**
 * The report as JSON: per stage and variant, each figure's min/median/max and raw values; per baseline the
 * ratio pair by pair and its summary (on the primary figure under {@code ratios}, on others the stage compares under
 * {@code ratios_by_figure}); the machine, versions and settings.
 */
public final class BenchJson {

  private static final ObjectMapper JSON = new ObjectMapper();

  private BenchJson() {}

  public static String render(BenchReport r) {
    ObjectNode root = JSON.createObjectNode();
    root.put("date", r.date().toString());
    ObjectNode machine = root.putObject("machine");
    machine.put("cores", r.machine().cores());
    machine.put("memory_bytes", r.machine().memoryBytes());
    machine.put("max_heap_bytes", r.machine().maxHeapBytes());
    machine.put("os", r.machine().os());
    machine.put("java", r.machine().java());
    ObjectNode versions = root.putObject("versions");
    new TreeMap<>(r.versions()).forEach(versions::put);
    ObjectNode settings = root.putObject("settings");
    settings.put("rows", r.settings().rows());
    settings.put("warmup_pairs", r.settings().warmupPairs());
    settings.put("pairs", r.settings().pairs());
    settings.put("seed", r.settings().seed());
    r.settings().stages().forEach(settings.putArray("stages")::add);
    r.settings().arguments().forEach(settings.putArray("arguments")::add);
    ArrayNode stages = root.putArray("stages");
    for (StageResult s : r.stages()) {
      ObjectNode stage = stages.addObject();
      stage.put("stage", s.stage());
      stage.put("primary_figure", s.primary().key());
      ObjectNode variants = stage.putObject("variants");
      for (VariantResult v : s.variants()) {
        ObjectNode figures = variants.putObject(v.name());
        v.values().forEach((f, values) -> summary(figures.putObject(f.key()), values));
      }
      ObjectNode ratios = stage.putObject("ratios");
      for (StageResult.Ratio ratio : s.ratios()) {
        summary(ratios.putObject(s.project().name() + "/" + ratio.baseline()), ratio.pairs());
      }
      if (!s.alsoCompared().isEmpty()) {
        ObjectNode byFigure = stage.putObject("ratios_by_figure");
        for (Figure f : s.alsoCompared()) {
          ObjectNode figure = byFigure.putObject(f.key());
          s.allRatios().stream().filter(ratio -> ratio.figure() == f)
              .forEach(ratio -> summary(figure.putObject(s.project().name() + "/" + ratio.baseline()), ratio.pairs()));
        }
      }
      ObjectNode references = stage.putObject("references");
      s.references().forEach(references::put);
    }
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render the benchmark report as JSON", e);
    }
  }

  public static void write(BenchReport r, Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Files.writeString(file, render(r));
    } catch (IOException e) {
      throw new BenchFailure("cannot write the benchmark JSON to " + file + ": " + e.getMessage(), e);
    }
  }

  private static void summary(ObjectNode node, List<Double> values) {
    Summary s = Summary.of(values);
    node.put("min", s.min());
    node.put("median", s.median());
    node.put("max", s.max());
    values.forEach(node.putArray("values")::add);
  }
}
