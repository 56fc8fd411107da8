package dev.weblog.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weblog.common.JobContract;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The command's answers to mistakes, none of which needs a broker. */
@Timeout(60)
class ReplayCommandTest {

  @TempDir
  Path tmp;

  record Result(int exit, String out, String err) {}

  private static Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = ReplayCommand.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static void assertOneLineError(Result r, int exit, String expected) {
    assertEquals(exit, r.exit(), r.toString());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().contains(expected), r.err());
    assertEquals("", r.out());
  }

  private static int closedPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void aMissingFileIsAOneLineUsageErrorNamingIt() {
    Path missing = tmp.resolve("missing.csv");
    assertOneLineError(run("--file", missing.toString()), JobContract.EXIT_USAGE,
        "input file " + missing + " does not exist");
  }

  @Test
  void aFolderGivenAsFileIsAUsageError() {
    assertOneLineError(run("--file", tmp.toString()), JobContract.EXIT_USAGE, tmp + " is a directory");
  }

  @Test
  void anUnreachableBrokerFailsWithinTheConnectTimeoutNamingIt() throws Exception {
    String servers = "localhost:" + closedPort();
    Result r = run("--generate", "10", "--bootstrap-servers", servers, "--connect-timeout", "2s");
    assertOneLineError(r, ReplayException.EXIT_FAILURE, "cannot reach Kafka at " + servers + " within 2 s");
  }

  @Test
  void aMalformedBootstrapAddressIsAUsageError() {
    assertOneLineError(run("--generate", "10", "--bootstrap-servers", "no-port-here"), JobContract.EXIT_USAGE,
        "cannot use Kafka at 'no-port-here'");
  }

  @Test
  void anUnresolvableHostIsAUsageErrorNamingIt() {
    assertOneLineError(run("--generate", "10", "--bootstrap-servers", "no-such-host.invalid:9092"),
        JobContract.EXIT_USAGE, "cannot resolve the host of any Kafka bootstrap server in 'no-such-host.invalid:9092'");
  }

  @Test
  void aBadRateIsRefusedNamingTheOptionAndValue() {
    Result r = run("--generate", "10", "--rate", "5/x");
    assertOneLineError(r, JobContract.EXIT_USAGE, "--rate");
    assertTrue(r.err().contains("'5/x'"), r.err());
  }

  @Test
  void aSourceIsRequiredAndOnlyOne() {
    assertOneLineError(run(), JobContract.EXIT_USAGE, "--file");
    assertOneLineError(run("--file", "a.csv", "--generate", "3"), JobContract.EXIT_USAGE, "mutually exclusive");
  }

  @Test
  void badNumbersAreUsageErrors() {
    assertOneLineError(run("--generate", "3", "--partitions", "0"), JobContract.EXIT_USAGE,
        "--partitions must be at least 1");
    assertOneLineError(run("--generate", "-3"), JobContract.EXIT_USAGE, "0 or more");
  }

  @Test
  void helpListsTheOptions() {
    Result r = run("--help");
    assertEquals(0, r.exit());
    for (String option : new String[] {JobContract.OPT_BOOTSTRAP, JobContract.OPT_TOPIC, JobContract.OPT_FILE,
        "--generate", JobContract.OPT_RATE, "5/5s", JobContract.OPT_PARTITIONS, "--limit", "--connect-timeout",
        "progress", "--summary-json", "130"}) {
      assertTrue(r.out().contains(option), option + " in\n" + r.out());
    }
  }
}
