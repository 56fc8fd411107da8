package dev.weblog.bench;

/** What a run measures, with the direction that counts as better, so every ratio reads "above 1 is better". */
public enum Figure {
  ROWS_PER_S("rows_per_s", "rows/s", true),
  SECONDS("seconds", "s", false),
  ACCURACY("accuracy", "accuracy", true);

  private final String key;
  private final String label;
  private final boolean higherIsBetter;

  Figure(String key, String label, boolean higherIsBetter) {
    this.key = key;
    this.label = label;
    this.higherIsBetter = higherIsBetter;
  }

  /** The JSON key. */
  public String key() {
    return key;
  }

  /** The table's unit column. */
  public String label() {
    return label;
  }

  public boolean higherIsBetter() {
    return higherIsBetter;
  }
}
