{{/*
Credentials and signing keys. Each service chart references only the variables it reads, from
one of two places (helm/README.md, "Secrets"):
  - global.secrets.existingSecret: a Secret you manage (key names mapped by global.secrets.keys);
  - global.secrets.values: the values, from which the chart renders the service's own Secret.
Nothing is generated or read back from the cluster, so every render of the same values gives the
same Secret (GitOps-safe); a variable neither gives fails the render, naming it.
*/}}

{{/* The secret variables the service reads: {"variables": [{name, optional}]}. */}}
{{- define "ovation-lib.secretVariables" -}}
{{- $vars := list -}}
{{- if .Values.uses.mysql }}
{{- $vars = append $vars (dict "name" "MYSQL_PASSWORD" "optional" false) -}}
{{- end }}
{{- if .Values.uses.redis }}
{{- /* A Redis without a password is common: the reference is optional. */}}
{{- $vars = append $vars (dict "name" "REDIS_PASSWORD" "optional" true) -}}
{{- end }}
{{- if and .Values.uses.kafka (ne .Values.global.kafka.sasl.mechanism "none") }}
{{- $vars = append $vars (dict "name" "KAFKA_SASL_PASSWORD" "optional" false) -}}
{{- end }}
{{- if and .Values.uses.auth (not .Values.global.auth.jwksUrl) }}
{{- $vars = append $vars (dict "name" "JWT_HS256_SECRET" "optional" false) -}}
{{- end }}
{{- range .Values.secretEnv }}
{{- $vars = append $vars (dict "name" . "optional" false) -}}
{{- end }}
{{- toYaml (dict "variables" $vars) -}}
{{- end -}}

{{/* The Secret the pods read: the one you manage, or the service's own. */}}
{{- define "ovation-lib.secretName" -}}
{{- .Values.global.secrets.existingSecret | default (include "ovation-lib.fullname" .) -}}
{{- end -}}

{{/* The secret references of the environment (defined early: values may embed them, e.g. $(REDIS_PASSWORD)). */}}
{{- define "ovation-lib.secretEnv" -}}
{{- $secrets := .Values.global.secrets -}}
{{- $name := include "ovation-lib.secretName" . -}}
{{- range (include "ovation-lib.secretVariables" . | fromYaml).variables }}
- name: {{ .name }}
  valueFrom:
    secretKeyRef:
      name: {{ $name }}
      key: {{ ternary (index $secrets.keys .name | default .name) .name (ne $secrets.existingSecret "") }}
      {{- if .optional }}
      optional: true
      {{- end }}
{{- end }}
{{- end -}}

{{/*
The service's own Secret when the values give the keys. A hook before the migration Jobs (which
read the database password): a pre-install hook runs before the release's own objects exist.
*/}}
{{- define "ovation-lib.secret" -}}
{{- $secrets := .Values.global.secrets -}}
{{- $variables := (include "ovation-lib.secretVariables" . | fromYaml).variables -}}
{{- if and $secrets.existingSecret $secrets.values }}
{{- fail "global.secrets: set existingSecret (a Secret you manage) or values (the chart renders the Secret), not both" }}
{{- end }}
{{- if and $variables (not $secrets.existingSecret) }}
{{- $missing := list -}}
{{- $given := list -}}
{{- range $variables }}
{{- if hasKey $secrets.values .name }}
{{- $given = append $given .name -}}
{{- else if not .optional }}
{{- $missing = append $missing .name -}}
{{- end }}
{{- end }}
{{- if $missing }}
{{- fail (printf "%s reads the secret variables %s, which neither global.secrets.values nor global.secrets.existingSecret gives: give each in global.secrets.values (e.g. --set global.secrets.values.%s=...; a signing key: openssl rand -hex 32), or name a Secret you manage in global.secrets.existingSecret (its key names in global.secrets.keys)" (include "ovation-lib.fullname" .) (join ", " $missing) (first $missing)) }}
{{- end }}
{{- /* Only optional variables and none given (a Redis without password): their references are optional too. */}}
{{- if $given }}
apiVersion: v1
kind: Secret
metadata:
  name: {{ include "ovation-lib.fullname" . }}
  labels:
    {{- include "ovation-lib.labels" . | nindent 4 }}
  annotations:
    helm.sh/hook: pre-install,pre-upgrade
    helm.sh/hook-weight: "-10"
    helm.sh/hook-delete-policy: before-hook-creation
type: Opaque
data:
  {{- range $given }}
  {{ . }}: {{ index $secrets.values . | toString | b64enc | quote }}
  {{- end }}
{{- end }}
{{- end }}
{{- end -}}
