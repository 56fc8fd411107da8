{{/*
The operator's rules in the namespaces it watches: exactly dev.weblog.operator.OperatorPermissions (RbacTest
fails when they drift). Pods, Services, ConfigMaps and claims carry every verb the Spark drivers' Role grants,
because Kubernetes lets the operator grant only what it holds itself. pods/log and listing events let a waiting
condition name a crashed container's last line and a pending claim's reason. Getting priorityclasses, which are
cluster-scoped, is granted by the CRD reader's ClusterRole in rbac.yaml, whatever namespaces are watched.
*/}}
{{- define "weblog-operator.rules" -}}
- apiGroups: ["weblog.dev"]
  resources: ["weblogpipelines"]
  verbs: ["get", "list", "watch", "update", "patch"]
- apiGroups: ["weblog.dev"]
  resources: ["weblogpipelines/status"]
  verbs: ["get", "update", "patch"]
- apiGroups: ["weblog.dev"]
  resources: ["weblogpipelines/finalizers"]
  verbs: ["update"]
- apiGroups: [""]
  resources: ["pods", "services", "configmaps", "persistentvolumeclaims"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"]
- apiGroups: [""]
  resources: ["pods/log"]
  verbs: ["get"]
- apiGroups: [""]
  resources: ["serviceaccounts"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "patch", "list"]
- apiGroups: ["apps"]
  resources: ["statefulsets", "deployments"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: ["batch"]
  resources: ["jobs"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: ["networking.k8s.io"]
  resources: ["networkpolicies"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: ["policy"]
  resources: ["poddisruptionbudgets"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: ["rbac.authorization.k8s.io"]
  resources: ["roles", "rolebindings"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: ["kafka.strimzi.io"]
  resources: ["kafkas", "kafkanodepools", "kafkatopics", "kafkausers"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
{{- end -}}
