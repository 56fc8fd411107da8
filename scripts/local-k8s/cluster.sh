# `local-k8s.sh up | down | status | check | import` (sourced by the dispatcher, after common.sh).
# shellcheck shell=bash
# Every process runs detached (setsid nohup) with "<pid> <start time>" in $RUN/<name>.pid, so a recycled pid is
# never taken for ours; logs are $RUN/<name>.log (the previous run's is <name>.log.1).
. "$HERE/build.sh"
. "$HERE/pki.sh"
. "$HERE/images.sh"
. "$HERE/hostnet.sh"
. "$HERE/check.sh"

T0=$EPOCHREALTIME   # reset by each command that times its stages
stage() { log "+$(awk -v a="$T0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')s $*"; }
kc() { "$BIN/kubectl" --kubeconfig "$KUBECONFIG_FILE" "$@"; }
kctr() { ctr --address "$CONTAINERD_SOCK" -n k8s.io "$@"; }

# --- processes ---
proc_starttime() { sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | awk '{ print $20 }'; }
proc_pid() { local pid st; read -r pid st 2>/dev/null <"$RUN/$1.pid" && echo "$pid"; }
proc_alive() {
  local pid st
  read -r pid st 2>/dev/null <"$RUN/$1.pid" || return 1
  [[ -n $pid && -n $st && $(proc_starttime "$pid") == "$st" ]] || return 1
  [[ $(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | cut -d' ' -f1) != Z ]]
}
proc_start() { # NAME CMD...
  local name=$1; shift
  [[ -f $RUN/$name.log ]] && mv "$RUN/$name.log" "$RUN/$name.log.1"
  setsid nohup "$@" >"$RUN/$name.log" 2>&1 </dev/null 9>&- &   # 9: the up/down lock stays ours
  echo "$! $(proc_starttime $!)" >"$RUN/$name.pid"
}
proc_stop() { # NAME: TERM, then KILL after 5 s
  local name=$1 pid _
  if proc_alive "$name"; then
    pid=$(proc_pid "$name")
    kill -TERM "$pid" 2>/dev/null
    for _ in $(seq 25); do proc_alive "$name" || break; sleep 0.2; done
    proc_alive "$name" && { kill -KILL "$pid" 2>/dev/null; sleep 0.3; }
    log "stopped $name (pid $pid)"
  fi
  proc_alive "$name" || rm -f "$RUN/$name.pid"
}
# wait_for SECONDS NAME WHAT CMD...: polls CMD; on timeout dies with the end of NAME's log
wait_for() {
  local secs=$1 name=$2 what=$3 end; shift 3
  end=$((SECONDS + secs))
  until "$@" >/dev/null 2>&1; do
    if [[ $name != - ]] && ! proc_alive "$name"; then
      die "$name exited while waiting for $what; last lines of $RUN/$name.log:
$(tail -15 "$RUN/$name.log" 2>/dev/null)"
    fi
    ((SECONDS < end)) || die "timed out after ${secs}s waiting for $what; last lines of $RUN/$name.log:
$(tail -15 "$RUN/$name.log" 2>/dev/null)"
    sleep 0.25
  done
}
# shims and pod processes outlive a killed containerd: found by our socket path / the kubelet's cgroup
our_shims() {
  local f
  for f in /proc/[0-9]*/cmdline; do
    [[ $(tr '\0' ' ' <"$f" 2>/dev/null) == *"-address $CONTAINERD_SOCK "* ]] && { f=${f#/proc/}; echo "${f%/cmdline}"; }
  done
}
kubepods_procs() { cat /sys/fs/cgroup/*/kubepods/cgroup.procs /sys/fs/cgroup/*/kubepods/*/cgroup.procs /sys/fs/cgroup/*/kubepods/*/*/cgroup.procs /sys/fs/cgroup/*/kubepods/*/*/*/cgroup.procs 2>/dev/null | sort -u; }
our_mounts() { findmnt -rn -o TARGET | awk -v a="$STATE" -v b="$CONTAINERD_STATE" 'index($0, a "/") == 1 || $0 == a || index($0, b "/") == 1 || $0 == b' | sort -r; }

node_ip_on_lo() { [[ $(ip -4 addr show dev lo) == *" $NODE_IP/32 "* ]]; }
node_is_ready() { [[ $(node_ready) == True ]]; }
# Ready as reported by this kubelet, not a stale status left in etcd by the one before: heartbeat >= $1
node_ready_since() {
  local st hb
  read -r st hb < <(kc get node "$NODE_NAME" -o jsonpath='{range .status.conditions[?(@.type=="Ready")]}{.status} {.lastHeartbeatTime}{end}' 2>/dev/null)
  [[ $st == True && ! $hb < $1 ]]
}
node_ready() { kc get node "$NODE_NAME" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}' 2>/dev/null; }
apiserver_ready() { curl -sf --max-time 3 --cacert "$PKI/ca.crt" "https://$NODE_IP:$APISERVER_PORT/readyz" >/dev/null; }

cluster_healthy() {
  local n
  for n in $PROCESSES; do proc_alive "$n" || return 1; done
  apiserver_ready && [[ $(node_ready) == True ]] && guard_missing >/dev/null && kc get storageclass standard >/dev/null 2>&1
}
leftovers_present() {
  ls "$RUN"/*.pid >/dev/null 2>&1 || [[ -e $CONTAINERD_STATE || -f $RUN/sysctl.before ]] \
    || node_ip_on_lo || ip link show "$BRIDGE" >/dev/null 2>&1 \
    || [[ -n $(our_mounts)$(our_shims) ]] || { iptables-save; ip6tables-save; } 2>/dev/null | grep -E "^:(WEBLOG-|KUBE-)" >/dev/null
}

# --- configuration of the node services ---
write_configs() {
  mkdir -p "$CONF" "$CNI_DIR/net.d" "$CNI_DIR/ipam" "$CONTAINERD_ROOT" "$KUBELET_ROOT" "$VOLUMES" "$ETCD_DATA"
  chmod 700 "$ETCD_DATA"
  cat >"$CONF/containerd.toml" <<EOF
version = 2
root = "$CONTAINERD_ROOT"
state = "$CONTAINERD_STATE"
# opt would create /opt/containerd; the unused snapshotters are not needed
disabled_plugins = ["io.containerd.internal.v1.opt", "io.containerd.snapshotter.v1.aufs",
  "io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper"]
[grpc]
  address = "$CONTAINERD_SOCK"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "$PAUSE_IMAGE"
  # the VM lacks CAP_SYS_RESOURCE: runc cannot set a negative oom_score_adj ("can't get final child's PID")
  restrict_oom_score_adj = true
  # pod network namespaces under our state dir, not /run/netns
  netns_mounts_under_state_dir = true
  stream_server_address = "127.0.0.1"
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
        Root = "$CONTAINERD_STATE/runc"
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$CNI_DIR/net.d"
    max_conf_num = 1
EOF
  # ipMasq false: pod traffic is never NATed to the host's address (the guard drops it anyway)
  cat >"$CNI_DIR/net.d/10-weblog.conflist" <<EOF
{"cniVersion": "0.4.0", "name": "weblog", "plugins": [
  {"type": "bridge", "bridge": "$BRIDGE", "isGateway": true, "ipMasq": false, "hairpinMode": true,
   "ipam": {"type": "host-local", "dataDir": "$CNI_DIR/ipam", "ranges": [[{"subnet": "$POD_CIDR"}]],
            "routes": [{"dst": "0.0.0.0/0"}]}}]}
EOF
  # resolvConf "": pods get only the cluster DNS. Image GC off: imported images cannot be pulled back.
  cat >"$CONF/kubelet.yaml" <<EOF
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: $NODE_IP
port: $KUBELET_PORT
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: 10248
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: true}
  x509: {clientCAFile: $PKI/ca.crt}
authorization: {mode: Webhook}
tlsCertFile: $PKI/kubelet.crt
tlsPrivateKeyFile: $PKI/kubelet.key
cgroupDriver: cgroupfs
clusterDomain: $CLUSTER_DOMAIN
clusterDNS: [$DNS_IP]
resolvConf: ""
failSwapOn: false
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
evictionHard: {memory.available: 100Mi, nodefs.available: 2%, imagefs.available: 2%}
nodeStatusUpdateFrequency: 4s   # Ready reaches the apiserver ~6 s sooner after a start
EOF
  # nodePortAddresses: node ports only on the node address, never on the machine's real interfaces
  cat >"$CONF/kube-proxy.yaml" <<EOF
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
clientConnection: {kubeconfig: $CONF/kube-proxy.kubeconfig}
mode: iptables
clusterCIDR: $POD_CIDR
hostnameOverride: $NODE_NAME
bindAddress: $NODE_IP
healthzBindAddress: 127.0.0.1:10256
metricsBindAddress: 127.0.0.1:10249
nodePortAddresses: [$NODE_IP/32]
conntrack: {maxPerCore: 0, min: 0, tcpEstablishedTimeout: 0s, tcpCloseWaitTimeout: 0s}
EOF
}

# RBAC of our two node services, the cluster DNS Service (manual Endpoints: it runs on the node) and the
# default StorageClass.
bootstrap_objects() {
  kc apply -f - >"$RUN/bootstrap.log" 2>&1 <<EOF || die "applying the bootstrap objects failed: $(cat "$RUN/bootstrap.log")"
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: weblog-dns}
rules:
- {apiGroups: [""], resources: [services, endpoints], verbs: [list, watch]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: weblog-dns}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: weblog-dns}
subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: weblog-dns}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: weblog-provisioner}
rules:
- {apiGroups: [""], resources: [persistentvolumeclaims], verbs: [get, list, watch]}
- {apiGroups: [""], resources: [persistentvolumes], verbs: [get, list, watch, create, delete]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: weblog-provisioner}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: weblog-provisioner}
subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: weblog-provisioner}]
---
apiVersion: v1
kind: Service
metadata: {name: kube-dns, namespace: kube-system, labels: {k8s-app: kube-dns}}
spec:
  clusterIP: $DNS_IP
  ports: [{name: dns, port: 53, protocol: UDP}, {name: dns-tcp, port: 53, protocol: TCP}]
---
apiVersion: v1
kind: Endpoints
metadata: {name: kube-dns, namespace: kube-system, labels: {k8s-app: kube-dns}}
subsets:
- addresses: [{ip: $NODE_IP}]
  ports: [{name: dns, port: 53, protocol: UDP}, {name: dns-tcp, port: 53, protocol: TCP}]
---
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: standard
  annotations: {storageclass.kubernetes.io/is-default-class: "true"}
provisioner: weblog.dev/hostpath
reclaimPolicy: Delete
volumeBindingMode: Immediate
EOF
}

start_etcd() {
  local c=http://127.0.0.1:$ETCD_CLIENT_PORT p=http://127.0.0.1:$ETCD_PEER_PORT
  proc_start etcd etcd --name weblog --data-dir "$ETCD_DATA" --logger zap --log-outputs stderr \
    --listen-client-urls "$c" --advertise-client-urls "$c" --listen-peer-urls "$p" \
    --initial-advertise-peer-urls "$p" --initial-cluster "weblog=$p"
}
start_apiserver() {
  proc_start apiserver "$BIN/kube-apiserver" \
    --etcd-servers="http://127.0.0.1:$ETCD_CLIENT_PORT" \
    --bind-address="$NODE_IP" --advertise-address="$NODE_IP" --secure-port="$APISERVER_PORT" --insecure-port=0 \
    --tls-cert-file="$PKI/apiserver.crt" --tls-private-key-file="$PKI/apiserver.key" --client-ca-file="$PKI/ca.crt" \
    --kubelet-client-certificate="$PKI/apiserver-kubelet-client.crt" --kubelet-client-key="$PKI/apiserver-kubelet-client.key" \
    --kubelet-certificate-authority="$PKI/ca.crt" --kubelet-preferred-address-types=InternalIP \
    --service-account-issuer="https://kubernetes.default.svc.$CLUSTER_DOMAIN" \
    --service-account-key-file="$PKI/sa.pub" --service-account-signing-key-file="$PKI/sa.key" \
    --service-cluster-ip-range="$SERVICE_CIDR" \
    --authorization-mode=Node,RBAC --enable-admission-plugins=NodeRestriction --profiling=false
}
start_controller_manager() {
  local k=$CONF/controller-manager.kubeconfig
  proc_start controller-manager "$BIN/kube-controller-manager" --kubeconfig="$k" \
    --authentication-kubeconfig="$k" --authorization-kubeconfig="$k" \
    --bind-address=127.0.0.1 --port=0 --leader-elect=false --profiling=false \
    --service-account-private-key-file="$PKI/sa.key" --root-ca-file="$PKI/ca.crt" \
    --cluster-signing-cert-file="$PKI/ca.crt" --cluster-signing-key-file="$PKI/ca.key" \
    --use-service-account-credentials=true --service-cluster-ip-range="$SERVICE_CIDR" \
    --flex-volume-plugin-dir="$KUBELET_ROOT/volume-plugins"   # default would create /usr/libexec/kubernetes
}
start_scheduler() {
  local k=$CONF/scheduler.kubeconfig
  proc_start scheduler "$BIN/kube-scheduler" --kubeconfig="$k" \
    --authentication-kubeconfig="$k" --authorization-kubeconfig="$k" \
    --bind-address=127.0.0.1 --port=0 --leader-elect=false --profiling=false
}
start_containerd() {
  # an unreachable proxy: should anything ask containerd to pull, it fails here instead of going out
  proc_start containerd env HTTP_PROXY=http://127.0.0.1:9 HTTPS_PROXY=http://127.0.0.1:9 NO_PROXY= \
    containerd --config "$CONF/containerd.toml"
}
start_kubelet() {
  proc_start kubelet "$BIN/kubelet" --config="$CONF/kubelet.yaml" --kubeconfig="$CONF/kubelet.kubeconfig" \
    --container-runtime=remote --container-runtime-endpoint="unix://$CONTAINERD_SOCK" --containerd="$CONTAINERD_SOCK" \
    --pod-infra-container-image="$PAUSE_IMAGE" --hostname-override="$NODE_NAME" --node-ip="$NODE_IP" \
    --root-dir="$KUBELET_ROOT" --cert-dir="$KUBELET_ROOT/pki" --volume-plugin-dir="$KUBELET_ROOT/volume-plugins" --v=1
}

import_images() { local f; for f; do kctr images import "$f" >/dev/null || die "ctr images import $f failed"; done; }

cmd_up() {
  require_root_linux
  exec 9>"$RUN/.lock"; flock -n 9 || die "another up/down is running"
  # shellcheck disable=SC2086  # a list of names
  ensure_packages $RUN_PACKAGES
  local b; for b in $BINARIES; do [[ -x $BIN/$b ]] || { (cmd_build) || exit 1; break; }; done
  if cluster_healthy; then
    log "already up and healthy (node $NODE_NAME Ready, safety rules in place)"
    log "use it with: eval \"\$(scripts/local-k8s.sh env)\""
    return 0
  fi
  if leftovers_present; then
    stage "not healthy, or leftovers of an earlier run: cleaning them first"
    teardown || die "could not clean the leftovers (listed above)"
  fi
  gen_pki; stage "certificates and kubeconfigs ready"
  build_images; write_configs; stage "images and configs ready"
  host_record; host_net_up; stage "node address $NODE_IP on lo, network guard checked"

  start_etcd
  wait_for 30 etcd "etcd health" curl -sf "http://127.0.0.1:$ETCD_CLIENT_PORT/health"; stage "etcd up"
  start_apiserver
  wait_for 90 apiserver "apiserver /readyz" apiserver_ready; stage "apiserver ready"
  bootstrap_objects
  start_controller_manager; start_scheduler
  start_containerd
  wait_for 30 containerd "containerd" kctr version
  import_images "$IMAGES/pause.tar" "$IMAGES/busybox.tar"; stage "containerd up, images imported"
  start_kube_proxy_stage
  guard_missing >/dev/null || die "network guard changed: $(guard_missing | tr '\n' ';'); not starting the kubelet"
  local kubelet_start; kubelet_start=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  start_kubelet
  proc_start dns "$BIN/weblog-dns" --kubeconfig="$CONF/dns.kubeconfig" --listen="$NODE_IP:53" --domain="$CLUSTER_DOMAIN"
  proc_start provisioner "$BIN/weblog-provisioner" --kubeconfig="$CONF/provisioner.kubeconfig" --root="$VOLUMES"
  wait_for 30 controller-manager "controller-manager healthz" curl -skf https://127.0.0.1:10257/healthz
  wait_for 30 scheduler "scheduler healthz" curl -skf https://127.0.0.1:10259/healthz
  stage "controller-manager and scheduler healthy"
  wait_for 30 dns "cluster DNS" grep -q serving "$RUN/dns.log"
  wait_for 30 provisioner "provisioner" grep -q "provisioning claims" "$RUN/provisioner.log"
  stage "cluster DNS on $NODE_IP:53 and provisioner up"
  wait_for 120 kubelet "node $NODE_NAME Ready" node_ready_since "$kubelet_start"; stage "kubelet up, node Ready"

  local missing; missing=$(guard_missing) || die "network guard MISSING after start: $missing"
  for b in $PROCESSES; do proc_alive "$b" || die "$b is not running; see $RUN/$b.log"; done
  stage "cluster up ($(awk -v a="$T0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.0f", b - a }') s); safety rules checked"
  log "use it with: eval \"\$(scripts/local-k8s.sh env)\""
}
start_kube_proxy_stage() {
  proc_start kube-proxy "$BIN/kube-proxy" --config="$CONF/kube-proxy.yaml"
  wait_for 30 kube-proxy "kube-proxy healthz" curl -sf http://127.0.0.1:10256/healthz; stage "kube-proxy up"
}

# Stops everything and undoes every host change; prints what is left and fails if anything is.
teardown() {
  local n pid
  for n in provisioner dns kubelet kube-proxy; do proc_stop "$n"; done
  # pod containers, through our containerd (started again if it died and left shims running)
  if ! proc_alive containerd && [[ -n $(our_shims) && -f $CONF/containerd.toml ]]; then
    start_containerd; wait_for 15 containerd "containerd (to remove pods)" kctr version
  fi
  if proc_alive containerd; then
    local ids; ids=$(kctr tasks ls -q 2>/dev/null)
    for n in $ids; do kctr tasks kill -a -s SIGKILL "$n" >/dev/null 2>&1; done
    [[ -n $ids ]] && sleep 1
    for n in $ids; do kctr tasks delete -f "$n" >/dev/null 2>&1; done
    for n in $(kctr containers ls -q 2>/dev/null); do kctr containers delete "$n" >/dev/null 2>&1; done
    [[ -n $ids ]] && log "removed $(wc -w <<<"$ids") pod containers"
  fi
  proc_stop containerd
  for pid in $(our_shims) $(kubepods_procs); do kill -KILL "$pid" 2>/dev/null; done
  for n in scheduler controller-manager apiserver etcd; do proc_stop "$n"; done
  local m; for m in $(our_mounts); do umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null; done
  host_net_down
  local c; for c in /sys/fs/cgroup/*/kubepods /sys/fs/cgroup/kubepods; do
    [[ -d $c ]] && find "$c" -depth -type d -exec rmdir {} + 2>/dev/null
  done
  [[ -z $(our_mounts) ]] && rm -rf "$CONTAINERD_STATE" "${CNI_DIR:?}/ipam"   # no pod is left to hold a lease
  local restore; restore=$(host_restore)
  teardown_leftovers "$restore"
}

teardown_leftovers() {
  local left=() n
  for n in $PROCESSES; do proc_alive "$n" && left+=("process $n (pid $(proc_pid "$n"))"); done
  [[ -n $(our_shims) ]] && left+=("containerd shims: $(our_shims | tr '\n' ' ')")
  [[ -n $(kubepods_procs) ]] && left+=("processes in kubepods cgroups: $(kubepods_procs | tr '\n' ' ')")
  local chains; chains=$({ iptables-save; ip6tables-save; } 2>/dev/null | grep -E '^:(WEBLOG-|KUBE-)' | cut -d' ' -f1 | tr '\n' ' ')
  [[ -n $chains ]] && left+=("iptables chains: $chains")
  node_ip_on_lo && left+=("address $NODE_IP on lo")
  ip link show "$BRIDGE" >/dev/null 2>&1 && left+=("bridge $BRIDGE")
  [[ -n $(our_mounts) ]] && left+=("mounts: $(our_mounts | tr '\n' ' ')")
  [[ -d /sys/fs/cgroup/memory/kubepods || -d /sys/fs/cgroup/pids/kubepods ]] && left+=("kubepods cgroups")
  [[ -n $1 ]] && left+=("$1")
  if [[ -f $RUN/iptables.before ]]; then
    local d; d=$(diff "$RUN/iptables.before" <(ipt_normalized))
    if [[ -n $d ]]; then left+=("iptables differ from before up (< before, > now): $d"); else rm -f "$RUN/iptables.before"; fi
  fi
  [[ ${#left[@]} -eq 0 ]] && return 0
  printf 'local-k8s: left behind: %s\n' "${left[@]}" >&2
  return 1
}

cmd_down() {
  require_root_linux
  local wipe=false
  case ${1:-} in --wipe) wipe=true ;; '') ;; *) die "usage: local-k8s.sh down [--wipe]" ;; esac
  exec 9>"$RUN/.lock"; flock -n 9 || die "another up/down is running"
  local rc=0
  teardown || rc=1
  if $wipe; then
    # never through a mount: a bind-mounted volume would take its source with it
    [[ -z $(our_mounts) ]] || die "not wiping: mounts remain under $STATE"
    find "$STATE" -mindepth 1 -maxdepth 1 ! -name run -exec rm -rf {} +
    log "state wiped (etcd, kubelet, containerd, CNI, volumes, pki); build cache $CACHE kept"
  fi
  [[ $rc == 0 ]] && stage "down: processes stopped, host changes undone, nothing left"
  return $rc
}

cmd_status() {
  require_root_linux
  local n up=0 healthy=true
  for n in $PROCESSES; do
    if proc_alive "$n"; then printf '%-20s running (pid %s)\n' "$n" "$(proc_pid "$n")"; up=$((up + 1))
    else printf '%-20s not running\n' "$n"; healthy=false; fi
  done
  local ready=""; proc_alive apiserver && ready=$(node_ready)
  printf '%-20s %s\n' "node $NODE_NAME" "$([[ -n $ready ]] && echo "Ready=$ready" || echo "unknown (apiserver down or node not registered)")"
  [[ $ready == True ]] || healthy=false
  local missing total; total=$( (guard_rules; guard_hooks) | wc -l)
  if missing=$(guard_missing); then printf '%-20s present (%s rules)\n' "safety rules" "$total"
  elif (($(grep -vc 'is not first' <<<"$missing") == total)); then printf '%-20s MISSING (all %s rules)\n' "safety rules" "$total"; healthy=false
  else printf '%-20s MISSING:\n%s\n' "safety rules" "$(sed 's/^/  /' <<<"$missing")"; healthy=false; fi
  local sc=""; proc_alive apiserver && sc=$(kc get storageclass standard -o jsonpath='{.provisioner} default={.metadata.annotations.storageclass\.kubernetes\.io/is-default-class}' 2>/dev/null)
  printf '%-20s %s\n' "storageclass" "$([[ -n $sc ]] && echo "standard ($sc)" || echo missing)"
  [[ -n $sc ]] || healthy=false
  ((up == 0)) && return 3
  $healthy && return 0
  return 1
}

cmd_import() {
  require_root_linux
  [[ $# -gt 0 ]] || die "usage: local-k8s.sh import <image.tar>..."
  proc_alive containerd || die "the cluster's containerd is not running: scripts/local-k8s.sh up"
  local f; for f; do [[ -f $f ]] || die "no such file: $f"; done
  for f; do kctr images import "$f" || die "ctr images import $f failed"; log "imported $f"; done
}

# An image reference as the kubelet resolves it: a name without a registry is Docker Hub's.
image_ref() { case $1 in */*/*) echo "$1" ;; */*) echo "docker.io/$1" ;; *) echo "docker.io/library/$1" ;; esac; }

cmd_tag() {
  require_root_linux
  [[ $# -eq 2 ]] || die "usage: local-k8s.sh tag <imported image> <new name>"
  proc_alive containerd || die "the cluster's containerd is not running: scripts/local-k8s.sh up"
  kctr images tag --force "$(image_ref "$1")" "$(image_ref "$2")" >/dev/null || die "ctr images tag $1 $2 failed"
  log "tagged $1 as $2"
}
