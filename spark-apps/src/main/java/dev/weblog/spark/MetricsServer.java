package dev.weblog.spark;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.weblog.common.JobContract;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * A job's metrics in the Prometheus text format at {@link JobContract#METRICS_PATH}, on a port of its own: a scrape
 * runs on this server's one thread and reads the registry's current values, so it never waits for a micro-batch.
 */
public final class MetricsServer implements AutoCloseable {

  private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final HttpServer server;

  private MetricsServer(HttpServer server) {
    this.server = server;
  }

  /** Serves {@code registry} on {@code port} of every address (0: a free port); a port in use is a JobFailure. */
  public static MetricsServer start(int port, PrometheusMeterRegistry registry) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(port), 0);
    } catch (IOException e) {
      throw new JobFailure("cannot serve metrics on port " + port + " (" + JobContract.OPT_METRICS_PORT + "): "
          + StagedDirectory.oneLine(e) + "; choose another port, or 0 for a free one", e);
    }
    server.createContext(JobContract.METRICS_PATH, ex -> reply(ex, registry.scrape()));
    server.setExecutor(Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "weblog-metrics");
      t.setDaemon(true);
      return t;
    }));
    server.start();
    return new MetricsServer(server);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** Where a person on this machine reads it, e.g. {@code http://localhost:9095/metrics}. */
  public String url() {
    return "http://localhost:" + port() + JobContract.METRICS_PATH;
  }

  private static void reply(HttpExchange ex, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
    ex.sendResponseHeaders(200, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
