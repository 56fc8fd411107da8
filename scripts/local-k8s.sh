#!/usr/bin/env bash
# A real single-node Kubernetes 1.20.2 on this machine, built from Debian's `kubernetes` source package.
# For the operator's real-API tests and the end-to-end run where kind cannot run (no privileged containers).
#
#   scripts/local-k8s.sh build [--force]   build the binaries into ~/.cache/weblog/k8s-1.20.2 (once, ~9 min)
#   scripts/local-k8s.sh up                start the cluster (builds first if needed); idempotent
#   scripts/local-k8s.sh down [--wipe]     stop it and undo every host change; --wipe also deletes its state
#   scripts/local-k8s.sh status            what runs, node and safety rules
#   scripts/local-k8s.sh env               export lines for a shell: eval "$(scripts/local-k8s.sh env)"
#   scripts/local-k8s.sh check             a pod from an imported image, DNS from a pod, a bound PVC
#   scripts/local-k8s.sh import <tar>...   load docker-archive/OCI image tars into the node (nothing is pulled)
#   scripts/local-k8s.sh tag <image> <new> give an imported image a second name (e.g. an upgrade's new tag)
#
# Root on Linux only. Nothing is ever pulled: images reach the node by `ctr images import`. No packet from a
# pod or from the cluster's ranges leaves the machine (DROP rules are in place before the kubelet starts).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/local-k8s/common.sh"

usage() { sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

cmd=${1:-}
[[ $# -gt 0 ]] && shift
case $cmd in
  build) require_root_linux; . "$HERE/build.sh"; mkdir -p "$RUN"; cmd_build "$@" ;;
  up | down | status | check | import | tag) require_root_linux; . "$HERE/cluster.sh"; mkdir -p "$RUN"; "cmd_$cmd" "$@" ;;
  env) echo "export KUBECONFIG=$KUBECONFIG_FILE"; echo "export PATH=$BIN:\$PATH" ;;
  -h | --help | help) usage ;;
  *) usage >&2; exit 2 ;;
esac
