# `local-k8s.sh check` (sourced by cluster.sh): proves the running cluster does what the project needs, in a
# shellcheck shell=bash
# throwaway namespace. busybox's wget segfaults (Debian's static build), so HTTP goes through nc.
CHECK_NS=local-k8s-check

check_manifests() {
  cat <<EOF
apiVersion: v1
kind: Pod
metadata: {name: client, namespace: $CHECK_NS}
spec:
  terminationGracePeriodSeconds: 0
  containers:
  - name: c
    image: $BUSYBOX_IMAGE
    imagePullPolicy: Never
    command: [sh, -c, "exec sleep 3600"]
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: $CHECK_NS, labels: {app: web}}
spec:
  terminationGracePeriodSeconds: 0
  containers:
  - name: httpd
    image: $BUSYBOX_IMAGE
    imagePullPolicy: Never
    command: [httpd, -f, -p, "8080", -h, /www]
    ports: [{containerPort: 8080, protocol: TCP}]
    readinessProbe: {tcpSocket: {port: 8080}, periodSeconds: 1}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: $CHECK_NS}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080, protocol: TCP}]
---
apiVersion: v1
kind: Service
metadata: {name: db, namespace: $CHECK_NS}
spec:
  clusterIP: None
  selector: {app: db}
  ports: [{name: tcp, port: 9000, protocol: TCP}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: $CHECK_NS}
spec:
  serviceName: db
  replicas: 1
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      terminationGracePeriodSeconds: 0
      containers:
      - name: c
        image: $BUSYBOX_IMAGE
        imagePullPolicy: Never
        command: [httpd, -f, -p, "9000", -h, /www]
        readinessProbe: {tcpSocket: {port: 9000}, periodSeconds: 1}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data, namespace: $CHECK_NS}
spec:
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 16Mi}}
---
apiVersion: v1
kind: Pod
metadata: {name: writer, namespace: $CHECK_NS}
spec:
  terminationGracePeriodSeconds: 0
  securityContext: {runAsUser: 1000, runAsGroup: 1000}
  volumes: [{name: data, persistentVolumeClaim: {claimName: data}}]
  containers:
  - name: c
    image: $BUSYBOX_IMAGE
    imagePullPolicy: Never
    command: [sh, -c, "echo written-by-\$(id -u) > /data/proof && exec sleep 3600"]
    volumeMounts: [{name: data, mountPath: /data}]
EOF
}

CHECK_FAILED=0
pass() { printf 'PASS %s\n' "$*"; }
fail() { printf 'FAIL %s\n' "$*"; CHECK_FAILED=$((CHECK_FAILED + 1)); }
# poll SECONDS CMD...: true as soon as CMD is
poll() { local end=$((SECONDS + $1)); shift; until "$@" >/dev/null 2>&1; do ((SECONDS < end)) || return 1; sleep 0.5; done; }
kx() { timeout 20 "$BIN/kubectl" --kubeconfig "$KUBECONFIG_FILE" -n "$CHECK_NS" exec "$@"; }
jp() { kc -n "$CHECK_NS" get "$1" -o jsonpath="$2" 2>/dev/null; }
pod_ready() { [[ $(jp "pod/$1" '{.status.conditions[?(@.type=="Ready")].status}') == True ]]; }
pvc_bound() { [[ $(jp pvc/data '{.status.phase}') == Bound ]]; }
gone() { ! kc get "$@" >/dev/null 2>&1; }
# nslookup in the client pod; busybox prints "Address: <ip>" per answer after the server's own lines
lookup() { kx client -- nslookup "$1" 2>&1; }
answers() { awk '/^Name:/ { n = 1 } n && /^Address/ { print $NF }' <<<"$1"; }

cmd_check() {
  require_root_linux
  set +e   # every step reports PASS/FAIL itself; one failure must not hide the others
  cluster_healthy || die "the cluster is not up and healthy (scripts/local-k8s.sh status)"
  # shellcheck disable=SC2034  # read by stage()
  T0=$EPOCHREALTIME
  kc delete namespace "$CHECK_NS" --ignore-not-found --wait=true --timeout=90s >/dev/null
  trap 'kc delete namespace "$CHECK_NS" --ignore-not-found --wait=false >/dev/null 2>&1' EXIT
  kc create namespace "$CHECK_NS" >/dev/null
  poll 30 kc -n "$CHECK_NS" get serviceaccount default || die "no default service account in $CHECK_NS"
  check_manifests | kc apply -f - >/dev/null || die "creating the check's objects failed"

  # (1) a pod from the imported image
  if poll 90 pod_ready client; then pass "pod from the imported $BUSYBOX_IMAGE (imagePullPolicy Never) is Running"
  else fail "pod client not Running: $(jp pod/client '{.status.containerStatuses[0].state}')"; fi

  # (5) pod -> ClusterIP Service (busybox httpd behind it)
  local cip out; cip=$(jp svc/web '{.spec.clusterIP}')
  poll 60 pod_ready web
  poll 20 bash -c "[[ -n \$($BIN/kubectl --kubeconfig $KUBECONFIG_FILE -n $CHECK_NS get endpoints web -o jsonpath='{.subsets[0].addresses[0].ip}') ]]"
  out=$(kx client -- sh -c "printf 'GET / HTTP/1.0\r\n\r\n' | nc -w 3 $cip 80" 2>&1)
  if [[ $out == *"hello from weblog busybox"* ]]; then pass "pod -> Service web ClusterIP $cip:80 -> httpd"
  else fail "pod -> Service web $cip:80: $out"; fi

  # (2) DNS from a pod: only cluster names, never forwarded
  out=$(lookup "web.$CHECK_NS.svc.$CLUSTER_DOMAIN")
  if [[ $(answers "$out") == "$cip" ]]; then pass "DNS: web.$CHECK_NS.svc.$CLUSTER_DOMAIN -> $cip"
  else fail "DNS web.$CHECK_NS.svc: $out"; fi
  out=$(lookup web)
  if [[ $(answers "$out") == "$cip" ]]; then pass "DNS: short name 'web' via the search path -> $cip"
  else fail "DNS short name web: $out"; fi
  local p0
  poll 60 pod_ready db-0; p0=$(jp pod/db-0 '{.status.podIP}')
  poll 15 bash -c "$BIN/kubectl --kubeconfig $KUBECONFIG_FILE -n $CHECK_NS exec client -- nslookup db-0.db.$CHECK_NS.svc.$CLUSTER_DOMAIN | grep -F 'Address: $p0' >/dev/null"
  out=$(lookup "db-0.db.$CHECK_NS.svc.$CLUSTER_DOMAIN")
  if [[ -n $p0 && $(answers "$out") == "$p0" ]]; then pass "DNS: StatefulSet pod db-0.db.$CHECK_NS.svc.$CLUSTER_DOMAIN -> $p0"
  else fail "DNS StatefulSet pod db-0 (ip ${p0:-none}): $out"; fi
  out=$(lookup "missing.$CHECK_NS.svc.$CLUSTER_DOMAIN")
  if [[ $out == *NXDOMAIN* && -z $(answers "$out") ]]; then pass "DNS: missing.$CHECK_NS.svc.$CLUSTER_DOMAIN -> NXDOMAIN"
  else fail "DNS missing service: $out"; fi
  out=$(lookup example.com.)
  if [[ $out == *REFUSED* && -z $(answers "$out") ]]; then pass "DNS: example.com -> REFUSED, no answer (nothing forwarded)"
  else fail "DNS outside the cluster: $out"; fi

  # (3) a PVC of the default class, written by a non-root pod; deleting the claim deletes the volume
  local pv dir
  if poll 60 pvc_bound && poll 60 pod_ready writer; then
    pv=$(jp pvc/data '{.spec.volumeName}'); dir=$(kc get pv "$pv" -o jsonpath='{.spec.hostPath.path}')
    out=$(cat "$dir/proof" 2>&1)
    if [[ $out == written-by-1000 && $(jp pvc/data '{.spec.storageClassName}') == standard ]]; then
      pass "PVC data Bound to $pv (class standard); pod with runAsUser 1000 wrote $dir/proof"
    else fail "PVC volume content: $out"; fi
    kc -n "$CHECK_NS" delete pod writer --wait=true --timeout=60s >/dev/null
    kc -n "$CHECK_NS" delete pvc data --wait=true --timeout=60s >/dev/null
    if poll 60 gone pv "$pv" && [[ ! -e $dir ]]; then pass "PVC deleted: volume $pv and its directory removed"
    else fail "after deleting the PVC: pv $pv $(kc get pv "$pv" -o jsonpath='{.status.phase}' 2>&1), dir $dir $([[ -e $dir ]] && echo exists)"; fi
  else
    fail "PVC data $(jp pvc/data '{.status.phase}'), pod writer not Ready"
  fi

  # (4) egress: the default gateway is off the machine; a pod's connection to it must die in the guard
  local gw before after t
  gw=$(ip -4 route show default | awk '{ print $3; exit }')
  if [[ -z $gw ]]; then fail "egress: no IPv4 default route to test against"
  else
    before=$(guard_drops WEBLOG-GUARD); t=$EPOCHREALTIME
    if out=$(kx client -- nc -w 3 "$gw" 80 </dev/null 2>&1); then fail "egress: pod reached $gw:80: $out"
    else
      t=$(awk -v a="$t" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'); after=$(guard_drops WEBLOG-GUARD)
      if ((after > before)) && awk -v t="$t" 'BEGIN { exit !(t < 10) }'; then
        pass "egress: pod -> gateway $gw:80 failed in ${t}s; WEBLOG-GUARD drops $before -> $after"
      else fail "egress: connect failed in ${t}s but WEBLOG-GUARD drops $before -> $after"; fi
    fi
    # the same from the host with a cluster source address: WEBLOG-EGRESS must catch it
    before=$(guard_drops WEBLOG-EGRESS)
    if curl -s --max-time 3 --interface "$NODE_IP" "http://$gw/" >/dev/null 2>&1; then fail "egress: host reached $gw from $NODE_IP"
    else
      after=$(guard_drops WEBLOG-EGRESS)
      if ((after > before)); then pass "egress: host -> $gw with source $NODE_IP dropped (WEBLOG-EGRESS $before -> $after)"
      else fail "egress: host -> $gw from $NODE_IP failed but WEBLOG-EGRESS did not count it"; fi
    fi
  fi

  kc delete namespace "$CHECK_NS" --wait=true --timeout=90s >/dev/null && trap - EXIT
  stage "check done: $CHECK_FAILED failed"
  ((CHECK_FAILED == 0))
}
