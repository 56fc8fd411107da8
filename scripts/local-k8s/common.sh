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
RUN_PACKAGES="etcd-server openssl busybox-static iptables conntrack containerd runc containernetworking-plugins curl iproute2 kmod nftables"  # kmod: modprobe br_netfilter; nftables: drop the empty tables iptables-nft made

# The running cluster's own places (all under $STATE or $CONTAINERD_STATE, never a system default path).
ETCD_DATA=$STATE/etcd
KUBELET_ROOT=$STATE/kubelet
CONTAINERD_ROOT=$STATE/containerd
CNI_DIR=$STATE/cni                     # net.d: the network config; ipam: host-local's leases
CONF=$STATE/conf                       # generated configs and kubeconfigs of the node services
IMAGES=$CACHE/images                   # pause and busybox as docker-archive tars (rebuilt only when missing)
PAUSE_IMAGE=localhost/weblog-pause:3.4
BUSYBOX_IMAGE=localhost/weblog-busybox:1.35
CLUSTER_DOMAIN=cluster.local
KUBELET_PORT=10250
# Every process `up` starts, in start order; `down` stops them in reverse. Pid files: $RUN/<name>.pid
PROCESSES="etcd apiserver controller-manager scheduler containerd kube-proxy kubelet dns provisioner"
# Kernel settings we or the kubelet/kube-proxy change: recorded by `up` before any change, restored by `down`.
SAVED_SYSCTLS="net.ipv4.ip_forward net.bridge.bridge-nf-call-iptables vm.overcommit_memory vm.panic_on_oom kernel.panic kernel.panic_on_oops kernel.keys.root_maxkeys kernel.keys.root_maxbytes net.ipv4.conf.all.route_localnet"
# Paths the node services create outside our dirs when missing (fixed in their code: shim sockets, device
# plugins, libcni's cache, pod log links); `down` removes those `up` found absent.
HOST_PATHS="/var/log/pods /var/log/containers /run/containerd /var/lib/kubelet /var/lib/cni /usr/libexec/kubernetes"
OWNED_CHAINS='^(WEBLOG-|KUBE-)'        # iptables chains `down` removes: ours and the ones kubelet/kube-proxy make

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
