package dev.weblog.spark.model;

import dev.weblog.common.Column;
import dev.weblog.common.HdfsLayout;
import dev.weblog.common.Target;
import dev.weblog.spark.WebLogSparkSchema;
import java.io.Serializable;
import java.util.List;
import org.apache.spark.ml.PipelineModel;

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
public final class RecordScorer implements Serializable {

  private static final long serialVersionUID = 1L;

  private final Target target;
  private final int version;
  private final ScoringStep[] steps;
  private final int slots;
  private final int labelSlot;
  /** The steps in their usual shape, applied without the slot array; null when they are not of it. */
  private final DirectScoring direct;

  RecordScorer(Target target, int version, List<ScoringStep> steps, int slots, int labelSlot) {
    this(target, version, steps, slots, labelSlot, DirectScoring.of(steps));
  }

  private RecordScorer(Target target, int version, List<ScoringStep> steps, int slots, int labelSlot,
      DirectScoring direct) {
    this.target = target;
    this.version = version;
    this.steps = steps.toArray(ScoringStep[]::new);
    this.slots = slots;
    this.labelSlot = labelSlot;
    this.direct = direct;
  }

  public Target target() {
    return target;
  }

  public int version() {
    return version;
  }

  /** The record columns the prediction reads, in {@link Column} order. */
  public List<Column> features() {
    java.util.Set<Integer> read = new java.util.TreeSet<>();
    for (ScoringStep step : steps) {
      for (int input : step.inputs()) {
        if (input < Column.count()) {
          read.add(input);
        }
      }
    }
    return read.stream().map(i -> Column.values()[i]).toList();
  }

  /**
   * The predicted label (as the CSV writes it) of a record given as its values in {@link WebLogSparkSchema#record()}
   * order, in the first entries of {@code record} (what follows is not read); a feature value must not be null (the
   * codec guarantees it for valid lines).
   */
  public String predict(Object[] record) {
    if (direct != null) {
      return direct.predict(record);
    }
    Object[] values = new Object[slots];
    System.arraycopy(record, 0, values, 0, Column.count());
    for (ScoringStep step : steps) {
      step.apply(values);
    }
    return (String) values[labelSlot];
  }

  /** Whether {@link #predict} fills the feature vector straight from the record ({@link DirectScoring}). */
  public boolean direct() {
    return direct != null;
  }

  /** The same model scored stage by stage, slot by slot, as a model not of the direct shape is: to compare both. */
  public RecordScorer stepByStep() {
    return new RecordScorer(target, version, List.of(steps), slots, labelSlot, null);
  }

  /** The model of {@code target} at {@code version}, compiled; fails naming the first stage it cannot apply. */
  public static RecordScorer compile(Target target, int version, PipelineModel model) {
    return new ScorerCompiler(target.id() + " model " + HdfsLayout.versionName(version)).compile(target, version,
        model);
  }
}
