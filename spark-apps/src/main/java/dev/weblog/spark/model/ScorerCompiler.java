package dev.weblog.spark.model;

import dev.weblog.common.Column;
import dev.weblog.common.Target;
import dev.weblog.spark.JobFailure;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PredictionModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.feature.IndexToString;
import org.apache.spark.ml.feature.OneHotEncoderModel;
import org.apache.spark.ml.feature.StringIndexerModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;

/**
 * Turns a PipelineModel's stages into {@link ScoringStep}s over numbered slots: the record's columns first, then
 * each stage's outputs. Only the steps the label depends on are kept; a stage it cannot apply is refused by name.
 */
final class ScorerCompiler {
  private final String where;
  private final Map<String, Integer> slotOf = new HashMap<>();
  private final Map<Integer, ScoringStep> producer = new LinkedHashMap<>();

  ScorerCompiler(String where) {
    this.where = where;
    for (Column c : Column.values()) {
      slotOf.put(c.columnName(), c.ordinal());
    }
  }

  RecordScorer compile(Target target, int version, PipelineModel model) {
    Integer label = null;
    for (Transformer stage : model.stages()) {
      if (stage instanceof StringIndexerModel indexer) {
        index(indexer);
      } else if (stage instanceof OneHotEncoderModel encoder) {
        oneHot(encoder);
      } else if (stage instanceof VectorAssembler assembler) {
        assemble(assembler);
      } else if (stage instanceof PredictionModel<?, ?> classifier) {
        classify(classifier);
      } else if (stage instanceof IndexToString decoder) {
        label = decode(decoder);
      } else {
        throw refused(stage, "it is not a stage the stream can apply one record at a time (string indexer, "
            + "one-hot encoder, vector assembler, a classifier, index to string)");
      }
    }
    if (label == null) {
      throw new JobFailure(where + " has no IndexToString stage, so its predictions have no label text");
    }
    return new RecordScorer(target, version, needed(label), slotOf.size(), label);
  }

  private void index(StringIndexerModel indexer) {
    String[] in = indexer.getInOutCols()._1();
    String[] out = indexer.getInOutCols()._2();
    String invalid = indexer.getHandleInvalid();
    if (!invalid.equals("keep") && !invalid.equals("error")) {
      // "skip" would drop the record from the output, and the stream accounts for every record.
      throw refused(indexer, "its handleInvalid is '" + invalid + "'; the stream applies 'keep' or 'error'");
    }
    for (int i = 0; i < in.length; i++) {
      String[] labels = indexer.labelsArray()[i];
      Map<String, Double> codes = new HashMap<>();
      for (int c = 0; c < labels.length; c++) {
        codes.put(labels[c], (double) c);
      }
      double unknown = invalid.equals("keep") ? labels.length : -1;
      add(new ScoringStep.Index(input(indexer, in[i]), slot(out[i]), Map.copyOf(codes),
          ScoringStep.IntCodes.of(labels), unknown, in[i]));
    }
  }

  private void oneHot(OneHotEncoderModel encoder) {
    String[] in = encoder.getInOutCols()._1();
    String[] out = encoder.getInOutCols()._2();
    boolean keep = encoder.getHandleInvalid().equals("keep");
    boolean dropLast = encoder.getDropLast();
    for (int i = 0; i < in.length; i++) {
      int categories = encoder.categorySizes()[i];
      // Spark's configured sizes: an extra position for invalid codes when kept, the last one dropped if asked.
      int width = categories + (keep ? 1 : 0) - (dropLast ? 1 : 0);
      add(new ScoringStep.OneHot(input(encoder, in[i]), slot(out[i]), categories, width, keep, in[i]));
    }
  }

  private void assemble(VectorAssembler assembler) {
    String[] in = assembler.getInputCols();
    int[] inputs = new int[in.length];
    int width = 0;
    for (int i = 0; i < in.length; i++) {
      inputs[i] = input(assembler, in[i]);
      width += width(inputs[i]);
    }
    add(new ScoringStep.Assemble(inputs, slot(assembler.getOutputCol()), width));
  }

  @SuppressWarnings("unchecked")
  private void classify(PredictionModel<?, ?> classifier) {
    int input = input(classifier, classifier.getFeaturesCol());
    int width = width(input);
    if (width != classifier.numFeatures()) {
      throw refused(classifier, "it reads " + classifier.numFeatures() + " features but column "
          + classifier.getFeaturesCol() + " holds " + width);
    }
    PredictionModel<Vector, ?> model = (PredictionModel<Vector, ?>) classifier;
    FlatTrees trees = model instanceof ProbabilisticClassificationModel<Vector, ?> p ? FlatTrees.of(p) : null;
    add(new ScoringStep.Classify(input, slot(classifier.getPredictionCol()), model, trees));
  }

  private int decode(IndexToString decoder) {
    if (decoder.getLabels() == null || decoder.getLabels().length == 0) {
      throw refused(decoder, "it has no labels of its own (labels from column metadata are not kept in a "
          + "record)");
    }
    int output = slot(decoder.getOutputCol());
    add(new ScoringStep.Decode(input(decoder, decoder.getInputCol()), output, decoder.getLabels().clone()));
    return output;
  }

  private void add(ScoringStep step) {
    producer.put(step.output(), step);
  }

  /** The width of a slot's value: a record column is a number, an earlier stage's output as its step says. */
  private int width(int slot) {
    ScoringStep step = producer.get(slot);
    return step == null ? 1 : step.width();
  }

  /** The slot of a column a stage reads: a record column or an earlier stage's output. */
  private int input(Transformer stage, String column) {
    Integer slot = slotOf.get(column);
    if (slot == null) {
      throw refused(stage, "it reads column '" + column + "', which is neither a record column nor made by an "
          + "earlier stage");
    }
    return slot;
  }

  private int slot(String column) {
    return slotOf.computeIfAbsent(column, c -> slotOf.size());
  }

  /** The steps the label depends on, in stage order. */
  private List<ScoringStep> needed(int label) {
    Set<Integer> wanted = new HashSet<>();
    Deque<Integer> open = new ArrayDeque<>(List.of(label));
    while (!open.isEmpty()) {
      ScoringStep step = producer.get(open.pop());
      if (step != null && wanted.add(step.output())) {
        for (int input : step.inputs()) {
          open.push(input);
        }
      }
    }
    List<ScoringStep> steps = new ArrayList<>();
    for (ScoringStep step : producer.values()) {
      if (wanted.contains(step.output())) {
        steps.add(step);
      }
    }
    return steps;
  }

  private JobFailure refused(Transformer stage, String why) {
    return new JobFailure(where + ": cannot score stage " + stage.getClass().getSimpleName() + " (" + stage.uid()
        + ") record by record: " + why);
  }
}
