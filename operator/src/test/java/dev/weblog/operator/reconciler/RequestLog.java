package dev.weblog.operator.reconciler;

import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The (group, resource, verb) of every request a client with the given User-Agent sent to the mock server. */
final class RequestLog {

  record Access(String group, String resource, String verb, String request) {}

  private RequestLog() {}

  static List<Access> drain(KubernetesMockServer server, String userAgent) throws InterruptedException {
    List<Access> out = new ArrayList<>();
    RecordedRequest r;
    while ((r = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
      String ua = r.getHeader("User-Agent");
      if (ua != null && ua.contains(userAgent)) {
        out.add(access(r.getMethod(), r.getPath()));
      }
    }
    return out;
  }

  /** /api/v1/namespaces/ns/pods/x, /apis/apps/v1/namespaces/ns/statefulsets/x/status ... */
  static Access access(String method, String fullPath) {
    String path = fullPath.split("\\?")[0];
    boolean watch = fullPath.contains("watch=true");
    String[] p = path.replaceAll("^/", "").split("/");
    int i;
    String group;
    if (p[0].equals("api")) {
      group = "";
      i = 2;
    } else {
      group = p[1];
      i = 3;
    }
    if (i < p.length && p[i].equals("namespaces") && i + 2 < p.length) {
      i += 2;
    }
    String resource = p[i];
    boolean named = i + 1 < p.length;
    if (i + 2 < p.length) {
      resource = resource + "/" + p[i + 2];
    }
    String verb = switch (method) {
      case "GET" -> watch ? "watch" : named ? "get" : "list";
      case "POST" -> "create";
      case "PUT" -> "update";
      case "PATCH" -> "patch";
      case "DELETE" -> named ? "delete" : "deletecollection";
      default -> method.toLowerCase(java.util.Locale.ROOT);
    };
    return new Access(group, resource, verb, method + " " + fullPath);
  }
}
