package dev.weblog.operator.reconciler;

import static dev.weblog.operator.reconciler.Harness.driver;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.weblog.common.Target;
import dev.weblog.operator.api.WebLogPipeline;
import dev.weblog.operator.builders.Names;
import dev.weblog.operator.builders.SparkStage;
import dev.weblog.operator.kube.RealKubernetes;
import dev.weblog.operator.support.Pipelines;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Finished drivers' pods and their ConfigMaps stay only for the newest training.historyLimit attempts. */
class HistoryLimitRealServerTest {

  @RegisterExtension
  static final RealKubernetes KUBE = RealKubernetes.shared();

  static final SparkStage AGE = SparkStage.train(Target.AGE_GROUP);

  KubernetesClient client;
  Harness h;

  @BeforeEach
  void setUp() {
    client = KUBE.client();
    h = new Harness(client, client, KUBE.namespace());
  }

  @Test
  void retrainsKeepOnlyTheNewestAttemptsObjects() {
    WebLogPipeline p = Pipelines.minimal("history");
    p.getSpec().getTraining().setHistoryLimit(2);
    h.create(p);
    p = h.toReady("history");
    assertEquals(List.of(1), attemptsWithObjects(p));

    for (int version = 2; version <= 4; version++) {
      int depth = 10 + version;
      h.update("history", q -> q.getSpec().getTraining().setMaxDepth(depth));
      p = h.reconcile("history");
      assertNotNull(h.pod(driver(p, AGE, version)), "retrain " + version + " started");
      h.trainOk("history", version);
      p = h.reconcile("history");
    }
    assertEquals(List.of(3, 4), attemptsWithObjects(p), "historyLimit 2: the two newest attempts' objects");
    assertNull(h.pod(driver(p, AGE, 2)));
  }

  /** Attempts of the age-group training whose driver pod or any of its ConfigMaps is still there. */
  private List<Integer> attemptsWithObjects(WebLogPipeline p) {
    TreeSet<Integer> attempts = new TreeSet<>();
    for (int a = 1; a <= 6; a++) {
      String app = Names.sparkApp(p, AGE, a);
      boolean pod = h.pod(app + "-driver") != null;
      boolean maps = client.configMaps().inNamespace(h.ns).list().getItems().stream()
          .anyMatch(m -> m.getMetadata().getName().startsWith(app + "-"));
      if (pod || maps) {
        attempts.add(a);
      }
    }
    return List.copyOf(attempts);
  }
}
