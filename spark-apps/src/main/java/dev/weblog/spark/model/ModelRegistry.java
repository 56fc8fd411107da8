package dev.weblog.spark.model;

import dev.weblog.common.HdfsLayout;
import dev.weblog.common.Target;
import dev.weblog.common.monitor.ProfileJson;
import dev.weblog.common.monitor.TrainingProfile;
import dev.weblog.spark.JobFailure;
import dev.weblog.spark.StagedDirectory;
import dev.weblog.spark.StorageOptions;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.SparkSession;

/**
 * The model versions of each target under {@code models/<target>/}: {@code v<N>/} folders (a PipelineModel, its
 * {@code metrics.json} and {@code profile.json}) and the {@code CURRENT} pointer, a small file naming the promoted
 * version. The pointer is replaced by an atomic rename, so a reader sees the old version or the new one.
 */
public final class ModelRegistry {

  private final FileSystem fs;
  private final HdfsLayout layout;

  public ModelRegistry(FileSystem fs, HdfsLayout layout) {
    this.fs = fs;
    this.layout = layout;
  }

  /** The registry of a job's {@code --hdfs} and {@code --base}. */
  public static ModelRegistry of(SparkSession spark, StorageOptions storage) {
    return new ModelRegistry(storage.fileSystem(spark), storage.layout());
  }

  public HdfsLayout layout() {
    return layout;
  }

  public Path versionPath(Target target, int version) {
    return StorageOptions.qualified(fs, layout.modelVersion(target, version));
  }

  public Path currentPointer(Target target) {
    return StorageOptions.qualified(fs, layout.current(target));
  }

  /** Published versions, oldest first. */
  public List<Integer> versions(Target target) {
    Path folder = StorageOptions.qualified(fs, layout.models(target));
    List<Integer> versions = new ArrayList<>();
    try {
      for (FileStatus s : fs.listStatus(folder)) {
        int v = HdfsLayout.parseVersion(s.getPath().getName());
        if (s.isDirectory() && v > 0) {
          versions.add(v);
        }
      }
    } catch (FileNotFoundException e) {
      return List.of();
    } catch (IOException e) {
      throw new JobFailure("cannot list model versions in " + folder + ": " + StagedDirectory.oneLine(e), e);
    }
    Collections.sort(versions);
    return versions;
  }

  public int nextVersion(Target target) {
    List<Integer> versions = versions(target);
    return versions.isEmpty() ? 1 : versions.get(versions.size() - 1) + 1;
  }

  /** The promoted version, empty when none has been promoted yet. */
  public OptionalInt current(Target target) {
    Path pointer = currentPointer(target);
    String content;
    try (InputStream in = fs.open(pointer)) {
      content = new String(in.readNBytes(64), StandardCharsets.UTF_8).trim();
    } catch (FileNotFoundException e) {
      return OptionalInt.empty();
    } catch (IOException e) {
      throw new JobFailure("cannot read " + pointer + ": " + StagedDirectory.oneLine(e), e);
    }
    int version = HdfsLayout.parseVersion(content);
    if (version < 1) {
      throw new JobFailure(pointer + " holds '" + content + "', not a version name such as v3");
    }
    return OptionalInt.of(version);
  }

  /** A version's metrics; empty when its {@code metrics.json} is missing or unreadable. */
  public Optional<ModelMetrics> metrics(Target target, int version) {
    Path file = StorageOptions.qualified(fs, layout.metrics(target, version));
    try (InputStream in = fs.open(file)) {
      return Optional.of(ModelMetrics.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * What the version was trained on ({@code profile.json}); empty when the version has none (trained before
   * profiles were written). A file that is there but unreadable is an error, named.
   */
  public Optional<TrainingProfile> profile(Target target, int version) {
    Path file = StorageOptions.qualified(fs, layout.profile(target, version));
    String json;
    try {
      if (!fs.exists(file)) {
        return Optional.empty();
      }
      try (InputStream in = fs.open(file)) {
        json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new JobFailure("cannot read " + file + ": " + StagedDirectory.oneLine(e), e);
    }
    try {
      return Optional.of(ProfileJson.read(json, file.toString()));
    } catch (IllegalArgumentException e) {
      throw new JobFailure(e.getMessage(), e);
    }
  }

  /** A version's PipelineModel, as {@code PipelineModel.load} reads it (see {@link PipelineModelLoad}). */
  public PipelineModel load(Target target, int version) {
    return PipelineModelLoad.load(SparkSession.active(), fs, versionPath(target, version));
  }

  /** A model and the version it was loaded from. */
  public record LoadedModel(Target target, int version, PipelineModel model) {}

  /** The promoted model, empty when none is promoted yet: what the streaming job applies. */
  public Optional<LoadedModel> loadCurrent(Target target) {
    OptionalInt current = current(target);
    if (current.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new LoadedModel(target, current.getAsInt(), load(target, current.getAsInt())));
  }

  /** A hidden folder under the target's models, for a model to be written before it gets a version. */
  public Path newStaging(Target target) {
    Path folder = StorageOptions.qualified(fs, layout.models(target));
    try {
      if (!fs.mkdirs(folder)) {
        throw new JobFailure("cannot write models under " + folder + ": mkdirs refused");
      }
    } catch (IOException e) {
      throw new JobFailure("cannot write models under " + folder + ": " + StagedDirectory.oneLine(e), e);
    }
    return new Path(folder, ".staging-" + UUID.randomUUID());
  }

  public void writeMetrics(Path modelFolder, ModelMetrics metrics) {
    write(new Path(modelFolder, HdfsLayout.METRICS_FILE), metrics.toJson());
  }

  /** What the version was trained on, beside its metrics: the reference the stream's drift monitoring uses. */
  public void writeProfile(Path modelFolder, TrainingProfile profile) {
    write(new Path(modelFolder, HdfsLayout.PROFILE_FILE), ProfileJson.write(profile));
  }

  private void write(Path file, String json) {
    try (OutputStream out = fs.create(file, false)) {
      out.write(json.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new JobFailure("cannot write " + file + ": " + StagedDirectory.oneLine(e), e);
    }
  }

  /** Moves a complete staging folder to {@code v<version>}; refuses to replace an existing version. */
  public void publish(Path staging, Target target, int version) {
    Path destination = versionPath(target, version);
    try {
      context().rename(staging, destination, Options.Rename.NONE);
    } catch (FileAlreadyExistsException e) {
      throw new JobFailure(destination + " appeared while this run trained (another TrainJob for "
          + target.id() + "?); this run's model is left in " + staging, e);
    } catch (IOException e) {
      throw new JobFailure("cannot move " + staging + " to " + destination + ": " + StagedDirectory.oneLine(e), e);
    }
  }

  /** Points CURRENT at a published version: write a new pointer, then rename it over the old one. */
  public void promote(Target target, int version) {
    Path versionFolder = versionPath(target, version);
    Path pointer = currentPointer(target);
    Path temporary = new Path(pointer.getParent(), "." + pointer.getName() + "-" + UUID.randomUUID());
    try {
      if (!fs.getFileStatus(versionFolder).isDirectory()) {
        throw new JobFailure("cannot promote " + versionFolder + ": it is not a model folder");
      }
      try (OutputStream out = fs.create(temporary, false)) {
        out.write((HdfsLayout.versionName(version) + "\n").getBytes(StandardCharsets.UTF_8));
      }
      context().rename(temporary, pointer, Options.Rename.OVERWRITE);
    } catch (FileNotFoundException e) {
      throw new JobFailure("cannot promote " + versionFolder + ": no such model version", e);
    } catch (IOException e) {
      throw new JobFailure("cannot update " + pointer + ": " + StagedDirectory.oneLine(e), e);
    } finally {
      try {
        fs.delete(temporary, false);
      } catch (IOException ignored) {
        // Only a leftover hidden file; the pointer itself is either old or new.
      }
    }
  }

  private FileContext context() throws IOException {
    return FileContext.getFileContext(fs.getUri(), fs.getConf());
  }
}
