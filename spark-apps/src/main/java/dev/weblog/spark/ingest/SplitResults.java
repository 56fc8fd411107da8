package dev.weblog.spark.ingest;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.spark.Partition;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.rdd.NewHadoopPartition;
import org.apache.spark.rdd.RDD;
import scala.collection.Iterator;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction1;
import scala.runtime.BoxedUnit;

/**
 * The splits' outcomes as {@code collect()} gives them, but each also handed over on the driver as its task's result
 * arrives, so ingest's progress shows during its one Spark job rather than after it, from counts the tasks return
 * anyway; and the splits each input file was cut into, to tell when a file is done.
 */
final class SplitResults {

  private SplitResults() {}

  /**
   * Every split's outcome in split order; {@code onEach} gets each one as it arrives, on Spark's scheduler thread
   * (it must be quick). Spark hands over the result of exactly one successful attempt per split, as for collect.
   */
  static List<SplitOutcome> collect(JavaRDD<SplitOutcome> tasks, Consumer<SplitOutcome> onEach) {
    List<List<SplitOutcome>> bySplit = new ArrayList<>(Collections.nCopies(tasks.getNumPartitions(), List.of()));
    scala.Function2<Object, ArrayList<SplitOutcome>, BoxedUnit> handler = (index, outcomes) -> {
      synchronized (bySplit) {
        bySplit.set((Integer) index, outcomes);
      }
      outcomes.forEach(onEach);
      return BoxedUnit.UNIT;
    };
    @SuppressWarnings("unchecked")
    ClassTag<ArrayList<SplitOutcome>> tag = (ClassTag<ArrayList<SplitOutcome>>) (ClassTag<?>) ClassTag$.MODULE$
        .apply(ArrayList.class);
    tasks.context().runJob(tasks.rdd(), new ToList(), handler, tag);
    synchronized (bySplit) {
      return bySplit.stream().flatMap(List::stream).toList();
    }
  }

  /** Each input file, named as its splits (and so {@link SplitOutcome#file()}) name it, and its number of splits. */
  static Map<String, Integer> splitsPerFile(RDD<?> input) {
    Map<String, Integer> perFile = new LinkedHashMap<>();
    Arrays.stream(input.partitions()).map(SplitResults::fileOf).filter(Objects::nonNull)
        .forEach(file -> perFile.merge(file, 1, Integer::sum));
    return perFile;
  }

  private static String fileOf(Partition partition) {
    return partition instanceof NewHadoopPartition p && p.serializableHadoopSplit().value() instanceof FileSplit f
        ? f.getPath().toString() : null;
  }

  /** A task's outcomes as a list for the driver (each split yields exactly one). */
  private static final class ToList extends AbstractFunction1<Iterator<SplitOutcome>, ArrayList<SplitOutcome>>
      implements Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public ArrayList<SplitOutcome> apply(Iterator<SplitOutcome> outcomes) {
      ArrayList<SplitOutcome> out = new ArrayList<>();
      while (outcomes.hasNext()) {
        out.add(outcomes.next());
      }
      return out;
    }
  }
}
