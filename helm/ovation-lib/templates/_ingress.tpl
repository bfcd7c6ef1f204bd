{{- define "ovation-lib.ingress" -}}
{{- with .Values.ingress }}
{{- if .enabled }}
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: {{ include "ovation-lib.fullname" $ }}
  labels:
    {{- include "ovation-lib.labels" $ | nindent 4 }}
  {{- with .annotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
spec:
  {{- with .className }}
  ingressClassName: {{ . }}
  {{- end }}
  {{- with .tls }}
  tls:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  rules:
    {{- range .hosts }}
    - host: {{ .host | quote }}
      http:
        paths:
          {{- range .paths }}
          - path: {{ .path }}
            pathType: {{ .pathType | default "Prefix" }}
            backend:
              service:
                name: {{ include "ovation-lib.fullname" $ }}
                port:
                  name: {{ include "ovation-lib.portName" $.Values.ingress.port }}
          {{- end }}
    {{- end }}
{{- end }}
{{- end }}
{{- end -}}
