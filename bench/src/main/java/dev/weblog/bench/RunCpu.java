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
  private long nanos = -1;
  private Optional<Double> compilerPercent = Optional.empty();

  private RunCpu() {
    this.startNanos = OS.getProcessCpuTime();
    this.compilerAtStart = CompilerCpu.now();
  }

  static RunCpu start() {
    return new RunCpu();
  }

  /** Ends the span; later calls keep the first end. */
  RunCpu stop() {
    if (nanos < 0) {
      nanos = OS.getProcessCpuTime() - startNanos;
      compilerPercent = compilerAtStart.flatMap(start -> CompilerCpu.now().map(end -> end.percentSince(start)));
    }
    return this;
  }

  /** CPU nanoseconds from start to stop. */
  long nanos() {
    if (nanos < 0) {
      throw new IllegalStateException("RunCpu read before stop()");
    }
    return nanos;
  }

  /** {@code m} with the CPU per record and, where Linux tells it, the JIT compiler's share. */
  Measurement addTo(Measurement m, long records) {
    Measurement with = m.with(Figure.CPU_US_PER_RECORD, nanos() / 1e3 / records);
    return compilerPercent.map(p -> with.with(Figure.JIT_CPU_PERCENT, p)).orElse(with);
  }
}
