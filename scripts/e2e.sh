#!/usr/bin/env bash
# The product end to end on a real cluster, in one command: picks a cluster, builds the images with Jib (no
# registry: the JRE and Spark bases are made from Debian packages), imports them into the node, runs the e2e
# test (module e2e, ClusterE2eTest: helm install, an external Kafka with TLS + SCRAM, a pipeline until Ready, the
# data checked in HDFS, faults, and on the local cluster a real Prometheus scraping the pods and firing an alert)
# and takes the cluster down again. The same test code drives every cluster:
#   kind       docker answers and kind is on PATH: a kind cluster from kind-config.yaml (kind load image-archive)
#   local-k8s  else, on Linux as root: scripts/local-k8s.sh up (images by scripts/local-k8s.sh import)
#   skip       else: one line naming what is missing, exit 0 (exit 1 with WEBLOG_REQUIRE_E2E=1, as CI sets)
# Needs root either way for the registry-free base images (debootstrap). Writes e2e/target/e2e-summary.json.
# Options: --faults default   the faults that fit CI's time: stream driver evicted, NameNode pod deleted,
#                             suspend then resume, helm upgrade (a changed value, the same code under a new tag)
#          --faults all       also: stream driver deleted, DataNode pod deleted, the Kafka broker's pod
#                             deleted, the node cordoned and drained then uncordoned (about 10 more minutes)
#          --scenarios LIST   comma-separated, in this order: pipeline (the above; the default) and drift (a
#                             second pipeline whose producer's world shifts: ModelsCurrent False with reason
#                             Drift, the drift retrain promoted, ModelsCurrent True again; about 10 minutes)
# Environment: E2E_FAULTS=default|all as --faults, E2E_SCENARIOS as --scenarios (for callers like .ci/run);
#              KEEP_CLUSTER=true leaves the cluster up (and the namespace weblog-e2e, on failure);
#              SKIP_IMAGES=true reuses images/*/target/jib-image.tar; E2E_PLATFORM=kind|local-k8s forces one.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CLUSTER=${CLUSTER:-weblog}
KEEP_CLUSTER=${KEEP_CLUSTER:-false}
SKIP_IMAGES=${SKIP_IMAGES:-false}
start=$SECONDS
step() { printf 'e2e.sh %s [%5d s] %s\n' "$(date +%H:%M:%S)" $((SECONDS - start)) "$*"; }
usage() { sed -n '2,20p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
FAULTS=${E2E_FAULTS:-default}
[[ "$FAULTS" == default || "$FAULTS" == all ]] || { echo "e2e.sh: E2E_FAULTS must be default or all" >&2; exit 2; }
SCENARIOS=${E2E_SCENARIOS:-pipeline}
while [[ $# -gt 0 ]]; do
  case $1 in
    -h | --help) usage; exit 0 ;;
    --faults) [[ "${2:-}" == default || "${2:-}" == all ]] || { usage >&2; exit 2; }; FAULTS=$2; shift 2 ;;
    --scenarios) [[ -n "${2:-}" ]] || { usage >&2; exit 2; }; SCENARIOS=$2; shift 2 ;;
    *) usage >&2; exit 2 ;;
  esac
done
[[ "$SCENARIOS" =~ ^(pipeline|drift|pipeline,drift)$ ]] \
  || { echo "e2e.sh: --scenarios must be pipeline, drift or pipeline,drift (not '$SCENARIOS')" >&2; exit 2; }

kind_works() { command -v kind >/dev/null && command -v docker >/dev/null && docker info >/dev/null 2>&1; }
platform=${E2E_PLATFORM:-}
if [[ -z "$platform" ]]; then
  if kind_works; then
    platform=kind
  elif [[ "$(uname -s)" == Linux && $EUID -eq 0 ]]; then
    platform=local-k8s
  else
    missing=()
    command -v kind >/dev/null || missing+=("kind")
    command -v docker >/dev/null && docker info >/dev/null 2>&1 || missing+=("a running docker")
    [[ "$(uname -s)" == Linux ]] || missing+=("Linux")
    [[ $EUID -eq 0 ]] || missing+=("root")
    echo "e2e skipped: needs kind with a running docker, or Linux as root for the local cluster; missing: ${missing[*]}"
    [[ "${WEBLOG_REQUIRE_E2E:-}" == 1 ]] && { echo "e2e.sh: WEBLOG_REQUIRE_E2E=1: a skip is a failure" >&2; exit 1; }
    exit 0
  fi
fi
step "platform: $platform"
cd "$ROOT"
VERSION=$(sed -n 's:^  <version>\(.*\)</version>$:\1:p' pom.xml | head -1)
[[ -n "$VERSION" ]] || { echo "e2e.sh: no <version> in $ROOT/pom.xml" >&2; exit 1; }
TARS=(images/operator-image/target/jib-image.tar images/producer-image/target/jib-image.tar
  images/spark-apps-image/target/jib-image.tar images/hadoop-image/target/jib-image.tar
  images/kafka-image/target/jib-image.tar)

if [[ "$SKIP_IMAGES" == true ]]; then
  step "images: SKIP_IMAGES=true, reusing ${TARS[*]}"
else
  step "images with Jib (weblog/*:$VERSION, registry-free bases, contents tested), and the e2e module's dependencies"
  # Only the image modules' tests run here (the README's test command runs the others).
  mvn -B -q -Pimages,image-smoke,e2e install -Dtest='*ImageTest' -Dsurefire.failIfNoSpecifiedTests=false
fi
for tar in "${TARS[@]}"; do
  [[ -s "$tar" ]] || { echo "e2e.sh: $tar is missing (run without SKIP_IMAGES)" >&2; exit 1; }
done

# The helm upgrade fault moves the operator to the same code under another tag, as a new release would.
UPGRADE_TAG=$VERSION-next
kubeconfig=$(mktemp "${TMPDIR:-/tmp}/weblog-e2e-kubeconfig.XXXXXX")
teardown() {
  local status=$?
  rm -f "$kubeconfig"
  if [[ "$KEEP_CLUSTER" == true ]]; then
    step "cluster kept (KEEP_CLUSTER=true)"
  elif [[ "$platform" == kind ]]; then
    step "kind delete cluster --name $CLUSTER"; kind delete cluster --name "$CLUSTER" || true
  else
    step "scripts/local-k8s.sh down"; scripts/local-k8s.sh down || status=1
  fi
  step "done (exit $status)"
  exit $status
}
trap teardown EXIT

if [[ "$platform" == kind ]]; then
  step "kind cluster '$CLUSTER' from kind-config.yaml"
  kind get clusters 2>/dev/null | grep -qx "$CLUSTER" \
    || kind create cluster --name "$CLUSTER" --config "$ROOT/kind-config.yaml" --wait 180s
  kind get kubeconfig --name "$CLUSTER" >"$kubeconfig"
  step "kind load image-archive (${#TARS[@]} images)"
  for tar in "${TARS[@]}"; do kind load image-archive --name "$CLUSTER" "$tar"; done
  docker exec "$CLUSTER-control-plane" ctr -n k8s.io images tag --force "docker.io/weblog/operator:$VERSION" \
    "docker.io/weblog/operator:$UPGRADE_TAG" >/dev/null
else
  step "scripts/local-k8s.sh up"
  scripts/local-k8s.sh up
  eval "$(scripts/local-k8s.sh env)"
  cp "$KUBECONFIG" "$kubeconfig"
  step "scripts/local-k8s.sh import (${#TARS[@]} images)"
  scripts/local-k8s.sh import "${TARS[@]}"
  scripts/local-k8s.sh tag "weblog/operator:$VERSION" "weblog/operator:$UPGRADE_TAG"
fi

if [[ "$platform" == local-k8s && -z "${WEBLOG_PROMETHEUS_HOME:-}" ]]; then
  step "Prometheus (Debian's package) for the metrics checks"
  WEBLOG_PROMETHEUS_HOME=$(scripts/prometheus.sh fetch)
  export WEBLOG_PROMETHEUS_HOME
fi

# The module's pure tests too (the files the kind run reads, the tallies the scenario's checks rest on): mvn verify
# does not build the e2e module.
step "ClusterE2eTest (module e2e), scenarios: $SCENARIOS, faults: $FAULTS"
WEBLOG_E2E_KUBECONFIG=$kubeconfig WEBLOG_E2E_PLATFORM=$platform WEBLOG_E2E_FAULTS=$FAULTS \
  WEBLOG_E2E_SCENARIOS=$SCENARIOS \
  WEBLOG_E2E_UPGRADE_TAG=$UPGRADE_TAG \
  mvn -B -o -Pe2e -pl e2e verify -Dtest='ClusterE2eTest,KindFilesTest,RealtimeEventsTest,PromotionEventsTest' \
  -Dsurefire.failIfNoSpecifiedTests=false
step "passed: summary in e2e/target/e2e-summary.json"
