# Settings shared by the local-k8s subcommands (sourced, not run). One place for every path, address and range.
K8S_VERSION=1.20.2
WEBLOG_CACHE=${WEBLOG_CACHE:-$HOME/.cache/weblog}
CACHE=${LOCAL_K8S_CACHE:-$WEBLOG_CACHE/k8s-$K8S_VERSION}   # sources, Go cache, binaries (kept across runs)
BIN=$CACHE/bin                                          # the built binaries
STATE=${LOCAL_K8S_STATE:-$WEBLOG_CACHE/local-k8s}       # the running cluster: pki, etcd, kubelet, logs
PKI=$STATE/pki
RUN=$STATE/run                                          # pid files, logs, what `down` must undo
VOLUMES=$STATE/volumes                                  # where the provisioner puts PersistentVolumes
KUBECONFIG_FILE=$STATE/admin.kubeconfig
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

NODE_NAME=weblog-node
NODE_IP=10.201.0.1        # put on lo by `up`: cluster traffic never needs a real interface
SERVICE_CIDR=10.97.0.0/24
KUBE_SVC_IP=10.97.0.1
DNS_IP=10.97.0.10
POD_CIDR=10.245.0.0/24
CLUSTER_RANGES="10.245.0.0/16 10.97.0.0/16 10.201.0.0/16"  # pods, services, node: never routed off the machine
BRIDGE=wlcni0
APISERVER_PORT=6443
ETCD_CLIENT_PORT=12379  # not 2379: a system etcd (Debian starts one where systemd runs) keeps that
ETCD_PEER_PORT=12380
CONTAINERD_SOCK=/run/weblog-containerd/containerd.sock
CONTAINERD_STATE=/run/weblog-containerd

# Built from source, in this order (dns and provisioner are the project's own, built in the same tree).
BINARIES="kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy kubectl weblog-dns weblog-provisioner"
BUILD_PACKAGES="golang-go make gcc libc6-dev rsync dpkg-dev golang-github-modern-go-reflect2-dev etcd-server"  # etcd: the real-API tests run it with the built apiserver
RUN_PACKAGES="etcd-server openssl busybox-static iptables conntrack containerd runc containernetworking-plugins curl iproute2"

log() { printf '[local-k8s %s] %s\n' "$(date +%T)" "$*"; }
die() { printf 'local-k8s: %s\n' "$*" >&2; exit 1; }

require_root_linux() {
  [[ $(uname -s) == Linux ]] || { echo "local-k8s: needs Linux (this is $(uname -s)); use kind instead" >&2; exit 2; }
  [[ $EUID -eq 0 ]] || { echo "local-k8s: needs root (it runs containerd, the kubelet and iptables); rerun with sudo" >&2; exit 2; }
}

# Installs the Debian packages not yet present (names only; the mirror is the machine's own apt configuration).
ensure_packages() {
  local missing=()
  for p in "$@"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p"); done
  [[ ${#missing[@]} -eq 0 ]] && return 0
  log "installing Debian packages: ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >"$RUN/apt-install.log" 2>&1 \
    || { apt-get update -q >>"$RUN/apt-install.log" 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >>"$RUN/apt-install.log" 2>&1; } \
    || die "apt-get install ${missing[*]} failed; see $RUN/apt-install.log"
}
