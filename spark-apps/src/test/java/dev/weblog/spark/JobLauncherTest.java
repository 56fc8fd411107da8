package dev.weblog.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weblog.common.JobContract;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.util.function.ToIntFunction;
import org.apache.hadoop.ipc.RemoteException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;

/**
 * Every outcome of a job body becomes an exit code, whatever it throws: seen on a cluster, a SafeModeException
 * Spark rethrew unchecked from a query's start escaped main, and the driver pod ran on, doing nothing.
 */
class JobLauncherTest {

  @Command(name = "job")
  static final class NoOptions {}

  @Test
  void hdfsInSafeModeThrownAsACheckedExceptionIsUnavailableInOneLine() {
    Outcome o = launch(x -> sneaky(new RemoteException(ServiceUnavailable.SAFE_MODE,
        "Cannot create directory /user/data/checkpoints/predict. Name node is in safe mode.\nThe reported blocks "
            + "264 has reached the threshold")));
    assertEquals(JobContract.EXIT_UNAVAILABLE, o.code());
    assertEquals("Job: unavailable: HDFS is in safe mode (its NameNode has just started and waits for the "
        + "DataNodes' reports): Cannot create directory /user/data/checkpoints/predict. Name node is in safe mode.",
        o.stderr().strip());
  }

  @Test
  void aRefusedConnectionDeepInTheCausesIsUnavailable() {
    Outcome o = launch(x -> {
      throw new IllegalStateException("query failed", new IOException("write failed",
          new ConnectException("Connection refused")));
    });
    assertEquals(JobContract.EXIT_UNAVAILABLE, o.code());
    assertTrue(o.stderr().contains("connection refused or unroutable: Connection refused"), o.stderr());
  }

  /** The storage's state is retried; what a person must fix is not. */
  @Test
  void storageFailuresInAJobFailureAreUnavailableUnlessAPersonMustFixThem() {
    Outcome dataNodeAway = launch(x -> {
      throw new JobFailure("micro-batch commit: cannot write hdfs://nn:8020/stream/_staging/part-0.parquet",
          new IOException("Unable to close file because the last block does not have enough number of replicas."));
    });
    assertEquals(JobContract.EXIT_UNAVAILABLE, dataNodeAway.code());
    Outcome denied = launch(x -> {
      throw new JobFailure("cannot write models under /models", new RemoteException(
          "org.apache.hadoop.security.AccessControlException", "Permission denied: user=spark, access=WRITE"));
    });
    assertEquals(JobContract.EXIT_USAGE, denied.code());
    Outcome missing = launch(x -> {
      throw new JobFailure("input path not found: /raw", new java.io.FileNotFoundException("/raw"));
    });
    assertEquals(JobContract.EXIT_USAGE, missing.code());
  }

  @Test
  void otherCheckedExceptionsAndErrorsStillGiveAnExitCode() {
    Outcome checked = launch(x -> sneaky(new IOException("disk quota exceeded")));
    assertEquals(1, checked.code());
    assertTrue(checked.stderr().contains("Job: failed: java.io.IOException: disk quota exceeded"), checked.stderr());
    Outcome error = launch(x -> {
      throw new StackOverflowError("deep");
    });
    assertEquals(1, error.code());
    assertTrue(error.stderr().contains("Job: failed: java.lang.StackOverflowError: deep"), error.stderr());
  }

  private record Outcome(int code, String stderr) {}

  private static Outcome launch(ToIntFunction<NoOptions> body) {
    PrintStream original = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int code = JobLauncher.launch("Job", new NoOptions(), new String[0], body);
      return new Outcome(code, err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(original);
    }
  }

  /** Throws a checked exception where the compiler does not see one, as Scala code does. */
  @SuppressWarnings("unchecked")
  private static <E extends Throwable> int sneaky(Throwable e) throws E {
    throw (E) e;
  }
}
