package dev.weblog.spark.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.spark.ml.tree.DecisionTreeModelReadWrite;

/**
 * The {@code data/} folder of a saved stage, read with parquet-java on the calling thread: the few rows Spark saved
 * there (a string indexer's labels, a one-hot encoder's sizes, a tree's nodes) without the Spark jobs (and their
 * Scala reflection) that {@code spark.read.parquet} would run. Lists are read by position, as Spark writes them
 * (a list group, its repeated group, the element), so the field names of either list layout do.
 */
final class StageData {

  private final List<Group> rows;
  private final Path dir;

  private StageData(Path dir, List<Group> rows) {
    this.dir = dir;
    this.rows = rows;
  }

  /** Every row of the Parquet files in {@code <stage>/data}, file by file in name order. */
  static StageData read(FileSystem fs, Path stage) {
    return read(fs, stage, "data");
  }

  /** Every row of the Parquet files in {@code <stage>/<folder>}, file by file in name order. */
  static StageData read(FileSystem fs, Path stage, String folder) {
    Path dir = new Path(stage, folder);
    List<Group> rows = new ArrayList<>();
    try {
      FileStatus[] files = fs.listStatus(dir, p -> p.getName().endsWith(".parquet"));
      Arrays.sort(files, Comparator.comparing(f -> f.getPath().getName()));
      for (FileStatus file : files) {
        try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(),
            file.getPath()).withConf(fs.getConf()).build()) {
          for (Group row = reader.read(); row != null; row = reader.read()) {
            rows.add(row);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the model data in " + dir + ": " + e.getMessage(), e);
    }
    return new StageData(dir, rows);
  }

  /** The only row, for stages that save one. */
  Group only() {
    if (rows.size() != 1) {
      throw new IllegalStateException("expected one row in " + dir + ", found " + rows.size());
    }
    return rows.get(0);
  }

  /** A string indexer's labels, one array per input column. */
  String[][] labelsArray() {
    Group outer = only().getGroup("labelsArray", 0);
    int columns = outer.getFieldRepetitionCount(0);
    String[][] labels = new String[columns][];
    for (int c = 0; c < columns; c++) {
      Group inner = outer.getGroup(0, c).getGroup(0, 0);
      labels[c] = new String[inner.getFieldRepetitionCount(0)];
      for (int i = 0; i < labels[c].length; i++) {
        labels[c][i] = inner.getGroup(0, i).getString(0, 0);
      }
    }
    return labels;
  }

  /** A one-hot encoder's category count per input column. */
  int[] categorySizes() {
    Group list = only().getGroup("categorySizes", 0);
    int[] sizes = new int[list.getFieldRepetitionCount(0)];
    for (int i = 0; i < sizes.length; i++) {
      sizes[i] = list.getGroup(0, i).getInteger(0, 0);
    }
    return sizes;
  }

  /** A single tree's nodes, as Spark's tree reader gets them. */
  DecisionTreeModelReadWrite.NodeData[] nodes() {
    DecisionTreeModelReadWrite.NodeData[] nodes = new DecisionTreeModelReadWrite.NodeData[rows.size()];
    for (int i = 0; i < nodes.length; i++) {
      nodes[i] = node(rows.get(i));
    }
    return nodes;
  }

  /**
   * A forest's trees: each tree's saved metadata (its uid and parameters), by tree id. Spark saves them as
   * (tree id, metadata, weight) tuples and reads them by position, as here.
   */
  SortedMap<Integer, String> treesMetadata() {
    SortedMap<Integer, String> trees = new TreeMap<>();
    for (Group row : rows) {
      trees.put(row.getInteger(0, 0), row.getString(1, 0));
    }
    return trees;
  }

  /** A forest's nodes, by tree id (each row: the tree id, then the node), as Spark's ensemble reader groups them. */
  SortedMap<Integer, DecisionTreeModelReadWrite.NodeData[]> forestNodes() {
    SortedMap<Integer, List<DecisionTreeModelReadWrite.NodeData>> trees = new TreeMap<>();
    for (Group row : rows) {
      trees.computeIfAbsent(row.getInteger(0, 0), t -> new ArrayList<>()).add(node(row.getGroup(1, 0)));
    }
    SortedMap<Integer, DecisionTreeModelReadWrite.NodeData[]> nodes = new TreeMap<>();
    trees.forEach((tree, list) -> nodes.put(tree, list.toArray(DecisionTreeModelReadWrite.NodeData[]::new)));
    return nodes;
  }

  private static DecisionTreeModelReadWrite.NodeData node(Group n) {
    Group split = n.getGroup("split", 0);
    return new DecisionTreeModelReadWrite.NodeData(n.getInteger("id", 0), n.getDouble("prediction", 0),
        n.getDouble("impurity", 0), doubles(n.getGroup("impurityStats", 0)), n.getLong("rawCount", 0),
        n.getDouble("gain", 0), n.getInteger("leftChild", 0), n.getInteger("rightChild", 0),
        new DecisionTreeModelReadWrite.SplitData(split.getInteger("featureIndex", 0),
            doubles(split.getGroup("leftCategoriesOrThreshold", 0)), split.getInteger("numCategories", 0)));
  }

  private static double[] doubles(Group list) {
    double[] values = new double[list.getFieldRepetitionCount(0)];
    for (int i = 0; i < values.length; i++) {
      values[i] = list.getGroup(0, i).getDouble(0, 0);
    }
    return values;
  }
}
