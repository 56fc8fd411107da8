package dev.weblog.spark;

import dev.weblog.common.JobContract;
import dev.weblog.common.KafkaClientSecurity;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.function.ToIntFunction;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;

/** Parses a job's options, runs it, and turns every outcome into one line and an exit code. */
public final class JobLauncher {

  private JobLauncher() {}

  /**
   * Usage errors and {@link JobFailure}s exit with one line on stderr and {@link JobContract#EXIT_USAGE} (or the
   * failure's own code, {@link JobContract#EXIT_UNAVAILABLE}); a failure caused by a service being away
   * ({@link ServiceUnavailable}) with one line and {@link JobContract#EXIT_UNAVAILABLE}; everything else, checked
   * exceptions and errors included, with 1 and its stack trace: an exit code is always returned.
   */
  public static <O> int launch(String job, O options, String[] args, ToIntFunction<O> body) {
    CommandLine cli = new CommandLine(options).setCaseInsensitiveEnumValuesAllowed(true);
    PrintWriter err = new PrintWriter(System.err, true);
    try {
      CommandLine.ParseResult parsed = cli.parseArgs(args);
      if (parsed.isUsageHelpRequested()) {
        cli.usage(System.out);
        return 0;
      }
    } catch (CommandLine.ParameterException e) {
      // A parser error may quote the command line back: secret-looking KEY=VALUE arguments are masked.
      err.println(job + ": error: " + KafkaClientSecurity.maskArgs(e.getMessage(), args));
      err.println(job + ": run with --help for the options");
      return JobContract.EXIT_USAGE;
    }
    try {
      return body.applyAsInt(options);
    } catch (JobFailure e) {
      String message = KafkaClientSecurity.maskArgs(e.getMessage(), args);
      err.println(job + ": error: " + message);
      TerminationMessage.write(job + ": " + message);
      return e.exitCode();
    } catch (Exception e) {
      // Spark rethrows Hadoop's checked exceptions unchecked: caught here too, or main would never reach its
      // System.exit and the JVM would stay up on Spark's threads, a driver that runs and does nothing.
      Optional<String> away = ServiceUnavailable.of(e);
      if (away.isPresent()) {
        err.println(job + ": unavailable: " + away.get());
        TerminationMessage.write(job + ": unavailable: " + away.get());
        return JobContract.EXIT_UNAVAILABLE;
      }
      err.println(job + ": failed: " + e);
      TerminationMessage.write(job + " failed: " + e);
      e.printStackTrace(err);
      return 1;
    } catch (Error e) {
      err.println(job + ": failed: " + e);
      TerminationMessage.write(job + " failed: " + e);
      e.printStackTrace(err);
      return 1;
    }
  }

  /** Parses arguments into options for an in-process caller (the local runner, tests). */
  public static <O> O parse(O options, String... args) {
    try {
      new CommandLine(options).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args);
      return options;
    } catch (CommandLine.ParameterException e) {
      throw new JobFailure(e.getMessage(), e);
    }
  }

  /** The session of a job started from {@code main}: spark-submit sets the master; a plain JVM runs local[*]. */
  public static SparkSession session(String appName) {
    SparkSession.Builder builder = SparkSession.builder().appName(appName);
    if (!new SparkConf().contains("spark.master")) {
      builder.master("local[*]");
    }
    return builder.getOrCreate();
  }

  public static void stopActiveSession() {
    if (SparkSession.getActiveSession().isDefined()) {
      SparkSession.getActiveSession().get().stop();
    }
  }
}
