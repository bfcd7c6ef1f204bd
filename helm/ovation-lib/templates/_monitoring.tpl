{{- define "ovation-lib.serviceMonitor" -}}
{{- with .Values.global.serviceMonitor }}
{{- if .enabled }}
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
