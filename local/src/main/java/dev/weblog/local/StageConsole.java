package dev.weblog.local;

import java.io.PrintStream;
import java.util.Locale;

/**
 * One line per stage, with a progress bar while a long stage runs. On a terminal the bar redraws in place; in
 * a log (CI, a pipe) it prints a line at each tenth instead, so logs stay short.
 */
final class StageConsole {

  private static final int BAR_WIDTH = 30;

  private final PrintStream out;
  private final boolean terminal;
  private final int stages;
  private int stage;
  private String current;
  private long startNanos;
  private int lastTenth;

  StageConsole(PrintStream out, boolean terminal, int stages) {
    this.out = out;
    this.terminal = terminal;
    this.stages = stages;
  }

  boolean terminal() {
    return terminal;
  }

  synchronized void begin(String name) {
    stage++;
    current = name;
    startNanos = System.nanoTime();
    lastTenth = -1;
    if (!terminal) {
      out.printf(Locale.ROOT, "[%d/%d] %s ...%n", stage, stages, name);
    }
  }

  /** A counter with a known total; total 0 shows just the count. */
  synchronized void progress(long done, long total, String unit) {
    if (terminal) {
      out.print("\r" + line(done, total, unit));
      out.flush();
      return;
    }
    int tenth = total > 0 ? (int) Math.min(10, done * 10 / total) : -1;
    if (tenth > lastTenth) {
      lastTenth = tenth;
      out.println("      " + line(done, total, unit).strip());
    }
  }

  synchronized void end(String summary) {
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    String text = String.format(Locale.ROOT, "[%d/%d] %-28s %s (%.1f s)", stage, stages, current, summary, seconds);
    out.println(terminal ? "\r" + text + " ".repeat(20) : text);
  }

  synchronized void info(String message) {
    out.println("      " + message);
  }

  private String line(long done, long total, String unit) {
    String prefix = String.format(Locale.ROOT, "[%d/%d] %-28s ", stage, stages, current);
    if (total <= 0) {
      return prefix + String.format(Locale.ROOT, "%,d %s", done, unit);
    }
    double share = Math.min(1, done / (double) total);
    int filled = (int) Math.round(share * BAR_WIDTH);
    return prefix + "[" + "#".repeat(filled) + ".".repeat(BAR_WIDTH - filled) + "] "
        + String.format(Locale.ROOT, "%,d / %,d %s (%3.0f%%)", done, total, unit, share * 100);
  }
}
