package dev.weblog.operator.builders;

import org.apache.spark.SparkConf;
import org.apache.spark.deploy.k8s.KubernetesDriverConf;
import org.apache.spark.deploy.k8s.submit.MainAppResource;
import org.apache.spark.util.SystemClock;
import scala.Option;

/**
 * Spark's driver configuration with the resource name prefix fixed to the application id. Spark's own prefix
 * carries the launch time and a random part, which would give a new driver pod name on every reconcile; the
 * apache/spark-kubernetes-operator overrides it the same way.
 */
final class PipelineDriverConf extends KubernetesDriverConf {

  PipelineDriverConf(SparkConf conf, String appId, MainAppResource resource, String mainClass, String[] args) {
    super(conf.clone(), appId, resource, mainClass, args, Option.empty(), new SystemClock());
  }

  /** appId() is set before Scala's constructor body runs, so this is safe while the superclass initialises. */
  @Override
  public String resourceNamePrefix() {
    return appId();
  }
}
