package dev.weblog.operator.reconciler;

import com.sun.net.httpserver.HttpServer;
import dev.weblog.common.StreamMetricNames;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stream driver's metrics endpoint on loopback, serving what the test sets in the driver's own names
 * ({@link StreamMetricNames}): the operator reads it over real HTTP. By default the query reads its topic and
 * reported progress just now (on the test's clock). {@link #down()} makes the endpoint refuse connections.
 */
final class FakeDriver {

  /** One server for the whole test JVM: each fake driver is a path on it. */
  private static final HttpServer SERVER = start();
  private static final AtomicInteger IDS = new AtomicInteger();
  private static final URI CLOSED_PORT = closedPort();

  private final Clock clock;
  private final URI uri;
  private volatile boolean answering = true;
  /** Epoch seconds; null: the clock's now at each scrape. */
  volatile Double lastProgress;
  volatile Double lastCommit;
  volatile long read;
  volatile long predicted;
  volatile long quarantined;
  final Map<Integer, Long> lagByPartition = new ConcurrentHashMap<>(Map.of(0, 0L));
  /** Cumulative latency bucket counts by upper bound. */
  final Map<String, Long> latencyBuckets = new ConcurrentSkipListMap<>();
  final Map<String, Double> liveAccuracy = new ConcurrentHashMap<>();
  /** Further series served after the stream's (the real-time driver's). */
  volatile String extra = "";

  FakeDriver(Clock clock) {
    this.clock = clock;
    String path = "/driver-" + IDS.incrementAndGet() + "/metrics";
    SERVER.createContext(path, ex -> {
      byte[] body = text().getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, body.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    });
    uri = URI.create("http://127.0.0.1:" + SERVER.getAddress().getPort() + path);
  }

  private static HttpServer start() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.setExecutor(Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-driver");
        t.setDaemon(true);
        return t;
      }));
      server.start();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A loopback port nothing listens on: connections are refused, as by a driver whose endpoint is gone. */
  private static URI closedPort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return URI.create("http://127.0.0.1:" + s.getLocalPort() + "/metrics");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every pod's endpoint, as the probe is told to find it. */
  Optional<URI> address(Pod pod) {
    return Optional.of(answering ? uri : CLOSED_PORT);
  }

  void down() {
    answering = false;
  }

  void up() {
    answering = true;
  }

  /** A query that has not read its topic yet: no progress, no commit. */
  void connecting() {
    lastProgress = 0.0;
    lastCommit = 0.0;
  }

  /** A batch of {@code records} committed now, leaving {@code lag} behind on partition 0. */
  void batch(long records, long lag, double latencySeconds) {
    double now = clock.millis() / 1000.0;
    read += records;
    predicted += records;
    lagByPartition.put(0, lag);
    lastCommit = now;
    lastProgress = now;
    for (String le : new String[] {"0.5", "1.0", "2.0", "5.0", "+Inf"}) {
      double bound = le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
      latencyBuckets.merge(le, latencySeconds <= bound ? records : 0, Long::sum);
    }
  }

  String text() {
    double now = clock.millis() / 1000.0;
    StringBuilder sb = new StringBuilder("# a fake stream driver\n");
    line(sb, StreamMetricNames.RECORDS_READ, "", read);
    line(sb, StreamMetricNames.RECORDS_PREDICTED, "", predicted);
    line(sb, StreamMetricNames.RECORDS_QUARANTINED, "{reason=\"bad_ip\",}", quarantined);
    lagByPartition.forEach((p, lag) -> line(sb, StreamMetricNames.CONSUMER_LAG,
        "{partition=\"" + p + "\",topic=\"weblog\",}", lag));
    line(sb, StreamMetricNames.LAST_COMMIT, "", lastCommit == null ? now : lastCommit);
    line(sb, StreamMetricNames.LAST_PROGRESS, "", lastProgress == null ? now : lastProgress);
    latencyBuckets.forEach((le, n) -> line(sb, StreamMetricNames.LATENCY + "_bucket", "{le=\"" + le + "\",}", n));
    liveAccuracy.forEach((t, a) -> line(sb, StreamMetricNames.LIVE_ACCURACY, "{target=\"" + t + "\",}", a));
    return sb.append(extra).toString();
  }

  private static void line(StringBuilder sb, String name, String labels, Number value) {
    sb.append(name).append(labels).append(' ').append(value.doubleValue()).append('\n');
  }
}
