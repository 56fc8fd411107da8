package dev.weblog.spark.train;

/** How integer-coded features (category, device and connection type) reach the classifier. */
public enum CategoryEncoding {
  /** Indexed with categorical metadata, so trees split on sets of codes: the codes are names, not amounts. */
  CATEGORICAL,
  /** Raw numbers, split by thresholds: what the original pipeline did; kept to compare on the same data. */
  CONTINUOUS
}
