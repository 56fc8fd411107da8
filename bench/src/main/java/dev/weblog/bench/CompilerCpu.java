package dev.weblog.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How much of this JVM's CPU time its JIT compiler threads took, from Linux's {@code /proc/self}: the JVM has no
 * API for its compiler threads' CPU. A drain shares the process with the JIT still compiling the code it runs, and
 * the project runs far more code than the floor (Spark, Parquet, Kafka's source), so the share tells how much of a
 * run's CPU went to compiling rather than to records.
 *
 * @param compilerTicks CPU time (user + system, in clock ticks) of the live threads named as compiler threads
 * @param processTicks CPU time of the whole process, exited threads included, in the same ticks
 */
record CompilerCpu(long compilerTicks, long processTicks) {

  private static final Path SELF = ProcStatus.PROC.resolve("self");

  /** Now; empty where {@code /proc/self} is not readable (any system but Linux). */
  static Optional<CompilerCpu> now() {
    try {
      long compiler = 0;
      try (DirectoryStream<Path> threads = Files.newDirectoryStream(SELF.resolve("task"))) {
        for (Path thread : threads) {
          compiler += compilerTicks(thread);
        }
      }
      return Optional.of(new CompilerCpu(compiler, cpuTicks(Files.readString(SELF.resolve("stat")))));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The compiler's share of the process's CPU between {@code earlier} and this, in percent. */
  double percentSince(CompilerCpu earlier) {
    long process = processTicks - earlier.processTicks;
    return process <= 0 ? 0 : 100.0 * Math.max(0, compilerTicks - earlier.compilerTicks) / process;
  }

  /** HotSpot names its compiler threads "C1 CompilerThread0", "C2 CompilerThread1" (Linux cuts names at 15). */
  static boolean compilerThread(String name) {
    return name.matches("C[12] CompilerThre.*");
  }

  /**
   * utime + stime of a {@code stat} line: fields 14 and 15, counted after the command in parentheses, which may
   * itself hold spaces and parentheses.
   */
  static long cpuTicks(String stat) {
    String[] after = stat.substring(stat.lastIndexOf(')') + 2).strip().split(" ");
    return Long.parseLong(after[11]) + Long.parseLong(after[12]);
  }

  private static long compilerTicks(Path thread) {
    try {
      return compilerThread(Files.readString(thread.resolve("comm")).strip())
          ? cpuTicks(Files.readString(thread.resolve("stat"))) : 0;
    } catch (IOException e) {
      return 0; // the thread ended while listed
    }
  }
}
