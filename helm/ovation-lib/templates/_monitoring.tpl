{{/*
Whether prometheus-operator objects render: `enabled` true or false forces it; "auto" renders them
when the cluster serves monitoring.coreos.com/v1 (helm template: --api-versions monitoring.coreos.com/v1),
so an install on a cluster without the operator does not fail on unknown kinds.
Usage: include "ovation-lib.monitoringEnabled" (list .Values.alerts.enabled $) → "true" or "false"
*/}}
{{- define "ovation-lib.monitoringEnabled" -}}
{{- $enabled := index . 0 -}}
{{- $root := index . 1 -}}
{{- if eq (toString $enabled) "auto" -}}
{{- $root.Capabilities.APIVersions.Has "monitoring.coreos.com/v1" -}}
{{- else -}}
{{- $enabled -}}
{{- end -}}
{{- end -}}

{{- define "ovation-lib.serviceMonitor" -}}
{{- with .Values.global.serviceMonitor }}
{{- if eq (include "ovation-lib.monitoringEnabled" (list .enabled $)) "true" }}
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: {{ include "ovation-lib.fullname" $ }}
  labels:
    {{- include "ovation-lib.labels" $ | nindent 4 }}
    {{- with .labels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  selector:
    matchLabels:
      {{- include "ovation-lib.selectorLabels" $ | nindent 6 }}
  endpoints:
    - port: ops
      path: /metrics
      interval: {{ .interval }}
      # Keep the services' own `service` label (room, gift…: what dashboards and alerts group by)
      # instead of the operator's Kubernetes Service name.
      honorLabels: true
      # Series carry the pod (a push node's connections must be per pod for the HPA).
      relabelings:
        - sourceLabels: [__meta_kubernetes_pod_name]
          targetLabel: pod
        - sourceLabels: [__meta_kubernetes_namespace]
          targetLabel: namespace
{{- end }}
{{- end }}
{{- end -}}
