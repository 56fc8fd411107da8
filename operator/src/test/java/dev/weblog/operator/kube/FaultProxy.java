package dev.weblog.operator.kube;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A plain-HTTP proxy in front of the real API server that can answer any request with an injected error instead
 * of (or after) forwarding it. The real server cannot be told to fail the k-th write of one client, and the mock
 * server cannot do server-side apply; a proxy gives both. Requests reach the server as the admin Config's user
 * (plus whatever {@code Impersonate-*} headers the client sends), so the client needs no credentials of its own.
 * Websocket upgrades (exec, attach, port-forward) are not supported; watches are, as streamed GETs.
 */
public final class FaultProxy implements AutoCloseable {

  /** Decides per request; {@code path} includes the query. Null passes the request through. */
  @FunctionalInterface
  public interface Faults {
    Fault decide(String method, String path, String userAgent);
  }

  /** The answer's status code, and whether the request is forwarded (and so takes effect) before it. */
  public record Fault(int code, boolean applied) {}

  static {
    // Without TCP_NODELAY the server's small writes (headers, last chunk) wait out the peer's delayed ACK: 40 ms
    // on every request, a sweep 5 times slower. Read once per JVM, so the operator's surefire run sets it too
    // (another test may start an HttpServer first).
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private static final Faults NONE = (method, path, userAgent) -> null;
  /** Headers the server acts on; Host, Content-Length and Connection belong to each hop and are set by the client. */
  private static final List<String> FORWARDED = List.of("Content-Type", "Accept", "User-Agent");

  private final HttpServer server;
  private final ExecutorService threads;
  private final HttpClient upstream;
  private final String apiServer;
  private final String token;
  private final int requestTimeout;
  private volatile Faults faults = NONE;

  private FaultProxy(Config admin) throws IOException, GeneralSecurityException {
    this.apiServer = admin.getMasterUrl().replaceAll("/+$", "");
    this.token = admin.getOauthToken();
    this.requestTimeout = admin.getRequestTimeout();
    this.upstream = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(trusting(admin))
        .connectTimeout(Duration.ofSeconds(10)).build();
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    // A watch holds its thread for as long as it lasts: a fixed pool would let a few informers starve the rest.
    this.threads = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "fault-proxy");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(threads);
    server.createContext("/", this::handle);
    server.start();
  }

  /** A proxy for the server {@code admin} points at, with its CA and bearer token. */
  public static FaultProxy start(Config admin) {
    try {
      return new FaultProxy(admin);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot trust the API server's CA " + admin.getCaCertFile(), e);
    }
  }

  public void faults(Faults faults) {
    this.faults = faults == null ? NONE : faults;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** A client configuration through the proxy; no retries, so every injected fault reaches the caller. */
  public Config clientConfig(String userAgent) {
    return new ConfigBuilder(Config.empty())
        .withMasterUrl("http://127.0.0.1:" + port())
        .withUserAgent(userAgent)
        .withRequestRetryBackoffLimit(0)
        .withRequestTimeout(requestTimeout)
        .build();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      URI uri = exchange.getRequestURI();
      String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
      byte[] body = exchange.getRequestBody().readAllBytes();
      Fault fault = faults.decide(method, path, exchange.getRequestHeaders().getFirst("User-Agent"));
      if (fault != null) {
        if (fault.applied()) {
          forward(exchange, method, path, body, HttpResponse.BodyHandlers.discarding());
        }
        byte[] status = ("{\"apiVersion\":\"v1\",\"kind\":\"Status\",\"status\":\"Failure\",\"code\":" + fault.code()
            + ",\"reason\":\"Injected\",\"message\":\"fault injected by FaultProxy\"}")
            .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(fault.code(), status.length);
        exchange.getResponseBody().write(status);
        return;
      }
      HttpResponse<InputStream> response = forward(exchange, method, path, body,
          HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = response.body()) {
        response.headers().firstValue("Content-Type")
            .ifPresent(type -> exchange.getResponseHeaders().set("Content-Type", type));
        boolean empty = response.statusCode() == 204 || response.statusCode() == 304 || method.equals("HEAD");
        // Chunked, flushed as it arrives: a watch answer never ends, and its events must not wait in a buffer.
        exchange.sendResponseHeaders(response.statusCode(), empty ? -1 : 0);
        if (!empty) {
          OutputStream out = exchange.getResponseBody();
          byte[] buffer = new byte[16 * 1024];
          for (int n; (n = in.read(buffer)) >= 0;) {
            out.write(buffer, 0, n);
            out.flush();
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // The client went away (a watch closed) or the server did (a restart): either way this exchange is over.
    }
  }

  private <T> HttpResponse<T> forward(HttpExchange exchange, String method, String path, byte[] body,
      HttpResponse.BodyHandler<T> handler) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(apiServer + path))
        .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    for (Map.Entry<String, List<String>> h : exchange.getRequestHeaders().entrySet()) {
      String name = h.getKey();
      if (FORWARDED.stream().anyMatch(name::equalsIgnoreCase)
          || name.toLowerCase(Locale.ROOT).startsWith("impersonate-")) {
        h.getValue().forEach(value -> request.header(name, value));
      }
    }
    return upstream.send(request.build(), handler);
  }

  private static SSLContext trusting(Config admin) throws IOException, GeneralSecurityException {
    KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
    trusted.load(null, null);
    try (InputStream in = Files.newInputStream(Path.of(admin.getCaCertFile()))) {
      int i = 0;
      // kube-apiserver's self-signed serving file holds the certificate and the CA that signed it.
      for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        trusted.setCertificateEntry("ca-" + i++, c);
      }
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trusted);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
    return ssl;
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
