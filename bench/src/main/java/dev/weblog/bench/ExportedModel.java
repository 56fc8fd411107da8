package dev.weblog.bench;

import dev.weblog.common.Column;
import dev.weblog.common.Target;
import dev.weblog.common.WebLogRecord;
import java.util.List;
import java.util.Map;

/**
 * One target's model as plain Java, immutable and safe to share between threads: the features in the order the
 * vector assembler put them, the trees, and the label names the prediction index decodes to. Built by
 * {@link ModelExport} from the CURRENT PipelineModel; scores a record with no Spark on the path.
 */
final class ExportedModel {

  /** How trees of several are combined, as the Spark model class that held them does it. */
  enum Combination {
    /** A decision tree: the class with the largest weight in the leaf. */
    SINGLE_TREE,
    /** A random forest: each tree votes its leaf's class shares; the class with the largest sum. */
    FOREST_VOTE
  }

  /**
   * One assembled feature: a record column as a number, or, when {@code codes} is not null, the index a string
   * indexer gave the column's value as text; an unknown value gets {@code codes.size()} when {@code keepUnknown}.
   */
  record Feature(Column column, Map<String, Integer> codes, boolean keepUnknown) {
    Feature {
      codes = codes == null ? null : Map.copyOf(codes);
    }

    double value(WebLogRecord r) {
      if (codes == null) {
        return raw(r);
      }
      // Spark's indexer casts the number to a string, which for an int is its decimal digits.
      String text = Integer.toString(intValue(r));
      Integer code = codes.get(text);
      if (code != null) {
        return code;
      }
      if (keepUnknown) {
        return codes.size();
      }
      throw new IllegalArgumentException(column.columnName() + " value '" + text + "' was not seen in training and "
          + "the model's indexer refuses unknown values");
    }

    private double raw(WebLogRecord r) {
      return switch (column) {
        case LAT -> r.lat();
        case LON -> r.lon();
        default -> intValue(r);
      };
    }

    private int intValue(WebLogRecord r) {
      return switch (column) {
        case PRODUCT_CATEGORY_ID -> r.productCategoryId();
        case DEVICE_TYPE -> r.deviceType();
        case CONNECT_TYPE -> r.connectType();
        default -> throw new IllegalStateException(column.columnName() + " is not an int feature");
      };
    }
  }

  private final Target target;
  private final int version;
  private final List<Feature> features;
  private final List<ExportedTree> trees;
  private final Combination combination;
  private final List<String> labels;

  ExportedModel(Target target, int version, List<Feature> features, List<ExportedTree> trees,
      Combination combination, List<String> labels) {
    if (trees.isEmpty() || (combination == Combination.SINGLE_TREE && trees.size() != 1)) {
      throw new IllegalArgumentException(target.id() + " model: " + trees.size() + " tree(s) for " + combination);
    }
    this.target = target;
    this.version = version;
    this.features = List.copyOf(features);
    this.trees = List.copyOf(trees);
    this.combination = combination;
    this.labels = List.copyOf(labels);
  }

  Target target() {
    return target;
  }

  int version() {
    return version;
  }

  List<Feature> features() {
    return features;
  }

  /** The predicted label as written in the CSV, e.g. {@code 36-50} or {@code 1}. */
  String predict(WebLogRecord r) {
    double[] x = new double[features.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = features.get(i).value(r);
    }
    int index = combination == Combination.SINGLE_TREE ? (int) trees.get(0).leaf(x).prediction() : vote(x);
    if (index < 0 || index >= labels.size()) {
      throw new IllegalStateException(target.id() + " model predicted class " + index + " but has only "
          + labels.size() + " labels");
    }
    return labels.get(index);
  }

  /** Spark's forest: each tree adds its leaf's class shares; the first class with the largest sum wins. */
  private int vote(double[] x) {
    double[] votes = null;
    for (ExportedTree tree : trees) {
      ExportedTree.Leaf leaf = tree.leaf(x);
      if (votes == null) {
        votes = new double[leaf.classes()];
      }
      double total = 0;
      for (int c = 0; c < votes.length; c++) {
        total += leaf.classWeight(c);
      }
      if (total != 0) {
        for (int c = 0; c < votes.length; c++) {
          votes[c] += leaf.classWeight(c) / total;
        }
      }
    }
    int best = 0;
    for (int c = 1; c < votes.length; c++) {
      if (votes[c] > votes[best]) {
        best = c;
      }
    }
    return best;
  }
}
