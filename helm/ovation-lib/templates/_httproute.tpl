{{/*
Gateway API alternative to the Ingress: one HTTPRoute with every host and path of ingress.hosts,
to the service's public port (ingress.port). Rendered for a service with public hosts when
httpRoute.enabled and the cluster serves gateway.networking.k8s.io/v1 (helm template:
--api-versions gateway.networking.k8s.io/v1).
*/}}
{{- define "ovation-lib.httpRoute" -}}
{{- with .Values.httpRoute }}
{{- if and .enabled $.Values.ingress.hosts ($.Capabilities.APIVersions.Has "gateway.networking.k8s.io/v1") }}
{{- $pathTypes := dict "Prefix" "PathPrefix" "Exact" "Exact" "ImplementationSpecific" "PathPrefix" }}
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: {{ include "ovation-lib.fullname" $ }}
  labels:
    {{- include "ovation-lib.labels" $ | nindent 4 }}
    {{- with .labels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  {{- with .annotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
spec:
  parentRefs:
    {{- if not .parentRefs }}
    {{- fail (printf "%s httpRoute.parentRefs: name the Gateway (and listener) the route attaches to" $.Values.service) }}
    {{- end }}
    {{- toYaml .parentRefs | nindent 4 }}
  hostnames:
    {{- range $.Values.ingress.hosts }}
    - {{ .host | quote }}
    {{- end }}
  rules:
    - matches:
        {{- range $.Values.ingress.hosts }}
        {{- range .paths }}
        - path:
            type: {{ index $pathTypes (.pathType | default "Prefix") }}
            value: {{ .path }}
        {{- end }}
        {{- end }}
      backendRefs:
        - name: {{ include "ovation-lib.fullname" $ }}
          port: {{ index $.Values.ports $.Values.ingress.port }}
{{- end }}
{{- end }}
{{- end -}}
