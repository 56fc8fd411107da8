package dev.weblog.spark.stream;

/**
 * How many parts the Kafka source splits a micro-batch into by default. Spark reads each Kafka partition as one
 * part unless told to split them, so 3 equal partitions on 2 cores run as two rounds, the second on one core: a
 * third of the batch's time with a core idle. Splitting every partition into as many parts as makes the count a
 * multiple of the cores gives each core an equal share. The batch's tasks read equal shares of the planned offsets
 * themselves ({@link KafkaRange#shares}); these parts still shape a batch that runs over the source's own rows.
 */
final class StreamTasks {

  /** More parts than this many per core cost more in consumer seeks than balance gains. */
  private static final int MOST_PER_CORE = 4;

  private StreamTasks() {}

  /**
   * The fewest tasks (Spark's {@code minPartitions}) for {@code partitions} of about equal size on {@code cores}:
   * the least common multiple of the two when it stays within {@value #MOST_PER_CORE} per core, else one task per
   * partition.
   */
  static int balanced(int partitions, int cores) {
    if (partitions < 1 || cores < 1) {
      throw new IllegalArgumentException("partitions and cores must be positive: " + partitions + ", " + cores);
    }
    long lcm = (long) partitions / gcd(partitions, cores) * cores;
    return lcm <= (long) MOST_PER_CORE * cores ? (int) lcm : partitions;
  }

  private static int gcd(int a, int b) {
    return b == 0 ? a : gcd(b, a % b);
  }
}
