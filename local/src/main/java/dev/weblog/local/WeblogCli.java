package dev.weblog.local;

import dev.weblog.common.JobContract;
import dev.weblog.common.generator.GenerateCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code weblog}: the command line of the embedded pipeline. */
@Command(name = "weblog", mixinStandardHelpOptions = true,
    description = "Web-log ML pipeline on one machine: real HDFS, Kafka and Spark, in-process.",
    subcommands = {DemoCommand.class, GenerateCommand.class})
public final class WeblogCli implements Runnable {

  /** Logs go to weblog.log in the work folder; set before any logger exists. */
  private static void logInto(String[] args) {
    String work = "weblog-work";
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--work") && i + 1 < args.length) {
        work = args[i + 1];
      } else if (args[i].startsWith("--work=")) {
        work = args[i].substring("--work=".length());
      }
    }
    if (System.getProperty("weblog.log.file") == null) {
      System.setProperty("weblog.log.file", java.nio.file.Path.of(work, "weblog.log").toString());
    }
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  public static void main(String[] args) {
    logInto(args);
    CommandLine cli = new CommandLine(new WeblogCli());
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      // What a user can fix is one line; anything else keeps its stack trace for a bug report.
      if (e instanceof DemoInputException || e instanceof dev.weblog.spark.JobFailure) {
        cmd.getErr().println("weblog " + cmd.getCommandName() + ": " + e.getMessage());
        return JobContract.EXIT_USAGE;
      }
      cmd.getErr().println("weblog " + cmd.getCommandName() + " failed: " + e);
      e.printStackTrace(cmd.getErr());
      return 1;
    });
    System.exit(cli.execute(args));
  }
}
