package dev.weblog.spark.train;

/** What the classifier is fitted on. */
public enum TrainingRows {
  /** One row per (features, label) with its count as weight: few rows, the same fitted tree. */
  AGGREGATED,
  /** Every labeled row, as the original did. */
  RAW
}
