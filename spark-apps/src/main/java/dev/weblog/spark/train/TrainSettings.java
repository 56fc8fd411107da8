package dev.weblog.spark.train;

import dev.weblog.common.Column;
import java.util.List;

/** The typed settings of one training run, as checked from {@link TrainOptions}. */
record TrainSettings(
    Algorithm algorithm,
    int maxDepth,
    int numTrees,
    long seed,
    double testFraction,
    double validationFraction,
    CategoryEncoding encoding,
    TrainingRows rows,
    List<Column> features) {}
