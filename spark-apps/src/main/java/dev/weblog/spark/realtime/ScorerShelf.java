package dev.weblog.spark.realtime;

import dev.weblog.common.HdfsLayout;
import dev.weblog.common.Target;
import dev.weblog.spark.JobFailure;
import dev.weblog.spark.StagedDirectory;
import dev.weblog.spark.model.RecordScorer;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.OutputStream;
import java.util.Optional;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Compiled models on HDFS ({@link HdfsLayout#realtimeScorer}): the real-time job's driver loads a promoted
 * PipelineModel with its Spark session and writes the {@link RecordScorer} here; its executors, which have no
 * session, read it. A scorer is written under a hidden name and renamed, so a reader finds it whole or not at all.
 */
final class ScorerShelf {

  private final FileSystem fs;
  private final HdfsLayout layout;

  ScorerShelf(FileSystem fs, HdfsLayout layout) {
    this.fs = fs;
    this.layout = layout;
  }

  Path path(Target target, int version) {
    return fs.makeQualified(new Path(layout.realtimeScorer(target, version)));
  }

  /** Writes the scorer unless its version is already there (a restarted driver finds its earlier ones). */
  void put(RecordScorer scorer) {
    Path file = path(scorer.target(), scorer.version());
    Path hidden = new Path(file.getParent(), "." + file.getName() + "-" + UUID.randomUUID());
    try {
      if (fs.exists(file)) {
        return;
      }
      fs.mkdirs(file.getParent());
      try (OutputStream out = fs.create(hidden, false); ObjectOutputStream objects = new ObjectOutputStream(out)) {
        objects.writeObject(scorer);
      }
      if (!fs.rename(hidden, file) && !fs.exists(file)) {
        throw new IOException("rename of " + hidden + " refused");
      }
    } catch (IOException e) {
      throw JobFailure.unavailable("cannot write the compiled model " + file + ": " + StagedDirectory.oneLine(e), e);
    } finally {
      deleteQuietly(hidden);
    }
  }

  /** The scorer of a version; empty while the driver has not written it yet. */
  Optional<RecordScorer> get(Target target, int version) {
    Path file = path(target, version);
    try (InputStream in = fs.open(file); ObjectInputStream objects = new AppObjectInput(in)) {
      return Optional.of((RecordScorer) objects.readObject());
    } catch (FileNotFoundException e) {
      return Optional.empty();
    } catch (IOException | ClassNotFoundException | ClassCastException e) {
      throw new JobFailure("cannot read the compiled model " + file + " (written by another release? delete it "
          + "and the driver writes it again): " + StagedDirectory.oneLine(e), e);
    }
  }

  private void deleteQuietly(Path hidden) {
    try {
      fs.delete(hidden, false);
    } catch (IOException ignored) {
      // A hidden leftover only; readers never look at hidden names.
    }
  }

  /** Resolves classes as the task does: on an executor the application's jar is on the context class loader. */
  private static final class AppObjectInput extends ObjectInputStream {
    AppObjectInput(InputStream in) throws IOException {
      super(in);
    }

    @Override
    protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      try {
        return Class.forName(desc.getName(), false, loader == null ? getClass().getClassLoader() : loader);
      } catch (ClassNotFoundException e) {
        return super.resolveClass(desc);
      }
    }
  }
}
