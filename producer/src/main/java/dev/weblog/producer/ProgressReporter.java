package dev.weblog.producer;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/** Prints how far the replay is, once a second, from a thread of its own so sending never waits for it. */
public final class ProgressReporter implements AutoCloseable {

  /** OFF for programs and logs, IN_PLACE rewrites one terminal line, LINES prints one line per report. */
  public enum Mode {
    OFF, IN_PLACE, LINES
  }

  private static final long INTERVAL_MILLIS = 1000;

  private final Mode mode;
  private final PrintStream out;
  private final LongSupplier read;
  private final DeliveryTracker tracker;
  private final ScheduledExecutorService timer;
  private final long startNanos = System.nanoTime();
  private long lastSent;
  private long lastNanos = startNanos;
  private int lastWidth;

  private ProgressReporter(Mode mode, PrintStream out, LongSupplier read, DeliveryTracker tracker) {
    this.mode = mode;
    this.out = out;
    this.read = read;
    this.tracker = tracker;
    if (mode == Mode.OFF) {
      timer = null;
      return;
    }
    timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "replay-progress");
      t.setDaemon(true);
      return t;
    });
    timer.scheduleAtFixedRate(this::report, INTERVAL_MILLIS, INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
  }

  static ProgressReporter start(Mode mode, PrintStream out, LongSupplier read, DeliveryTracker tracker) {
    return new ProgressReporter(mode, out, read, tracker);
  }

  private synchronized void report() {
    long now = System.nanoTime();
    long sent = tracker.sent();
    double rate = (sent - lastSent) / Math.max(1e-9, (now - lastNanos) / 1e9);
    lastSent = sent;
    lastNanos = now;
    String line = String.format(Locale.ROOT, "%6.0f s  sent %,d lines  %,.0f lines/s  %,d failed  %,d waiting",
        (now - startNanos) / 1e9, sent, rate, tracker.failed(),
        Math.max(0, read.getAsLong() - sent - tracker.failed()));
    if (mode == Mode.IN_PLACE) {
      out.print("\r" + line + " ".repeat(Math.max(0, lastWidth - line.length())));
      lastWidth = line.length();
    } else {
      out.println(line);
    }
    out.flush();
  }

  @Override
  public synchronized void close() {
    if (timer == null) {
      return;
    }
    timer.shutdownNow();
    if (mode == Mode.IN_PLACE && lastWidth > 0) {
      // Clears the progress line so the summary that follows starts on a clean line.
      out.print("\r" + " ".repeat(lastWidth) + "\r");
      out.flush();
    }
  }
}
