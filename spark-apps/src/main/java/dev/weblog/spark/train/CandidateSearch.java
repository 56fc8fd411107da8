package dev.weblog.spark.train;

import dev.weblog.common.Target;
import dev.weblog.spark.JobFailure;
import dev.weblog.spark.ModelOutput;
import dev.weblog.spark.StagedDirectory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.PredictionModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Fits every candidate on the fit rows and measures its accuracy on the validation rows, both carved from the
 * training rows by TrainJob: the test rows never reach this class. The tables are small (one row per feature
 * combination and label), so a fit is a few short Spark jobs, and the validation rows, collected once, are scored
 * on the driver without any. Two candidates are fitted at once, so one's jobs run while the other's are planned.
 */
final class CandidateSearch {

  private static final Logger LOG = LogManager.getLogger(CandidateSearch.class);

  /** Candidates fitted at the same time: a fit is many small jobs, so three at once keep two cores busier. */
  static final int PARALLEL_FITS = 3;

  private CandidateSearch() {}

  /** The selection and the winner's classifier as fitted on the fit rows. */
  record Outcome(Selection selection, Transformer winner) {}

  /**
   * The selection over {@code candidates}. {@code classifierOf} gives each candidate's classifier; {@code fitSet}
   * and {@code validation} are prepared rows (label index and feature vectors), the latter aggregated with weights.
   * Each fit is reported to {@code progress} as it starts and ends.
   */
  static Outcome run(Target target, List<Candidate> candidates, Function<Candidate, Estimator<?>> classifierOf,
      Dataset<Row> fitSet, Dataset<Row> validation, long fitRows, long validationRows, TrainMetrics progress) {
    List<Row> held = validation.collectAsList();
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(PARALLEL_FITS, candidates.size()), r -> {
      Thread t = new Thread(r, "weblog-candidate-" + target.id());
      t.setDaemon(true);
      return t;
    });
    try {
      Map<Candidate, Transformer> fitted = new ConcurrentHashMap<>();
      List<Future<Selection.Scored>> scores = new ArrayList<>();
      for (Candidate c : candidates) {
        scores.add(pool.submit(() -> {
          long started = System.nanoTime();
          progress.fitting(c);
          try {
            Estimator<?> classifier = classifierOf.apply(c);
            PredictionModel<?, ?> model = (PredictionModel<?, ?>) classifier.fit(fitSet);
            double score = accuracy(target, model, held);
            fitted.put(c, model);
            progress.fitted(c, score);
            return new Selection.Scored(c, score, (System.nanoTime() - started) / 1e9);
          } finally {
            progress.stopped(c);
          }
        }));
      }
      List<Selection.Scored> scored = new ArrayList<>();
      for (int i = 0; i < candidates.size(); i++) {
        scored.add(await(candidates.get(i), scores.get(i)));
      }
      Selection selection = Selection.best(scored, fitRows, validationRows);
      scored.forEach(s -> LOG.info("{} candidate {}: validation accuracy {} in {} s{}", target.id(),
          s.candidate().name(), String.format(Locale.ROOT, "%.4f", s.validationAccuracy()),
          String.format(Locale.ROOT, "%.2f", s.seconds()),
          s.candidate().equals(selection.winner()) ? " (chosen)" : ""));
      return new Outcome(selection, fitted.get(selection.winner()));
    } finally {
      pool.shutdownNow();
    }
  }

  /** Weighted share of validation rows whose label index the model predicts. */
  private static double accuracy(Target target, PredictionModel<?, ?> model, List<Row> held) {
    double hits = 0;
    double total = 0;
    for (Row r : held) {
      double weight = r.getDouble(r.fieldIndex(ModelPipeline.WEIGHT));
      double label = r.getDouble(r.fieldIndex(ModelOutput.labelIndex(target)));
      Vector features = r.getAs(model.getFeaturesCol());
      @SuppressWarnings({"unchecked", "rawtypes"})
      double predicted = ((PredictionModel) model).predict(features);
      hits += predicted == label ? weight : 0;
      total += weight;
    }
    return total == 0 ? 0 : hits / total;
  }

  private static Selection.Scored await(Candidate candidate, Future<Selection.Scored> score) {
    try {
      return score.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JobFailure("interrupted while fitting " + candidate.name(), e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof JobFailure failure) {
        throw failure;
      }
      throw new JobFailure("candidate " + candidate.name() + " failed: " + StagedDirectory.oneLine(cause), cause);
    }
  }
}
