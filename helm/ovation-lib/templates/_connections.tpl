{{/*
TLS and SASL of the links to Kafka, MySQL and Redis (helm/README.md, "TLS and SASL to Kafka,
MySQL and Redis"). Each link's `tls` is { enabled, secretName, clientCertificate } (MySQL adds
verifyHostname): the CA bundle (and the client certificate and key for mutual TLS) come from a
Secret with cert-manager's keys ca.crt, tls.crt, tls.key, mounted read-only at
/etc/ovation/tls/<link>/; passwords come from the service's Secret (ovation-lib.secretVariables).
*/}}

{{/* The links this service uses, with their values: [{name, prefix, tls}]. */}}
{{- define "ovation-lib.connections" -}}
{{- $g := .Values.global -}}
{{- $links := list -}}
{{- range $name := list "kafka" "mysql" "redis" }}
{{- if index $.Values.uses $name }}
{{- $links = append $links (dict "name" $name "prefix" (upper $name) "tls" (index $g $name).tls) -}}
{{- end }}
{{- end }}
{{- toYaml (dict "links" $links) -}}
{{- end -}}

{{/* The links whose TLS files are mounted from a Secret. */}}
{{- define "ovation-lib.mountedConnections" -}}
{{- $mounted := list -}}
{{- range (include "ovation-lib.connections" . | fromYaml).links }}
{{- $where := printf "global.%s.tls" .name -}}
{{- if and (not .tls.enabled) (or .tls.secretName .tls.clientCertificate) }}
{{- fail (printf "%s: secretName and clientCertificate need %s.enabled: true" $where $where) }}
{{- end }}
{{- if and .tls.clientCertificate (not .tls.secretName) }}
{{- fail (printf "%s.clientCertificate: name the Secret with tls.crt and tls.key in %s.secretName" $where $where) }}
{{- end }}
{{- if and .tls.enabled .tls.secretName }}
{{- $mounted = append $mounted . -}}
{{- end }}
{{- end }}
{{- toYaml (dict "links" $mounted) -}}
{{- end -}}

{{- define "ovation-lib.connectionTlsDir" -}}
{{- printf "/etc/ovation/tls/%s" . -}}
{{- end -}}

{{/* The connection variables beyond addresses: TLS switches and files, SASL mechanism and user, the Redis ACL user. */}}
{{- define "ovation-lib.connectionEnv" -}}
{{- $g := .Values.global -}}
{{- range (include "ovation-lib.connections" . | fromYaml).links }}
{{- if .tls.enabled }}
{{- if eq .name "mysql" }}
- name: MYSQL_TLS_MODE
  value: {{ ternary "verify-full" "verify-ca" .tls.verifyHostname | quote }}
{{- else }}
- name: {{ .prefix }}_TLS
  value: "true"
{{- end }}
{{- if .tls.secretName }}
{{- $dir := include "ovation-lib.connectionTlsDir" .name }}
- name: {{ .prefix }}_TLS_CA_FILE
  value: {{ printf "%s/ca.crt" $dir | quote }}
{{- if .tls.clientCertificate }}
- name: {{ .prefix }}_TLS_CERT_FILE
  value: {{ printf "%s/tls.crt" $dir | quote }}
- name: {{ .prefix }}_TLS_KEY_FILE
  value: {{ printf "%s/tls.key" $dir | quote }}
{{- end }}
{{- end }}
{{- end }}
{{- if and (eq .name "redis") .tls.serverName }}
- name: REDIS_TLS_SERVERNAME
  value: {{ .tls.serverName | quote }}
{{- end }}
{{- end }}
{{- if and .Values.uses.kafka (ne $g.kafka.sasl.mechanism "none") }}
{{- if and (eq $g.kafka.sasl.mechanism "plain") (not $g.kafka.tls.enabled) }}
{{- fail "global.kafka.sasl.mechanism plain sends the password as it is: it needs global.kafka.tls.enabled: true" }}
{{- end }}
- name: KAFKA_SASL_MECHANISM
  value: {{ $g.kafka.sasl.mechanism | quote }}
- name: KAFKA_SASL_USERNAME
  value: {{ required (printf "global.kafka.sasl.username: the %s user the services log in as" $g.kafka.sasl.mechanism) $g.kafka.sasl.username | quote }}
{{- end }}
{{- if and .Values.uses.redis $g.redis.username }}
- name: REDIS_USERNAME
  value: {{ $g.redis.username | quote }}
{{- end }}
{{- end -}}

{{- define "ovation-lib.connectionVolumeMounts" -}}
{{- range (include "ovation-lib.mountedConnections" . | fromYaml).links }}
- name: {{ printf "tls-%s" .name }}
  mountPath: {{ include "ovation-lib.connectionTlsDir" .name }}
  readOnly: true
{{- end }}
{{- end -}}

{{/* Only the keys the variables name; group-readable for the pod's fsGroup (the process runs as a non-root user of it). */}}
{{- define "ovation-lib.connectionVolumes" -}}
{{- range (include "ovation-lib.mountedConnections" . | fromYaml).links }}
- name: {{ printf "tls-%s" .name }}
  secret:
    secretName: {{ .tls.secretName }}
    defaultMode: 288   # 0440
    items:
      - key: ca.crt
        path: ca.crt
      {{- if .tls.clientCertificate }}
      - key: tls.crt
        path: tls.crt
      - key: tls.key
        path: tls.key
      {{- end }}
{{- end }}
{{- end -}}
