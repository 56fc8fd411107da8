#!/bin/bash
# Entrypoint of the spark-apps image on its registry-free Spark base (the `image-smoke` profile): for the two
# commands spark-kubernetes gives its pods it does what apache/spark's /opt/entrypoint.sh does, without the
# distribution's bin/ scripts; on the official apache/spark base this file is not added and Spark's own is used.
#   driver ARGS...  SparkSubmit in client mode inside the driver pod (the pod is cluster mode's driver)
#   executor        KubernetesExecutorBackend, configured by the SPARK_* variables the driver gives the pod
#   anything else   run as given (the history loader, one-off commands)
set -euo pipefail

SPARK_HOME=${SPARK_HOME:-/opt/spark}
# Spark's module flags for Java 17 (the root pom's spark.jvm.flags), as a java argument file.
JVM_FLAGS=@/opt/weblog/jvm-flags
# SPARK_CLASSPATH is what spark-kubernetes gives executors from spark.executor.extraClassPath.
classpath="${SPARK_CONF_DIR:-$SPARK_HOME/conf}"
[[ -n "${HADOOP_CONF_DIR:-}" ]] && classpath="$classpath:$HADOOP_CONF_DIR"
[[ -n "${SPARK_CLASSPATH:-}" ]] && classpath="$classpath:$SPARK_CLASSPATH"
classpath="$classpath:$SPARK_HOME/jars/*"
[[ -n "${SPARK_EXTRA_CLASSPATH:-}" ]] && classpath="$classpath:$SPARK_EXTRA_CLASSPATH"

# property FILE KEY: the value of KEY in a Java properties file written by Spark (key=value), or nothing.
property() {
  [[ -r "$1" ]] || return 0
  awk -v key="$2" 'index($0, key "=") == 1 { value = substr($0, length(key) + 2) } END { print value }' "$1"
}

case "${1:-}" in
  driver)
    shift
    properties=""
    args=("$@")
    for ((i = 0; i + 1 < ${#args[@]}; i++)); do
      [[ "${args[i]}" == --properties-file ]] && properties="${args[i + 1]}"
    done
    # bin/spark-class's launcher would turn these two properties into JVM options; nothing else reads them.
    heap=$(property "$properties" spark.driver.memory)
    read -r -a extra <<<"$(property "$properties" spark.driver.extraJavaOptions)"
    exec java "$JVM_FLAGS" -Xmx"${heap:-1g}" "${extra[@]}" -cp "$classpath" \
      org.apache.spark.deploy.SparkSubmit \
      --conf "spark.driver.bindAddress=${SPARK_DRIVER_BIND_ADDRESS:?set by spark-kubernetes on the driver pod}" \
      --deploy-mode client "$@"
    ;;
  executor)
    shift
    options=()
    for name in "${!SPARK_JAVA_OPT_@}"; do
      options+=("${!name}")
    done
    exec java "$JVM_FLAGS" "${options[@]}" -Xms"$SPARK_EXECUTOR_MEMORY" -Xmx"$SPARK_EXECUTOR_MEMORY" \
      -cp "$classpath" org.apache.spark.scheduler.cluster.k8s.KubernetesExecutorBackend \
      --driver-url "$SPARK_DRIVER_URL" --executor-id "$SPARK_EXECUTOR_ID" --cores "$SPARK_EXECUTOR_CORES" \
      --app-id "$SPARK_APPLICATION_ID" --hostname "$SPARK_EXECUTOR_POD_IP" \
      --resourceProfileId "$SPARK_RESOURCE_PROFILE_ID" --podName "$SPARK_EXECUTOR_POD_NAME"
    ;;
  "")
    echo "entrypoint.sh: no command; spark-kubernetes runs 'driver ...' or 'executor', anything else runs as given" >&2
    exit 64
    ;;
  *)
    exec "$@"
    ;;
esac
