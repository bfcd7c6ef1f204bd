{{/*
Everything one service chart renders. A service chart's only template is
  {{ include "ovation-lib.serviceChart" . }}
and its values.yaml says what differs (ports, dependencies, scaling signal, drain, migrations).
*/}}
{{- define "ovation-lib.serviceChart" -}}
{{- $_ := set .Values "global" (include "ovation-lib.global" . | fromYaml) -}}
{{- include "ovation-lib.applyServiceDefaults" . -}}
{{- $objects := list
  (include "ovation-lib.secret" .)
  (include "ovation-lib.serviceAccount" .)
  (include "ovation-lib.deployment" .)
  (include "ovation-lib.service" .)
  (include "ovation-lib.publicService" .)
  (include "ovation-lib.ingress" .)
  (include "ovation-lib.httpRoute" .)
  (include "ovation-lib.hpa" .)
  (include "ovation-lib.pdb" .)
  (include "ovation-lib.serviceMonitor" .)
  (include "ovation-lib.migrationJob" .) -}}
{{- range $objects }}
{{- if trim . }}
---
{{ . }}
{{- end }}
{{- end }}
{{- end -}}

{{- define "ovation-lib.serviceAccount" -}}
{{- if .Values.serviceAccount.create }}
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ include "ovation-lib.serviceAccountName" . }}
  labels:
    {{- include "ovation-lib.labels" . | nindent 4 }}
  {{- with .Values.serviceAccount.annotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
automountServiceAccountToken: false
{{- end }}
{{- end -}}
