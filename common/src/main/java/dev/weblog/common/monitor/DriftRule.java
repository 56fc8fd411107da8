package dev.weblog.common.monitor;

/**
 * When a batch counts as drifted, and for how long that must last before it is drift. A batch is bad when a
 * feature's PSI reaches {@code psiThreshold} or live accuracy is more than {@code accuracyDrop} below the model's
 * test accuracy; {@code batches} bad batches in a row are drift. A batch of fewer than {@code minLines} lines
 * counts neither way, and accuracy is judged only on {@code minLabelled} labelled lines or more: small samples
 * scatter, and the alarm must not flap.
 *
 * @param psiThreshold 0.2 by default: the usual line of a significant shift (0.1 to 0.2 is moderate)
 * @param accuracyDrop 0.05 by default: five points below test accuracy
 * @param batches 3 by default: one odd batch is noise, three in a row is a trend
 * @param minLines 1000 by default. The PSI of an unchanged distribution over {@code k} busy bins from {@code n}
 *     lines is about {@code (k - 1) / n}: 0.01 for 10 bins at 1000 lines, but 0.1 for 100 busy categories, so a
 *     feature with many frequent values needs a larger minimum
 * @param minLabelled 200 by default: accuracy's standard error is then at most 3.5 points
 */
public record DriftRule(double psiThreshold, double accuracyDrop, int batches, long minLines, long minLabelled) {

  public static final DriftRule DEFAULTS = new DriftRule(0.2, 0.05, 3, 1000, 200);

  public DriftRule {
    if (!(psiThreshold > 0)) {
      throw new IllegalArgumentException("the PSI threshold must be above 0, got " + psiThreshold);
    }
    if (!(accuracyDrop >= 0 && accuracyDrop < 1)) {
      throw new IllegalArgumentException("the accuracy drop must be within 0..1, got " + accuracyDrop);
    }
    if (batches < 1) {
      throw new IllegalArgumentException("drift must last at least 1 batch, got " + batches);
    }
    if (minLines < 1 || minLabelled < 1) {
      throw new IllegalArgumentException("the least lines and labelled lines of a batch judged must be at least 1, "
          + "got " + minLines + " and " + minLabelled);
    }
  }
}
