package dev.weblog.local;

import dev.weblog.common.generator.GenerateCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code weblog}: the command line of the embedded pipeline. */
@Command(name = "weblog", mixinStandardHelpOptions = true,
    description = "Web-log ML pipeline on one machine: real HDFS, Kafka and Spark, in-process.",
    subcommands = {GenerateCommand.class})
public final class WeblogCli implements Runnable {

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new WeblogCli()).execute(args));
  }
}
