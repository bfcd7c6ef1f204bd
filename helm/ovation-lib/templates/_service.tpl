{{- define "ovation-lib.service" -}}
apiVersion: v1
kind: Service
metadata:
  name: {{ include "ovation-lib.fullname" . }}
  labels:
    {{- include "ovation-lib.labels" . | nindent 4 }}
spec:
  type: ClusterIP
  selector:
    {{- include "ovation-lib.selectorLabels" . | nindent 4 }}
  ports:
    {{- range $name, $port := .Values.ports }}
    - name: {{ include "ovation-lib.portName" $name }}
      port: {{ $port }}
      targetPort: {{ include "ovation-lib.portName" $name }}
      {{- if eq $name "GRPC_PORT" }}
      appProtocol: grpc
      {{- end }}
    {{- end }}
{{- end -}}

{{/* Ports reached from outside the cluster without an Ingress (ingest's RTMP): LoadBalancer or NodePort. */}}
{{- define "ovation-lib.publicService" -}}
{{- with .Values.publicService }}
{{- if .enabled }}
apiVersion: v1
kind: Service
metadata:
  name: {{ include "ovation-lib.fullname" $ }}-public
  labels:
    {{- include "ovation-lib.labels" $ | nindent 4 }}
  {{- with .annotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
spec:
  type: {{ .type }}
  {{- if ne .type "ClusterIP" }}
  # Keeps the broadcaster's address and avoids a second hop for long-lived media connections.
  externalTrafficPolicy: Local
  {{- end }}
  selector:
    {{- include "ovation-lib.selectorLabels" $ | nindent 4 }}
  ports:
    {{- range .ports }}
    - name: {{ include "ovation-lib.portName" .name }}
      port: {{ .port }}
      targetPort: {{ include "ovation-lib.portName" .name }}
      {{- if .nodePort }}
      nodePort: {{ .nodePort }}
      {{- end }}
    {{- end }}
{{- end }}
{{- end }}
{{- end -}}
