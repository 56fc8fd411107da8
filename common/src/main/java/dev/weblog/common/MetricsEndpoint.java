package dev.weblog.common;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * A program's Prometheus endpoint ({@link MetricsServer}) and the registry it records into, with the JVM's own
 * figures beside the program's: the Spark drivers' and the replay producer's. Without a port, a registry that
 * records nothing, so a program counts the same way either way.
 */
public final class MetricsEndpoint implements AutoCloseable {

  /**
   * CPU time a program spent on its own metrics, tagged {@code work}: {@code scrape} (rendering the text for a
   * scrape) here, and what a program adds (the stream: its tasks' counting and the recording of each batch). Its
   * rate over the process's CPU is what the metrics cost.
   */
  public static final String CPU = "weblog.metrics.cpu";
  /** {@link #CPU} as Prometheus names it. */
  public static final String CPU_SERIES = "weblog_metrics_cpu_seconds_total";

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final MeterRegistry registry;
  private final MetricsServer server;

  private MetricsEndpoint(MeterRegistry registry, MetricsServer server) {
    this.registry = registry;
    this.server = server;
  }

  /**
   * Serves on {@code port} (0: a free one) from now on; empty: no endpoint. A port in use is {@code portInUse} of
   * the one line that names it: each program's own kind of usage error.
   */
  public static MetricsEndpoint start(OptionalInt port, Function<String, ? extends RuntimeException> portInUse) {
    if (port.isEmpty()) {
      return off();
    }
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    LongAdder scrapeNanos = cpuCounter(registry, "scrape");
    try {
      return new MetricsEndpoint(registry, MetricsServer.start(port.getAsInt(), () -> {
        long start = threadCpuNanos();
        String text = registry.scrape();
        scrapeNanos.add(threadCpuNanos() - start);
        return text;
      }));
    } catch (UncheckedIOException e) {
      registry.close();
      throw portInUse.apply(e.getMessage());
    }
  }

  /** A {@link #CPU} counter for one kind of {@code work}, fed in nanoseconds. */
  public static LongAdder cpuCounter(MeterRegistry registry, String work) {
    LongAdder nanos = new LongAdder();
    FunctionCounter.builder(CPU, nanos, n -> n.sum() / 1e9).baseUnit("seconds").tag("work", work)
        .description("CPU time spent on this program's own metrics, by the work done").register(registry);
    return nanos;
  }

  /** The calling thread's CPU time so far, in nanoseconds; 0 where the JVM cannot tell (so differences are 0). */
  public static long threadCpuNanos() {
    long nanos = THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : -1;
    return Math.max(0, nanos);
  }

  /** No endpoint; meters registered here are no-ops (a composite with no registry behind it). */
  public static MetricsEndpoint off() {
    return new MetricsEndpoint(new CompositeMeterRegistry(), null);
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** Where the endpoint answers on this machine; empty without one. */
  public Optional<String> url() {
    return server == null ? Optional.empty() : Optional.of(server.url());
  }

  @Override
  public void close() {
    if (server != null) {
      server.close();
    }
    registry.close();
  }
}
