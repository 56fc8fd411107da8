package dev.weblog.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A process's resident memory as Linux reports it in {@code /proc/<pid>/status}: VmHWM (the high-water mark of
 * the resident set) and VmRSS (the resident set now), both in kB.
 */
record ProcStatus(long vmHwmKb, long vmRssKb) {

  static final Path PROC = Path.of("/proc");

  /** The higher of the two: VmHWM already is the peak, VmRSS covers a kernel that leaves VmHWM out. */
  long peakKb() {
    return Math.max(vmHwmKb, vmRssKb);
  }

  /** Parses a status file's text; empty when it has neither line (a process that already exited, a kernel thread). */
  static Optional<ProcStatus> parse(String status) {
    long hwm = -1;
    long rss = -1;
    for (String line : status.split("\n")) {
      if (line.startsWith("VmHWM:")) {
        hwm = kilobytes(line);
      } else if (line.startsWith("VmRSS:")) {
        rss = kilobytes(line);
      }
    }
    return hwm < 0 && rss < 0 ? Optional.empty() : Optional.of(new ProcStatus(Math.max(hwm, 0), Math.max(rss, 0)));
  }

  /** Reads the status of a running process; empty once it has exited. */
  static Optional<ProcStatus> read(long pid) {
    try {
      return parse(Files.readString(PROC.resolve(Long.toString(pid)).resolve("status")));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      // A process that exits while its status is read answers with an I/O error (ESRCH): it is gone.
      return Optional.empty();
    }
  }

  /** Fails with one line where /proc cannot tell a process's memory (any system but Linux). */
  static void requireProc(String who) {
    if (!Files.isReadable(PROC.resolve("self").resolve("status"))) {
      throw new BenchFailure(who + " reads peak resident memory from /proc/<pid>/status, which only Linux has; "
          + "/proc/self/status is not readable here (" + System.getProperty("os.name") + ")");
    }
  }

  /** "VmHWM:    123456 kB" to 123456. */
  private static long kilobytes(String line) {
    String digits = line.substring(line.indexOf(':') + 1).replace("kB", "").strip();
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      throw new BenchFailure("cannot read the kB in /proc status line '" + line + "'", e);
    }
  }
}
