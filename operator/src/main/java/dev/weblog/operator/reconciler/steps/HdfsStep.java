package dev.weblog.operator.reconciler.steps;

import dev.weblog.operator.api.Condition;
import dev.weblog.operator.api.ConditionStatus;
import dev.weblog.operator.api.Phase;
import dev.weblog.operator.api.WebLogPipeline;
import dev.weblog.operator.builders.Endpoints;
import dev.weblog.operator.builders.HdfsBuilder;
import dev.weblog.operator.builders.Names;
import dev.weblog.operator.reconciler.PipelineRun;
import dev.weblog.operator.reconciler.Step;
import dev.weblog.operator.reconciler.StepResult;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.time.Duration;

/** The managed HDFS, done when the NameNode and every DataNode are ready; skipped for an external HDFS. */
public final class HdfsStep implements Step {

  static final Duration POLL = Duration.ofSeconds(10);

  @Override
  public String name() {
    return "hdfs";
  }

  @Override
  public Phase phase() {
    return Phase.PROVISIONING;
  }

  @Override
  public StepResult run(PipelineRun run) {
    WebLogPipeline p = run.pipeline();
    if (!p.getSpec().getHdfs().isManaged()) {
      run.progress(Condition.HDFS_READY, ConditionStatus.TRUE, "External",
          "pipeline " + run.where() + " uses the external HDFS at " + Endpoints.hdfsUri(p));
      return StepResult.done();
    }
    StatefulSet namenode = null;
    StatefulSet datanodes = null;
    for (HasMetadata o : HdfsBuilder.build(p)) {
      HasMetadata applied = run.apply().apply(o);
      if (applied instanceof StatefulSet s) {
        if (s.getMetadata().getName().equals(Names.namenode(p))) {
          namenode = s;
        } else {
          datanodes = s;
        }
      }
    }
    int nnReady = ready(namenode);
    int dnReady = ready(datanodes);
    int dnWanted = p.getSpec().getHdfs().getDatanodes();
    String counts = "NameNode ready " + nnReady + "/1 (StatefulSet " + name(namenode) + "), DataNodes ready "
        + dnReady + "/" + dnWanted + " (StatefulSet " + name(datanodes) + ")";
    if (nnReady >= 1 && dnReady >= dnWanted) {
      run.progress(Condition.HDFS_READY, ConditionStatus.TRUE, "HdfsReady",
          "HDFS of pipeline " + run.where() + " is ready: " + counts);
      return StepResult.done();
    }
    run.progress(Condition.HDFS_READY, ConditionStatus.FALSE, "HdfsStarting",
        "waiting for HDFS of pipeline " + run.where() + ": " + counts);
    return StepResult.waitFor(POLL);
  }

  private static int ready(StatefulSet s) {
    return s == null || s.getStatus() == null || s.getStatus().getReadyReplicas() == null ? 0
        : s.getStatus().getReadyReplicas();
  }

  private static String name(StatefulSet s) {
    return s == null ? "?" : s.getMetadata().getName();
  }
}
