package dev.weblog.spark;

import dev.weblog.embedded.EmbeddedHdfs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;

/** One HDFS and one Spark session for every test class of the JVM: each takes seconds to start. */
public final class SharedCluster {

  private static final AtomicInteger BASES = new AtomicInteger();
  private static EmbeddedHdfs hdfs;
  private static SparkSession spark;
  private static Path dir;

  private SharedCluster() {}

  public static synchronized EmbeddedHdfs hdfs() {
    if (hdfs == null) {
      try {
        dir = Files.createTempDirectory("spark-apps-test");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      hdfs = EmbeddedHdfs.start(dir.resolve("hdfs"));
      Runtime.getRuntime().addShutdownHook(new Thread(SharedCluster::shutdown, "shared-cluster-shutdown"));
    }
    return hdfs;
  }

  public static synchronized SparkSession spark() {
    hdfs();
    if (spark == null) {
      spark = OneMachineSession.builder("spark-apps-tests", "local[2]")
          .config("spark.ui.enabled", "false")
          .config("spark.sql.shuffle.partitions", "4")
          .getOrCreate();
    }
    return spark;
  }

  public static String uri() {
    return hdfs().uri();
  }

  public static FileSystem fs() {
    return hdfs().fileSystem();
  }

  /** A base folder no other test uses, so tests never see each other's data. */
  public static String freshBase(String name) {
    return "/tests/" + name + "-" + BASES.incrementAndGet();
  }

  public static void write(String hdfsPath, String content) {
    write(hdfsPath, content.getBytes(StandardCharsets.UTF_8));
  }

  public static void write(String hdfsPath, byte[] content) {
    try (FSDataOutputStream out = fs().create(new org.apache.hadoop.fs.Path(hdfsPath), true)) {
      out.write(content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String read(String hdfsPath) {
    try (java.io.InputStream in = fs().open(new org.apache.hadoop.fs.Path(hdfsPath))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void upload(Path local, String hdfsPath) {
    try {
      fs().copyFromLocalFile(new org.apache.hadoop.fs.Path(local.toAbsolutePath().toString()),
          new org.apache.hadoop.fs.Path(hdfsPath));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static boolean exists(String hdfsPath) {
    try {
      return fs().exists(new org.apache.hadoop.fs.Path(hdfsPath));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String[] args(String base, String... more) {
    String[] all = new String[4 + more.length];
    all[0] = "--hdfs";
    all[1] = uri();
    all[2] = "--base";
    all[3] = base;
    System.arraycopy(more, 0, all, 4, more.length);
    return all;
  }

  /** Runs a job's command line and keeps what it printed. */
  public static Outcome capture(IntSupplier job) {
    PrintStream originalOut = System.out;
    PrintStream originalErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int code = job.getAsInt();
      return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(originalOut);
      System.setErr(originalErr);
      System.out.print(out.toString(StandardCharsets.UTF_8));
      System.err.print(err.toString(StandardCharsets.UTF_8));
    }
  }

  public record Outcome(int exitCode, String stdout, String stderr) {}

  private static void shutdown() {
    if (spark != null) {
      spark.stop();
    }
    if (hdfs != null) {
      hdfs.close();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("could not remove " + dir + ": " + e.getMessage());
    }
  }
}
