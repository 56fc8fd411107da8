package dev.weblog.spark.model;

import dev.weblog.common.Column;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The usual shape of a model scored without its slot array: the classifier's feature vector filled straight from
 * the record's columns, when each part of it is a record column, a string indexer's code of one, or a one-hot
 * indicator of such a code; then the classifier and the label decoder. Step by step, a record cost an array of
 * slots, a boxed code per indexer and an indicator object per one-hot encoder for each model; here one vector.
 * Each part applies its step's own rule ({@link ScoringStep.Index#code}, {@link ScoringStep.OneHot#position}),
 * so both ways predict alike (RecordScorerTest holds both to Spark's transform).
 */
final class DirectScoring implements Serializable {

  private static final long serialVersionUID = 1L;

  private final Part[] parts;
  private final int width;
  private final ScoringStep.Classify classify;
  private final ScoringStep.Decode decode;

  private DirectScoring(List<Part> parts, int width, ScoringStep.Classify classify, ScoringStep.Decode decode) {
    this.parts = parts.toArray(Part[]::new);
    this.width = width;
    this.classify = classify;
    this.decode = decode;
  }

  /**
   * The direct form of {@code steps} (in stage order, the last the decoder of the label), or null when they are not
   * of its shape: a decoder of a classifier of one vector assembler whose every input is one of the parts above.
   */
  static DirectScoring of(List<ScoringStep> steps) {
    Map<Integer, ScoringStep> producer = new HashMap<>();
    for (ScoringStep step : steps) {
      producer.put(step.output(), step);
    }
    if (!(steps.get(steps.size() - 1) instanceof ScoringStep.Decode decode)
        || !(producer.get(decode.input()) instanceof ScoringStep.Classify classify)
        || !(producer.get(classify.input()) instanceof ScoringStep.Assemble assemble)) {
      return null;
    }
    List<Part> parts = new ArrayList<>();
    for (int input : assemble.inputs()) {
      Part part = part(input, producer);
      if (part == null) {
        return null;
      }
      parts.add(part);
    }
    return new DirectScoring(parts, assemble.width(), classify, decode);
  }

  private static Part part(int slot, Map<Integer, ScoringStep> producer) {
    ScoringStep step = producer.get(slot);
    if (step == null) {
      return slot < Column.count() ? new Value(slot) : null;
    }
    if (step instanceof ScoringStep.Index index && index.input() < Column.count()) {
      return new Code(index);
    }
    if (step instanceof ScoringStep.OneHot oneHot && producer.get(oneHot.input()) instanceof ScoringStep.Index index
        && index.input() < Column.count()) {
      return new OneHotCode(index, oneHot);
    }
    return null;
  }

  /** The predicted label of a record given as its values in {@link Column} order (see RecordScorer#predict). */
  String predict(Object[] record) {
    double[] features = new double[width];
    int at = 0;
    for (Part part : parts) {
      at = part.fill(record, features, at);
    }
    return decode.label(classify.predict(features));
  }

  /** One input of the assembler: fills its features from {@code at} and returns where the next one starts. */
  private sealed interface Part extends Serializable permits Value, Code, OneHotCode {
    int fill(Object[] record, double[] features, int at);
  }

  /** A record column taken as a number, as the assembler takes it. */
  private record Value(int column) implements Part {
    @Override
    public int fill(Object[] record, double[] features, int at) {
      features[at] = ((Number) record[column]).doubleValue();
      return at + 1;
    }
  }

  /** A record column's string-indexer code. */
  private record Code(ScoringStep.Index index) implements Part {
    @Override
    public int fill(Object[] record, double[] features, int at) {
      features[at] = index.code(record[index.input()]);
      return at + 1;
    }
  }

  /** The one-hot indicator of a record column's string-indexer code: one 1 (or none) among the encoder's width. */
  private record OneHotCode(ScoringStep.Index index, ScoringStep.OneHot oneHot) implements Part {
    @Override
    public int fill(Object[] record, double[] features, int at) {
      int position = oneHot.position(index.code(record[index.input()]));
      if (position >= 0) {
        features[at + position] = 1.0;
      }
      return at + oneHot.width();
    }
  }
}
