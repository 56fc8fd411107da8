# Certificates and kubeconfigs of the local cluster (sourced by cluster.sh). One CA signs everything; every
# shellcheck shell=bash
# component has its own client certificate, so RBAC sees it as its own user. Existing files are kept.

# sign NAME CN O EKU [SANS]: a 2048-bit RSA key and a cert from the CA (RSA: every client, Java's too, reads it)
pki_sign() {
  local name=$1 cn=$2 o=$3 eku=$4 sans=${5:-} subj
  [[ -f $PKI/$name.crt && -f $PKI/$name.key ]] && return 0
  subj="/CN=$cn"; [[ -n $o ]] && subj="/O=$o/CN=$cn"
  openssl genrsa -out "$PKI/$name.key" 2048 2>/dev/null
  {
    echo "basicConstraints=CA:FALSE"
    echo "keyUsage=critical,digitalSignature,keyEncipherment"
    echo "extendedKeyUsage=$eku"
    [[ -n $sans ]] && echo "subjectAltName=$sans"
  } >"$PKI/$name.ext"
  openssl req -new -key "$PKI/$name.key" -subj "$subj" 2>/dev/null \
    | openssl x509 -req -CA "$PKI/ca.crt" -CAkey "$PKI/ca.key" -CAcreateserial -days 3650 \
        -extfile "$PKI/$name.ext" -out "$PKI/$name.crt" 2>/dev/null
  rm -f "$PKI/$name.ext"
}

# kubeconfig FILE USER CERTNAME: credentials embedded, so the file works from anywhere (tests, IDE)
pki_kubeconfig() {
  local b64='base64 -w0'
  cat >"$1" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: weblog-local
  cluster:
    server: https://$NODE_IP:$APISERVER_PORT
    certificate-authority-data: $($b64 <"$PKI/ca.crt")
users:
- name: $2
  user:
    client-certificate-data: $($b64 <"$PKI/$3.crt")
    client-key-data: $($b64 <"$PKI/$3.key")
contexts:
- name: weblog-local
  context: {cluster: weblog-local, user: $2}
current-context: weblog-local
EOF
  chmod 600 "$1"
}

gen_pki() {
  mkdir -p "$PKI" "$CONF"
  chmod 700 "$PKI"
  if [[ ! -f $PKI/ca.crt ]]; then
    openssl genrsa -out "$PKI/ca.key" 2048 2>/dev/null
    openssl req -x509 -new -key "$PKI/ca.key" -subj "/CN=weblog-local-k8s-ca" -days 3650 -out "$PKI/ca.crt"
  fi
  local svc=kubernetes.default.svc
  pki_sign apiserver kube-apiserver "" serverAuth \
    "DNS:kubernetes,DNS:kubernetes.default,DNS:$svc,DNS:$svc.$CLUSTER_DOMAIN,DNS:localhost,IP:127.0.0.1,IP:$NODE_IP,IP:$KUBE_SVC_IP"
  pki_sign apiserver-kubelet-client kube-apiserver-kubelet-client system:masters clientAuth
  pki_sign admin weblog-admin system:masters clientAuth
  pki_sign controller-manager system:kube-controller-manager "" clientAuth
  pki_sign scheduler system:kube-scheduler "" clientAuth
  pki_sign kube-proxy system:kube-proxy "" clientAuth   # bound by the built-in system:node-proxier
  pki_sign kubelet-client "system:node:$NODE_NAME" system:nodes clientAuth
  pki_sign kubelet "$NODE_NAME" "" serverAuth "DNS:$NODE_NAME,DNS:localhost,IP:127.0.0.1,IP:$NODE_IP"
  pki_sign weblog-dns weblog-dns "" clientAuth
  pki_sign weblog-provisioner weblog-provisioner "" clientAuth
  if [[ ! -f $PKI/sa.key ]]; then
    openssl genrsa -out "$PKI/sa.key" 2048 2>/dev/null
    openssl rsa -in "$PKI/sa.key" -pubout -out "$PKI/sa.pub" 2>/dev/null
  fi
  pki_kubeconfig "$KUBECONFIG_FILE" weblog-admin admin
  pki_kubeconfig "$CONF/controller-manager.kubeconfig" system:kube-controller-manager controller-manager
  pki_kubeconfig "$CONF/scheduler.kubeconfig" system:kube-scheduler scheduler
  pki_kubeconfig "$CONF/kube-proxy.kubeconfig" system:kube-proxy kube-proxy
  pki_kubeconfig "$CONF/kubelet.kubeconfig" "system:node:$NODE_NAME" kubelet-client
  pki_kubeconfig "$CONF/dns.kubeconfig" weblog-dns weblog-dns
  pki_kubeconfig "$CONF/provisioner.kubeconfig" weblog-provisioner weblog-provisioner
}
