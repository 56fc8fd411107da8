package dev.weblog.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OperatorConfigTest {

  @TempDir
  Path dir;

  @Test
  void defaultsWatchTheOperatorsOwnNamespace() throws Exception {
    Path ns = Files.writeString(dir.resolve("namespace"), "weblog-system\n");
    OperatorConfig c = OperatorConfig.from(Map.of(), ns);
    assertEquals(Set.of("weblog-system"), c.watchNamespaces());
    assertEquals("weblog-system", c.operatorNamespace());
    assertFalse(c.leaderElection());
    assertEquals(8080, c.httpPort());
    assertEquals("default", OperatorConfig.from(Map.of(), dir.resolve("missing")).operatorNamespace());
    assertEquals("ops", OperatorConfig.from(Map.of("POD_NAMESPACE", "ops"), ns).operatorNamespace());
  }

  @Test
  void readsSeveralOrAllNamespacesLeaderElectionAndPort() {
    OperatorConfig some = OperatorConfig.from(Map.of("WEBLOG_WATCH_NAMESPACES", "a, b,,c",
        "WEBLOG_LEADER_ELECTION", "TRUE", "WEBLOG_HTTP_PORT", "9090", "POD_NAMESPACE", "ops"), null);
    assertEquals(Set.of("a", "b", "c"), some.watchNamespaces());
    assertTrue(some.leaderElection());
    assertEquals(9090, some.httpPort());
    assertTrue(OperatorConfig.from(Map.of("WEBLOG_WATCH_NAMESPACES", "*"), null).watchesAllNamespaces());
  }

  @Test
  void badValuesNameTheVariable() {
    for (Map<String, String> env : java.util.List.of(Map.of("WEBLOG_LEADER_ELECTION", "yes"),
        Map.of("WEBLOG_HTTP_PORT", "http"), Map.of("WEBLOG_WATCH_NAMESPACES", "*,a"))) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OperatorConfig.from(env, null));
      assertTrue(e.getMessage().startsWith(env.keySet().iterator().next()), e.getMessage());
    }
  }
}
