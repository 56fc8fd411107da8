package dev.weblog.spark;

import dev.weblog.common.Column;
import dev.weblog.common.HdfsLayout;
import dev.weblog.common.Target;
import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
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
import org.apache.spark.ml.linalg.Vectors;

/**
 * A trained PipelineModel applied to one record at a time, with no DataFrame on the path: the stream's tasks score
 * each decoded line as they write it. The feature stages TrainJob fits (string indexers, one-hot encoders, vector
 * assemblers) are re-done here exactly as Spark's transform does them; the classifier is Spark's own model object,
 * asked through its public per-vector methods (a tree or forest walked in its flat form, {@link FlatTrees}); the
 * label decoder maps its index back to the label text. So every classifier family predicts here as it does in
 * {@code model.transform} (RecordScorerTest compares the two for each), and a stage this class does not know is
 * refused by name when the model is loaded, never guessed at.
 *
 * <p>Only the stages the prediction depends on are kept (the label indexer, for instance, is not). Immutable after
 * {@link #compile}; {@link #predict} may be called from many threads.
 */
final class RecordScorer implements Serializable {

  private static final long serialVersionUID = 1L;

  private final Target target;
  private final int version;
  private final Step[] steps;
  private final int slots;
  private final int labelSlot;

  private RecordScorer(Target target, int version, List<Step> steps, int slots, int labelSlot) {
    this.target = target;
    this.version = version;
    this.steps = steps.toArray(Step[]::new);
    this.slots = slots;
    this.labelSlot = labelSlot;
  }

  Target target() {
    return target;
  }

  int version() {
    return version;
  }

  /**
   * The predicted label (as the CSV writes it) of a record given as its values in {@link WebLogSparkSchema#record()}
   * order, in the first entries of {@code record} (what follows is not read); a feature value must not be null (the
   * codec guarantees it for valid lines).
   */
  String predict(Object[] record) {
    Object[] values = new Object[slots];
    System.arraycopy(record, 0, values, 0, Column.count());
    for (Step step : steps) {
      step.apply(values);
    }
    return (String) values[labelSlot];
  }

  /** The model of {@code target} at {@code version}, compiled; fails naming the first stage it cannot apply. */
  static RecordScorer compile(Target target, int version, PipelineModel model) {
    return new Compiler(target.id() + " model " + HdfsLayout.versionName(version)).compile(target, version, model);
  }

  /** One stage's work on one record: reads earlier slots, fills its own. */
  private interface Step extends Serializable {
    void apply(Object[] values);

    int[] inputs();

    int output();

    /** How many features its value adds to an assembled vector: 1 for a number. */
    default int width() {
      return 1;
    }
  }

  /** A step that reads one slot. */
  private interface OneInput extends Step {
    int input();

    @Override
    default int[] inputs() {
      return new int[] {input()};
    }
  }

  /**
   * A string indexer's column: the value as text (Spark casts to string first) to its index. An int value, what
   * the log's codes are, is looked up in a table of the labels that are an int's text, with no text made.
   */
  private record Index(int input, int output, Map<String, Double> codes, IntCodes ints, double unknown,
      String column) implements OneInput {
    @Override
    public void apply(Object[] values) {
      Object value = values[input];
      double code = value instanceof Integer i ? ints.code(i) : code(String.valueOf(value));
      if (code < 0) {
        if (unknown < 0) {
          throw new IllegalArgumentException("value '" + value + "' of " + column + " was not seen in training and "
              + "the model's indexer refuses unknown values");
        }
        code = unknown;
      }
      values[output] = code;
    }

    private double code(String text) {
      Double code = codes.get(text);
      return code == null ? -1 : code;
    }
  }

  /** The indexes of the labels that are an int's canonical text, by that int; -1 for any other int. */
  private record IntCodes(int min, double[] codes, Map<Integer, Double> sparse) implements Serializable {
    /** Past this span of ints, a map rather than a table. */
    private static final int MAX_TABLE = 1 << 16;

    static IntCodes of(String[] labels) {
      Map<Integer, Double> ints = new HashMap<>();
      for (int c = 0; c < labels.length; c++) {
        try {
          int i = Integer.parseInt(labels[c]);
          if (Integer.toString(i).equals(labels[c])) {
            ints.put(i, (double) c);
          }
        } catch (NumberFormatException notAnInt) {
          // Not an int's text: no int value casts to it.
        }
      }
      if (ints.isEmpty()) {
        return new IntCodes(0, new double[0], Map.of());
      }
      int min = ints.keySet().stream().mapToInt(Integer::intValue).min().getAsInt();
      long span = (long) ints.keySet().stream().mapToInt(Integer::intValue).max().getAsInt() - min + 1;
      if (span > MAX_TABLE) {
        return new IntCodes(0, null, Map.copyOf(ints));
      }
      double[] table = new double[(int) span];
      Arrays.fill(table, -1);
      ints.forEach((i, c) -> table[i - min] = c);
      return new IntCodes(min, table, Map.of());
    }

    double code(int value) {
      if (codes == null) {
        return sparse.getOrDefault(value, -1.0);
      }
      long at = (long) value - min;
      return at >= 0 && at < codes.length ? codes[(int) at] : -1;
    }
  }

  /**
   * A one-hot encoder's column, as Spark's: an index within the fitted categories is its own position, any other
   * goes to the extra "invalid" position when invalid values are kept; a position past the vector (the dropped last
   * category) gives no indicator at all. Stored as the position, -1 for none, with the vector's width.
   */
  private record OneHot(int input, int output, int categories, int width, boolean keepInvalid, String column)
      implements OneInput {
    @Override
    public void apply(Object[] values) {
      double code = (Double) values[input];
      int position;
      if (code >= 0 && code < categories && code == Math.rint(code)) {
        position = (int) code;
      } else if (keepInvalid) {
        position = categories;
      } else {
        throw new IllegalArgumentException("code " + code + " of " + column + " is outside the " + categories
            + " categories the one-hot encoder was fitted on");
      }
      values[output] = new Indicator(position < width ? position : -1, width);
    }
  }

  /** One indicator vector: a single 1 at {@code position} (none when -1) among {@code width}. */
  private record Indicator(int position, int width) implements Serializable {}

  /**
   * A vector assembler: numbers, indicator vectors and vectors side by side, as Spark's. Kept as the plain array;
   * {@link Classify} hands Spark's models the compressed vector Spark's assembler would have made of it.
   */
  private record Assemble(int[] inputs, int output, int width) implements Step {
    @Override
    public void apply(Object[] values) {
      double[] x = new double[width];
      int at = 0;
      for (int input : inputs) {
        Object v = values[input];
        if (v instanceof Number n) {
          x[at++] = n.doubleValue();
        } else if (v instanceof Indicator i) {
          if (i.position() >= 0) {
            x[at + i.position()] = 1.0;
          }
          at += i.width();
        } else {
          double[] inner = (double[]) v;
          System.arraycopy(inner, 0, x, at, inner.length);
          at += inner.length;
        }
      }
      values[output] = x;
    }
  }

  /**
   * The classifier, asked as its transform asks it when a probability column is set: the class of the highest
   * probability, or per its thresholds. A tree or forest is walked in its flat form ({@link FlatTrees}); any other
   * is Spark's own model, given the compressed vector Spark's assembler makes.
   */
  private record Classify(int input, int output, PredictionModel<Vector, ?> model, FlatTrees trees)
      implements OneInput {
    @Override
    public void apply(Object[] values) {
      double[] features = (double[]) values[input];
      if (trees != null) {
        values[output] = trees.predict(features);
        return;
      }
      Vector vector = Vectors.dense(features).compressed();
      values[output] = model instanceof ProbabilisticClassificationModel<Vector, ?> p
          ? p.probability2prediction(p.predictProbability(vector)) : model.predict(vector);
    }
  }

  /** The label decoder: a class index to its label text. */
  private record Decode(int input, int output, String[] labels) implements OneInput {
    @Override
    public void apply(Object[] values) {
      double index = (Double) values[input];
      int i = (int) index;
      if (i != index || i < 0 || i >= labels.length) {
        throw new IllegalStateException("the classifier predicted class " + index + " but the model has "
            + labels.length + " labels");
      }
      values[output] = labels[i];
    }
  }

  /** Turns the stages into steps over numbered slots: the record's columns first, then each stage's outputs. */
  private static final class Compiler {
    private final String where;
    private final Map<String, Integer> slotOf = new HashMap<>();
    private final Map<Integer, Step> producer = new LinkedHashMap<>();

    Compiler(String where) {
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
        add(new Index(input(indexer, in[i]), slot(out[i]), Map.copyOf(codes), IntCodes.of(labels), unknown, in[i]));
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
        add(new OneHot(input(encoder, in[i]), slot(out[i]), categories, width, keep, in[i]));
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
      add(new Assemble(inputs, slot(assembler.getOutputCol()), width));
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
      add(new Classify(input, slot(classifier.getPredictionCol()), model, trees));
    }

    private int decode(IndexToString decoder) {
      if (decoder.getLabels() == null || decoder.getLabels().length == 0) {
        throw refused(decoder, "it has no labels of its own (labels from column metadata are not kept in a "
            + "record)");
      }
      int output = slot(decoder.getOutputCol());
      add(new Decode(input(decoder, decoder.getInputCol()), output, decoder.getLabels().clone()));
      return output;
    }

    private void add(Step step) {
      producer.put(step.output(), step);
    }

    /** The width of a slot's value: a record column is a number, an earlier stage's output as its step says. */
    private int width(int slot) {
      Step step = producer.get(slot);
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
    private List<Step> needed(int label) {
      Set<Integer> wanted = new HashSet<>();
      Deque<Integer> open = new ArrayDeque<>(List.of(label));
      while (!open.isEmpty()) {
        Step step = producer.get(open.pop());
        if (step != null && wanted.add(step.output())) {
          for (int input : step.inputs()) {
            open.push(input);
          }
        }
      }
      List<Step> steps = new ArrayList<>();
      for (Step step : producer.values()) {
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
}
