package dev.weblog.spark.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.classification.DecisionTreeClassificationModel;
import org.apache.spark.ml.classification.RandomForestClassificationModel;
import org.apache.spark.ml.feature.IndexToString;
import org.apache.spark.ml.feature.OneHotEncoderModel;
import org.apache.spark.ml.feature.StringIndexerModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.tree.DecisionTreeModelReadWrite$;
import org.apache.spark.ml.tree.DecisionTreeModelReadWrite;
import org.apache.spark.ml.tree.Node;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.sql.SparkSession;
import scala.Option;

/**
 * Reads a saved PipelineModel as {@code PipelineModel.load} does, in less time. Spark reads the stages one after
 * another, and every read is a few small Spark jobs (the stage's metadata as a text dataset, its data as Parquet):
 * about twenty jobs in a row for one of TrainJob's models, 1.5-2 s before a stream can score, and Scala reflection
 * that keeps the JIT busy. Here the stages are read side by side, and the ones TrainJob's tree models are made of
 * are built as Spark's readers build them, from their metadata and data files read directly ({@link StageData}):
 * the uid constructor and the saved parameters for vector assemblers and label decoders; the labels, the category
 * sizes or the nodes (through Spark's own tree builder) for indexers, encoders, decision trees and random
 * forests. Any other stage, or a save from before Spark 3, goes through Spark's own reader.
 */
public final class PipelineModelLoad {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PIPELINE_MODEL = PipelineModel.class.getName();
  /** Stages Spark saves as parameters alone ({@code DefaultParamsWritable}), with no data folder. */
  private static final Set<String> PARAMS_ONLY = Set.of(VectorAssembler.class.getName(),
      IndexToString.class.getName());
  /** Daemon threads, so a load in progress never keeps a stopping JVM alive. */
  private static final ExecutorService STAGES = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "weblog-model-load");
    t.setDaemon(true);
    return t;
  });

  private PipelineModelLoad() {}

  public static PipelineModel load(SparkSession spark, FileSystem fs, Path model) {
    String text = metadata(fs, model);
    DefaultParamsReader.Metadata pipeline = DefaultParamsReader.parseMetadata(text, PIPELINE_MODEL);
    List<String> uids = stageUids(text, model);
    // Spark names each stage's folder by its index, zero-padded to the digits of the stage count, and its uid.
    String format = "%0" + Integer.toString(uids.size()).length() + "d_%s";
    List<CompletableFuture<Transformer>> stages = new ArrayList<>();
    for (int i = 0; i < uids.size(); i++) {
      Path stage = new Path(new Path(model, "stages"), String.format(format, i, uids.get(i)));
      stages.add(CompletableFuture.supplyAsync(() -> stage(spark, fs, stage), STAGES));
    }
    List<Transformer> loaded = new ArrayList<>();
    for (CompletableFuture<Transformer> stage : stages) {
      try {
        loaded.add(stage.join());
      } catch (CompletionException e) {
        throw e.getCause() instanceof RuntimeException r ? r : e;
      }
    }
    return new PipelineModel(pipeline.uid(), loaded);
  }

  private static Transformer stage(SparkSession spark, FileSystem fs, Path stage) {
    String text = metadata(fs, stage);
    DefaultParamsReader.Metadata metadata = DefaultParamsReader.parseMetadata(text, "");
    String className = metadata.className();
    Params built;
    if (PARAMS_ONLY.contains(className)) {
      built = paramsOnly(metadata, stage);
    } else if (!metadata.sparkVersion().matches("[34]\\..*")) {
      // Older saves keep their data in other layouts; Spark's own reader knows them all.
      return DefaultParamsReader.loadParamsInstance(stage.toString(), spark);
    } else if (className.equals(StringIndexerModel.class.getName())) {
      built = new StringIndexerModel(metadata.uid(), StageData.read(fs, stage).labelsArray());
    } else if (className.equals(OneHotEncoderModel.class.getName())) {
      built = new OneHotEncoderModel(metadata.uid(), StageData.read(fs, stage).categorySizes());
    } else if (className.equals(DecisionTreeClassificationModel.class.getName())) {
      JsonNode json = json(text, stage);
      Node root = DecisionTreeModelReadWrite$.MODULE$.buildTreeFromNodes(StageData.read(fs, stage).nodes(),
          param(json, "impurity", stage));
      built = new DecisionTreeClassificationModel(metadata.uid(), root, json.path("numFeatures").asInt(),
          json.path("numClasses").asInt());
    } else if (className.equals(RandomForestClassificationModel.class.getName())) {
      built = forest(fs, stage, metadata, json(text, stage));
    } else {
      return DefaultParamsReader.loadParamsInstance(stage.toString(), spark);
    }
    // As Spark's readers finish: every saved parameter, set or default, onto the new instance.
    metadata.getAndSetParams(built, Option.empty());
    return (Transformer) built;
  }

  /** A random forest as Spark's ensemble reader builds it: each tree from its own metadata and nodes. */
  private static RandomForestClassificationModel forest(FileSystem fs, Path stage,
      DefaultParamsReader.Metadata metadata, JsonNode json) {
    int features = json.path("numFeatures").asInt();
    int classes = json.path("numClasses").asInt();
    String impurity = param(json, "impurity", stage);
    SortedMap<Integer, String> treesMetadata = StageData.read(fs, stage, "treesMetadata").treesMetadata();
    SortedMap<Integer, DecisionTreeModelReadWrite.NodeData[]> nodes = StageData.read(fs, stage).forestNodes();
    if (!treesMetadata.keySet().equals(nodes.keySet()) || treesMetadata.size() != json.path("numTrees").asInt()) {
      throw new IllegalStateException("the forest in " + stage + " says " + json.path("numTrees").asInt()
          + " trees but saved metadata for " + treesMetadata.size() + " and nodes for " + nodes.size());
    }
    List<DecisionTreeClassificationModel> trees = new ArrayList<>();
    for (Map.Entry<Integer, String> tree : treesMetadata.entrySet()) {
      DefaultParamsReader.Metadata treeMetadata = DefaultParamsReader.parseMetadata(tree.getValue(),
          DecisionTreeClassificationModel.class.getName());
      Node root = DecisionTreeModelReadWrite$.MODULE$.buildTreeFromNodes(nodes.get(tree.getKey()), impurity);
      DecisionTreeClassificationModel model = new DecisionTreeClassificationModel(treeMetadata.uid(), root,
          features, classes);
      treeMetadata.getAndSetParams(model, Option.empty());
      trees.add(model);
    }
    return new RandomForestClassificationModel(metadata.uid(),
        trees.toArray(DecisionTreeClassificationModel[]::new), features, classes);
  }

  /** A stage saved as parameters alone, built as Spark's default reader builds it: by its uid constructor. */
  private static Params paramsOnly(DefaultParamsReader.Metadata metadata, Path stage) {
    try {
      return (Params) Class.forName(metadata.className()).getConstructor(String.class).newInstance(metadata.uid());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot build stage " + metadata.className() + " of " + stage + ": " + e, e);
    }
  }

  /** A parameter's saved value, set by the user or else its default, as text. */
  private static String param(JsonNode metadata, String name, Path stage) {
    JsonNode value = metadata.path("paramMap").path(name);
    if (value.isMissingNode()) {
      value = metadata.path("defaultParamMap").path(name);
    }
    if (!value.isTextual()) {
      throw new IllegalStateException("the metadata of " + stage + " has no " + name + " parameter");
    }
    return value.asText();
  }

  /** The one line of {@code <folder>/metadata/part-*}, where Spark saves a stage's class, uid and parameters. */
  private static String metadata(FileSystem fs, Path folder) {
    Path dir = new Path(folder, "metadata");
    try {
      FileStatus[] parts = fs.listStatus(dir, p -> p.getName().startsWith("part-"));
      if (parts.length != 1) {
        throw new IllegalStateException("expected one metadata file in " + dir + ", found " + parts.length);
      }
      try (InputStream in = fs.open(parts[0].getPath())) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the model metadata in " + dir + ": " + e.getMessage(), e);
    }
  }

  private static List<String> stageUids(String metadata, Path model) {
    JsonNode uids = json(metadata, model).path("paramMap").path("stageUids");
    if (!uids.isArray()) {
      throw new IllegalStateException("the metadata of " + model + " lists no stageUids");
    }
    List<String> list = new ArrayList<>();
    uids.forEach(u -> list.add(u.asText()));
    return list;
  }

  private static JsonNode json(String metadata, Path folder) {
    try {
      return JSON.readTree(metadata);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot parse the metadata of " + folder + ": " + e.getMessage(), e);
    }
  }
}
