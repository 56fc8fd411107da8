{{/*
"true" when a Prometheus Operator object is to be rendered: its `enabled` value is true, or "auto" and the
cluster serves its API. Call with (dict "enabled" .Values.x.enabled "api" "monitoring.coreos.com/v1/Kind" "ctx" $).
*/}}
{{- define "weblog-operator.monitoringOn" -}}
{{- $enabled := toString .enabled -}}
{{- if eq $enabled "true" -}}
true
{{- else if and (eq $enabled "auto") (.ctx.Capabilities.APIVersions.Has .api) -}}
true
{{- end -}}
{{- end -}}
