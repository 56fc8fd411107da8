package dev.weblog.bench;

import java.lang.management.ManagementFactory;
import java.util.Optional;

/**
 * The bench process's CPU time over one run, from {@link #start} to {@link #stop}: every thread (the variant's, the
 * embedded Kafka's and HDFS's, the JIT's), so variants compare by what they cost the machine.
 */
final class RunCpu {

  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private final long startNanos;
  private final Optional<CompilerCpu> compilerAtStart;

  private RunCpu() {
    this.startNanos = OS.getProcessCpuTime();
    this.compilerAtStart = CompilerCpu.now();
  }

  static RunCpu start() {
    return new RunCpu();
  }

  /** What the run spent from its start until now. */
  Spent stop() {
    return new Spent(OS.getProcessCpuTime() - startNanos,
        compilerAtStart.flatMap(start -> CompilerCpu.now().map(end -> end.percentSince(start))));
  }

  /**
   * @param nanos the process's CPU nanoseconds over the run
   * @param compilerPercent the JIT compiler threads' share of them, where Linux tells it
   */
  record Spent(long nanos, Optional<Double> compilerPercent) {

    /** {@code m} with the CPU per record and, where known, the JIT compiler's share. */
    Measurement addTo(Measurement m, long records) {
      Measurement with = m.with(Figure.CPU_US_PER_RECORD, nanos / 1e3 / records);
      return compilerPercent.map(p -> with.with(Figure.JIT_CPU_PERCENT, p)).orElse(with);
    }
  }
}
