package dev.weblog.bench;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.tools.ProducerPerformance;

/**
 * Kafka's own ProducerPerformance in this JVM: what it prints is captured (it would break the table), its calls
 * to {@code Exit} become exceptions (they would end the benchmark), and its closing line is parsed.
 */
final class KafkaProducerPerformance {

  /**
   * The closing line, e.g. "500000 records sent, 701262.272090 records/sec (98.76 MB/sec), 12.34 ms avg latency,
   * ... ms 99.9th." Only it names the percentiles; the lines every 5 s do not. Printed with the default locale's
   * decimal separator and no grouping, so a comma is a decimal separator.
   */
  private static final Pattern TOTAL = Pattern.compile(
      "(?m)^(\\d+) records sent, ([0-9.,]+) records/sec \\(([0-9.,]+) MB/sec\\).*99\\.9th\\.\\s*$");

  /** What ProducerPerformance measured: records acknowledged, over its own clock from first send to close. */
  record Result(long records, double recordsPerSecond, double mbPerSecond) {}

  private KafkaProducerPerformance() {}

  static Result run(List<String> args) {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream console = System.out;
    Exit.setExitProcedure((code, message) -> {
      throw new BenchFailure("ProducerPerformance wanted to exit with code " + code + (message == null ? "" : ": "
          + message) + "; its arguments: " + String.join(" ", args));
    });
    Exit.setHaltProcedure((code, message) -> {
      throw new BenchFailure("ProducerPerformance wanted to halt with code " + code + (message == null ? "" : ": "
          + message));
    });
    try {
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      ProducerPerformance.main(args.toArray(String[]::new));
    } catch (BenchFailure e) {
      throw e;
    } catch (Exception e) {
      throw new BenchFailure("ProducerPerformance failed: " + e + "; it printed: " + tail(captured), e);
    } finally {
      System.setOut(console);
      Exit.resetExitProcedure();
      Exit.resetHaltProcedure();
    }
    return parse(captured.toString(StandardCharsets.UTF_8));
  }

  /** The closing line's figures; the last one counts, should there be several. */
  static Result parse(String output) {
    Matcher m = TOTAL.matcher(output);
    Result last = null;
    while (m.find()) {
      last = new Result(Long.parseLong(m.group(1)), number(m.group(2)), number(m.group(3)));
    }
    if (last == null) {
      throw new BenchFailure("ProducerPerformance printed no closing \"N records sent, X records/sec (Y MB/sec), "
          + "... 99.9th.\" line; it printed: " + abbreviate(output));
    }
    return last;
  }

  private static double number(String text) {
    return Double.parseDouble(text.replace(',', '.'));
  }

  private static String tail(ByteArrayOutputStream captured) {
    return abbreviate(captured.toString(StandardCharsets.UTF_8));
  }

  private static String abbreviate(String text) {
    String flat = text.strip().replace('\n', ' ');
    return flat.isEmpty() ? "(nothing)" : flat.length() <= 400 ? flat
        : String.format(Locale.ROOT, "...%s", flat.substring(flat.length() - 400));
  }
}
