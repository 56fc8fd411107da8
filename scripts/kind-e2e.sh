#!/usr/bin/env bash
# The product end to end on a local kind cluster, the steps the e2e module (mvn -Pe2e verify) runs:
#   1 kind cluster from kind-config.yaml   2 images built with Jib into docker   3 images loaded into kind
#   4 Strimzi   5 our chart   6 the e2e pipeline (generator data)   7 kubectl wait for Ready
#   8 predictions in HDFS and both models' accuracy in the status   9 teardown
# Needs docker (running), kind, kubectl, helm, a JDK 17 and Maven; network access to Docker Hub, the Strimzi
# chart repository and Maven Central. Run it from anywhere; about 20-40 minutes on a laptop.
# Environment: KEEP_CLUSTER=true keeps the cluster afterwards (to look around); SKIP_BUILD=true reuses images
# already in docker; READY_TIMEOUT (default 30m); CLUSTER, NAMESPACE, PIPELINE to rename things.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CLUSTER=${CLUSTER:-weblog}
NAMESPACE=${NAMESPACE:-weblog}
PIPELINE=${PIPELINE:-weblogs-e2e}
STRIMZI_NAMESPACE=${STRIMZI_NAMESPACE:-strimzi}
STRIMZI_VERSION=${STRIMZI_VERSION:-0.49.1}
READY_TIMEOUT=${READY_TIMEOUT:-30m}
KEEP_CLUSTER=${KEEP_CLUSTER:-false}
SKIP_BUILD=${SKIP_BUILD:-false}
MANIFEST=$ROOT/e2e/kind-pipeline.yaml

step() { echo; echo "==> [kind-e2e] $*"; }
fail() { echo "kind-e2e: $*" >&2; exit 1; }

missing=()
command -v docker >/dev/null || missing+=("docker")
command -v kind >/dev/null || missing+=("kind")
command -v kubectl >/dev/null || missing+=("kubectl")
command -v helm >/dev/null || missing+=("helm")
command -v mvn >/dev/null || missing+=("mvn")
[[ ${#missing[@]} -eq 0 ]] || fail "not on PATH: ${missing[*]} (install them, then rerun $0)"
docker info >/dev/null 2>&1 || fail "docker info failed: start the docker daemon (or give this user access to it)"

cd "$ROOT"
VERSION=$(mvn -B -q help:evaluate -Dexpression=project.version -DforceStdout)
[[ -n "$VERSION" ]] || fail "could not read the project version from $ROOT/pom.xml"
IMAGES=("weblog/operator:$VERSION" "weblog/spark-apps:$VERSION" "weblog/producer:$VERSION")
KUBECTL=(kubectl --context "kind-$CLUSTER")
HELM=(helm --kube-context "kind-$CLUSTER")

diagnostics() {
  echo "---- kind-e2e diagnostics (namespace $NAMESPACE) ----" >&2
  "${KUBECTL[@]}" get wlp,pods,pvc,jobs,kafka,kafkatopic -n "$NAMESPACE" -o wide >&2 || true
  "${KUBECTL[@]}" describe wlp "$PIPELINE" -n "$NAMESPACE" >&2 || true
  "${KUBECTL[@]}" get events -n "$NAMESPACE" --sort-by=.lastTimestamp >&2 | tail -40 || true
  "${KUBECTL[@]}" logs -n "$NAMESPACE" deploy/weblog-operator --tail=80 >&2 || true
}
teardown() {
  local status=$?
  [[ $status -eq 0 ]] || diagnostics
  if [[ "$KEEP_CLUSTER" == true ]]; then
    echo "kind-e2e: cluster kind-$CLUSTER kept (KEEP_CLUSTER=true); remove it with: kind delete cluster --name $CLUSTER"
  else
    step "9/9 teardown: kind delete cluster --name $CLUSTER"
    kind delete cluster --name "$CLUSTER" || true
  fi
  exit $status
}

step "1/9 kind cluster '$CLUSTER' from kind-config.yaml"
if kind get clusters 2>/dev/null | grep -qx "$CLUSTER"; then
  echo "reusing the existing cluster $CLUSTER"
else
  kind create cluster --name "$CLUSTER" --config "$ROOT/kind-config.yaml" --wait 180s
fi
trap teardown EXIT

if [[ "$SKIP_BUILD" == true ]]; then
  step "2/9 images: SKIP_BUILD=true, using ${IMAGES[*]} from docker"
else
  step "2/9 images with Jib into docker (${IMAGES[*]})"
  # jib:dockerBuild runs in the image modules only: every other module sets Jib's skip.
  mvn -B -Pimages -DskipTests package jib:dockerBuild
fi
for image in "${IMAGES[@]}"; do
  docker image inspect "$image" >/dev/null 2>&1 || fail "image $image is not in docker (step 2 should have built it)"
done

step "3/9 kind load docker-image"
kind load docker-image --name "$CLUSTER" "${IMAGES[@]}"

step "4/9 Strimzi $STRIMZI_VERSION (namespace $STRIMZI_NAMESPACE, watching every namespace)"
helm repo add strimzi https://strimzi.io/charts/ --force-update >/dev/null
"${HELM[@]}" upgrade --install strimzi strimzi/strimzi-kafka-operator \
  --version "$STRIMZI_VERSION" --namespace "$STRIMZI_NAMESPACE" --create-namespace \
  --set watchAnyNamespace=true --wait --timeout 10m

step "5/9 the weblog-operator chart (namespace $NAMESPACE)"
# Strimzi is an optional dependency of the chart (off here): helm still wants it under charts/.
helm dependency build "$ROOT/helm/weblog-operator" >/dev/null
"${HELM[@]}" upgrade --install weblog-operator "$ROOT/helm/weblog-operator" --namespace "$NAMESPACE" \
  --create-namespace --set image.tag="$VERSION" --wait --timeout 5m

step "6/9 the e2e pipeline $PIPELINE ($MANIFEST)"
"${KUBECTL[@]}" apply -n "$NAMESPACE" -f "$MANIFEST"

step "7/9 kubectl wait --for=condition=Ready wlp/$PIPELINE (up to $READY_TIMEOUT)"
"${KUBECTL[@]}" get wlp -n "$NAMESPACE"
"${KUBECTL[@]}" wait -n "$NAMESPACE" "wlp/$PIPELINE" --for=condition=Ready --timeout="$READY_TIMEOUT"
"${KUBECTL[@]}" get wlp -n "$NAMESPACE"

step "8/9 predictions in HDFS and both models' accuracy in the status"
base=$("${KUBECTL[@]}" get wlp "$PIPELINE" -n "$NAMESPACE" -o jsonpath='{.spec.hdfs.base}')
base=${base:-/user/data/ec_web_logs}
namenode=$("${KUBECTL[@]}" get pods -n "$NAMESPACE" -o name \
  -l "app.kubernetes.io/instance=$PIPELINE,app.kubernetes.io/component=namenode" | head -1)
[[ -n "$namenode" ]] || fail "no NameNode pod with labels instance=$PIPELINE, component=namenode in $NAMESPACE"
predictions=0
for _ in $(seq 1 30); do
  predictions=$("${KUBECTL[@]}" exec -n "$NAMESPACE" "$namenode" -- \
    hdfs dfs -ls -R "$base/stream/predictions" 2>/dev/null | grep -c '\.parquet$' || true)
  [[ "$predictions" -gt 0 ]] && break
  sleep 10
done
[[ "$predictions" -gt 0 ]] || fail "no Parquet file under hdfs:$base/stream/predictions after 5 minutes of Ready"
echo "predictions: $predictions Parquet files under hdfs:$base/stream/predictions"
for target in gender age_group; do
  accuracy=$("${KUBECTL[@]}" get wlp "$PIPELINE" -n "$NAMESPACE" -o jsonpath="{.status.models.$target.accuracy}")
  version=$("${KUBECTL[@]}" get wlp "$PIPELINE" -n "$NAMESPACE" -o jsonpath="{.status.models.$target.version}")
  [[ -n "$accuracy" ]] || fail "status.models.$target.accuracy of wlp/$PIPELINE is empty"
  echo "model $target: $version accuracy $accuracy"
done
"${KUBECTL[@]}" delete -n "$NAMESPACE" -f "$MANIFEST" --wait=true --timeout=5m
echo "kind-e2e: passed"
