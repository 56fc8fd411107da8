package dev.weblog.operator.reconciler.steps;

import dev.weblog.operator.api.Condition;
import dev.weblog.operator.api.ConditionStatus;
import dev.weblog.operator.api.WebLogPipeline;
import dev.weblog.operator.builders.Endpoints;
import dev.weblog.operator.builders.HdfsBuilder;
import dev.weblog.operator.builders.Names;
import dev.weblog.operator.builders.ObjectMetas;
import dev.weblog.operator.reconciler.ChildPods;
import dev.weblog.operator.reconciler.PipelineRun;
import dev.weblog.operator.reconciler.StepResult;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.ArrayList;
import java.util.List;

/**
 * The managed HDFS, done when the NameNode and every DataNode are ready; while waiting, the first pod-level cause
 * (NameNode first) is in the condition. Skipped for an external HDFS.
 */
public final class HdfsStep extends ServiceStep {

  public HdfsStep() {
    super("hdfs", Condition.HDFS_READY, p -> p.getSpec().getHdfs().isManaged(), HdfsBuilder::build);
  }

  @Override
  String externalService(WebLogPipeline p) {
    return "HDFS at " + Endpoints.hdfsUri(p);
  }

  @Override
  StepResult observe(PipelineRun run, List<HasMetadata> applied) {
    WebLogPipeline p = run.pipeline();
    StatefulSet namenode = null;
    StatefulSet datanodes = null;
    for (HasMetadata o : applied) {
      if (o instanceof StatefulSet s) {
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
    List<Pod> pods = new ArrayList<>(ChildPods.list(run, ObjectMetas.selector(p, HdfsBuilder.APP,
        HdfsBuilder.NAMENODE)));
    pods.addAll(ChildPods.list(run, ObjectMetas.selector(p, HdfsBuilder.APP, HdfsBuilder.DATANODE)));
    run.waiting(Condition.HDFS_READY, "HdfsStarting", "waiting for HDFS of pipeline " + run.where() + ": " + counts,
        ChildPods.diagnose(run, pods, namenode));
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
