{{/*
Names and labels. Every object of a service is named "<release>-<service>" so that the services
find each other by predictable DNS names whatever chart (umbrella or standalone) installs them.
*/}}
{{- define "ovation-lib.fullname" -}}
{{- printf "%s-%s" .Release.Name .Values.service | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "ovation-lib.selectorLabels" -}}
app.kubernetes.io/name: {{ .Values.service }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "ovation-lib.labels" -}}
{{ include "ovation-lib.selectorLabels" . }}
app.kubernetes.io/part-of: ovation
app.kubernetes.io/version: {{ include "ovation-lib.imageTag" . | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{- define "ovation-lib.imageTag" -}}
{{- .Values.image.tag | default .Values.global.image.tag | default .Chart.AppVersion -}}
{{- end -}}

{{/* One image for every service (see the Dockerfile); ingest uses its ffmpeg variant. A digest pins it. */}}
{{- define "ovation-lib.image" -}}
{{- $repository := .Values.image.repository | default .Values.global.image.repository -}}
{{- if .Values.image.digest -}}
{{- printf "%s@%s" $repository .Values.image.digest -}}
{{- else -}}
{{- printf "%s:%s%s" $repository (include "ovation-lib.imageTag" .) (.Values.image.suffix | default "") -}}
{{- end -}}
{{- end -}}

{{- define "ovation-lib.serviceAccountName" -}}
{{- with .Values.serviceAccount -}}
{{- .name | default (ternary (include "ovation-lib.fullname" $) "default" .create) -}}
{{- end -}}
{{- end -}}

{{/* Kubernetes port names: OPS_PORT → ops, GRPC_PORT → grpc, HTTP_PORT → http… */}}
{{- define "ovation-lib.portName" -}}
{{- . | trimSuffix "_PORT" | lower | replace "_" "-" -}}
{{- end -}}

{{/* gRPC address of another service of the same release, e.g. include "ovation-lib.grpcAddress" (list . "room") */}}
{{- define "ovation-lib.grpcAddress" -}}
{{- $root := index . 0 -}}
{{- $service := index . 1 -}}
{{- printf "%s-%s:%v" $root.Release.Name $service (index $root.Values.global.grpcPorts $service) -}}
{{- end -}}
