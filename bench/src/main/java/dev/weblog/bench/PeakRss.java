package dev.weblog.bench;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Follows a child process's resident memory until it exits, and keeps the peak. */
final class PeakRss {

  static final Duration EVERY = Duration.ofMillis(250);

  /** What a child did: its exit code, the highest resident memory seen (kB) and how long it ran. */
  record Outcome(int exitCode, long peakKb, double seconds) {}

  private PeakRss() {}

  /**
   * Samples {@code /proc/<pid>/status} every {@code every} until the process exits or the deadline passes, when it
   * is killed. VmHWM is the kernel's own high-water mark, so a peak between two samples is not missed, only growth
   * in the last interval before the exit.
   */
  static Outcome follow(Process process, String what, Duration every, Duration deadline)
      throws InterruptedException {
    long started = System.nanoTime();
    long end = started + deadline.toNanos();
    long peak = 0;
    while (true) {
      peak = Math.max(peak, ProcStatus.read(process.pid()).map(ProcStatus::peakKb).orElse(0L));
      if (process.waitFor(every.toMillis(), TimeUnit.MILLISECONDS)) {
        break;
      }
      if (System.nanoTime() > end) {
        process.destroyForcibly().waitFor();
        throw new BenchFailure(what + " (pid " + process.pid() + ") ran longer than " + deadline.toMinutes()
            + " min and was killed");
      }
    }
    return new Outcome(process.exitValue(), peak, (System.nanoTime() - started) / 1e9);
  }
}
