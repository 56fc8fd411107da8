package dev.weblog.spark.model;

import java.io.Serializable;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.ml.PredictionModel;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;

/**
 * One stage of a compiled model applied to one record: reads earlier slots of the record's value array and fills
 * its own. The implementations below are Spark's feature stages re-done as Spark's transform does them, and the
 * classifier asked through its own per-vector methods; {@link ScorerCompiler} makes them from a PipelineModel.
 */
interface ScoringStep extends Serializable {
  void apply(Object[] values);

  int[] inputs();

  int output();

  /** How many features its value adds to an assembled vector: 1 for a number. */
  default int width() {
    return 1;
  }

  /** A step that reads one slot. */
  interface OneInput extends ScoringStep {
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
  record Index(int input, int output, Map<String, Double> codes, IntCodes ints, double unknown,
      String column) implements OneInput {
    @Override
    public void apply(Object[] values) {
      values[output] = code(values[input]);
    }

    /** The index of {@code value}; fails naming the value and column when it is unknown and must not be. */
    double code(Object value) {
      double code = value instanceof Integer i ? ints.code(i) : codeOfText(String.valueOf(value));
      if (code < 0) {
        if (unknown < 0) {
          throw new IllegalArgumentException("value '" + value + "' of " + column + " was not seen in training and "
              + "the model's indexer refuses unknown values");
        }
        code = unknown;
      }
      return code;
    }

    private double codeOfText(String text) {
      Double code = codes.get(text);
      return code == null ? -1 : code;
    }
  }

  /** The indexes of the labels that are an int's canonical text, by that int; -1 for any other int. */
  record IntCodes(int min, double[] codes, Map<Integer, Double> sparse) implements Serializable {
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
  record OneHot(int input, int output, int categories, int width, boolean keepInvalid, String column)
      implements OneInput {
    @Override
    public void apply(Object[] values) {
      values[output] = new Indicator(position((Double) values[input]), width);
    }

    /** Where {@code code}'s 1 goes in the indicator vector, -1 for nowhere. */
    int position(double code) {
      int position;
      if (code >= 0 && code < categories && code == Math.rint(code)) {
        position = (int) code;
      } else if (keepInvalid) {
        position = categories;
      } else {
        throw new IllegalArgumentException("code " + code + " of " + column + " is outside the " + categories
            + " categories the one-hot encoder was fitted on");
      }
      return position < width ? position : -1;
    }
  }

  /** One indicator vector: a single 1 at {@code position} (none when -1) among {@code width}. */
  record Indicator(int position, int width) implements Serializable {}

  /**
   * A vector assembler: numbers, indicator vectors and vectors side by side, as Spark's. Kept as the plain array;
   * {@link Classify} hands Spark's models the compressed vector Spark's assembler would have made of it.
   */
  record Assemble(int[] inputs, int output, int width) implements ScoringStep {
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
  record Classify(int input, int output, PredictionModel<Vector, ?> model, FlatTrees trees)
      implements OneInput {
    @Override
    public void apply(Object[] values) {
      values[output] = predict((double[]) values[input]);
    }

    /** The class index of an assembled feature vector. */
    double predict(double[] features) {
      if (trees != null) {
        return trees.predict(features);
      }
      Vector vector = Vectors.dense(features).compressed();
      return model instanceof ProbabilisticClassificationModel<Vector, ?> p
          ? p.probability2prediction(p.predictProbability(vector)) : model.predict(vector);
    }
  }

  /** The label decoder: a class index to its label text. */
  record Decode(int input, int output, String[] labels) implements OneInput {
    @Override
    public void apply(Object[] values) {
      values[output] = label((Double) values[input]);
    }

    /** The label text of class {@code index}. */
    String label(double index) {
      int i = (int) index;
      if (i != index || i < 0 || i >= labels.length) {
        throw new IllegalStateException("the classifier predicted class " + index + " but the model has "
            + labels.length + " labels");
      }
      return labels[i];
    }
  }
}
