package dev.weblog.bench;

import java.lang.management.ManagementFactory;

/** What the figures were measured on: they mean little without the cores and memory behind them. */
public record Machine(int cores, long memoryBytes, long maxHeapBytes, String os, String java) {

  public static Machine current() {
    long memory = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getTotalMemorySize() : -1;
    return new Machine(Runtime.getRuntime().availableProcessors(), memory, Runtime.getRuntime().maxMemory(),
        System.getProperty("os.name") + " " + System.getProperty("os.arch"),
        System.getProperty("java.vendor") + " " + System.getProperty("java.version"));
  }
}
