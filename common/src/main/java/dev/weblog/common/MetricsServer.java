package dev.weblog.common;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * A program's metrics in the Prometheus text format at {@link JobContract#METRICS_PATH}, on a port of its own: the
 * Spark drivers' and the replay producer's. A scrape runs on this server's one thread and asks {@code scrape} for
 * the current text ({@link MetricsEndpoint}'s registry), so it never waits for the program's work; the text is all
 * this class knows.
 */
public final class MetricsServer implements AutoCloseable {

  private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final HttpServer server;

  private MetricsServer(HttpServer server) {
    this.server = server;
  }

  /**
   * Serves {@code scrape} on {@code port} of every address (0: a free port). A port in use is an
   * {@link UncheckedIOException} whose message is the one line to show, naming the port and
   * {@link JobContract#OPT_METRICS_PORT}.
   */
  public static MetricsServer start(int port, Supplier<String> scrape) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(port), 0);
    } catch (IOException e) {
      String cause = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst()
          .orElse("");
      throw new UncheckedIOException("cannot serve metrics on port " + port + " (" + JobContract.OPT_METRICS_PORT
          + "): " + cause + "; choose another port, or 0 for a free one", e);
    }
    server.createContext(JobContract.METRICS_PATH, ex -> reply(ex, scrape.get()));
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
