{{/*
The container environment: the variables the services' config schemas read
(apps/<service>/src/config.ts), built from global values, secret references, the service's own
`config:` map and `extraEnv`. Plain values are inlined so that a change rolls the pods and the
migration hook Job sees the same configuration before the release's other objects exist.
Kubernetes expands $(VAR) only from variables defined earlier in the list: POD_IP, NODE_ID, the
ports and the secrets come first, so the advertised addresses, URLs, `config` and `extraEnv` may
use them.
*/}}
{{- define "ovation-lib.envEntries" -}}
{{- $g := .Values.global -}}
- name: SERVICE_NAME
  value: {{ .Values.service | quote }}
- name: OTEL_SERVICE_NAME
  value: {{ .Values.service | quote }}
- name: NODE_ID
  valueFrom:
    fieldRef:
      fieldPath: metadata.name
- name: POD_IP
  valueFrom:
    fieldRef:
      fieldPath: status.podIP
- name: LOG_LEVEL
  value: {{ $g.logLevel | quote }}
{{- range $name, $port := .Values.ports }}
- name: {{ $name }}
  value: {{ $port | quote }}
{{- end }}
{{- range $name, $value := .Values.advertise }}
- name: {{ $name }}
  value: {{ $value | quote }}
{{- end }}
{{- with .Values.pushUrl }}
{{- /* danmaku-push: the viewers' URL each node registers (helm/README.md, "Push URL modes"). */}}
- name: PUSH_PUBLIC_URL
  {{- if eq .mode "pod" }}
  value: {{ .podUrl | quote }}
  {{- else }}
  value: {{ required "pushUrl.mode ingress: every push node registers global.publicUrls.push, which is empty" $g.publicUrls.push | quote }}
  {{- end }}
{{- end }}
{{- include "ovation-lib.secretEnv" . }}
- name: GRPC_DEADLINE_MS
  value: {{ $g.grpcDeadlineMs | quote }}
{{- range $service, $port := $g.grpcPorts }}
{{- /* Services name the push nodes' gRPC address PUSH_GRPC_URL (any push pod answers it). */}}
- name: {{ printf "%s_GRPC_URL" (ternary "PUSH" ($service | upper | replace "-" "_") (eq $service "danmaku-push")) }}
  value: {{ printf "%s-%s:%v" $.Release.Name $service $port | quote }}
{{- end }}
- name: GATEWAY_PUBLIC_URL
  value: {{ $g.publicUrls.gateway | quote }}
- name: PLAYBACK_PUBLIC_URL
  value: {{ $g.publicUrls.playback | quote }}
- name: RTMP_PUBLIC_URL
  {{- /* ingest: the URL each node registers (rtmpUrl modes, helm/README.md); elsewhere the shared one. */}}
  {{- if and .Values.rtmpUrl (eq (.Values.rtmpUrl.mode | default "shared") "pod") }}
  value: {{ .Values.rtmpUrl.podUrl | quote }}
  {{- else }}
  value: {{ $g.publicUrls.rtmp | quote }}
  {{- end }}
- name: PUSH_FALLBACK_URLS
  value: {{ $g.publicUrls.push | quote }}
{{- if .Values.uses.kafka }}
- name: KAFKA_BROKERS
  value: {{ join "," $g.kafka.brokers | quote }}
- name: KAFKA_NAMESPACE
  value: {{ $g.kafka.namespace | quote }}
- name: KAFKA_TOPIC_PARTITIONS
  value: {{ $g.kafka.topicPartitions | quote }}
- name: KAFKA_TOPIC_REPLICATION
  value: {{ $g.kafka.topicReplication | quote }}
- name: KAFKA_RETENTION_HOURS
  value: {{ $g.kafka.retentionHours | quote }}
{{- end }}
{{- if .Values.uses.mysql }}
- name: MYSQL_HOST
  value: {{ $g.mysql.host | quote }}
- name: MYSQL_PORT
  value: {{ $g.mysql.port | quote }}
- name: MYSQL_USER
  value: {{ $g.mysql.user | quote }}
- name: MYSQL_DATABASE
  value: {{ required "mysqlDatabase is required for a service that uses MySQL" .Values.mysqlDatabase | quote }}
{{- end }}
{{- if .Values.uses.redis }}
- name: REDIS_URL
  value: {{ $g.redis.url | quote }}
- name: REDIS_CLUSTER_NODES
  value: {{ join "," $g.redis.clusterNodes | quote }}
- name: REDIS_KEY_PREFIX
  value: {{ $g.redis.keyPrefix | quote }}
{{- end }}
{{- include "ovation-lib.connectionEnv" . }}
{{- if .Values.uses.auth }}
- name: JWT_ISSUER
  value: {{ $g.auth.jwtIssuer | quote }}
- name: JWT_AUDIENCE
  value: {{ $g.auth.jwtAudience | quote }}
{{- with $g.auth.jwksUrl }}
- name: JWT_JWKS_URL
  value: {{ . | quote }}
{{- end }}
{{- end }}
{{- if $g.otel.endpoint }}
- name: OTEL_EXPORTER_OTLP_ENDPOINT
  value: {{ $g.otel.endpoint | quote }}
- name: OTEL_EXPORTER_OTLP_PROTOCOL
  value: {{ $g.otel.protocol | quote }}
- name: OTEL_TRACES_SAMPLER
  value: parentbased_traceidratio
- name: OTEL_TRACES_SAMPLER_ARG
  value: {{ $g.otel.samplerRatio | quote }}
{{- end }}
{{- with .Values.mediaVolume }}
{{- if .enabled }}
- name: {{ .env }}
  value: {{ .mountPath | quote }}
{{- end }}
{{- end }}
{{- range $name, $value := .Values.config }}
- name: {{ $name }}
  value: {{ $value | quote }}
{{- end }}
{{- with .Values.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/*
The environment with each variable once: a later entry of a name (`config`, then `extraEnv`)
replaces the earlier one in its place, so it wins and what follows may still reference it.
*/}}
{{- define "ovation-lib.env" -}}
{{- $order := list -}}
{{- $byName := dict -}}
{{- range fromYamlArray (include "ovation-lib.envEntries" .) }}
{{- if not (hasKey $byName .name) }}
{{- $order = append $order .name -}}
{{- end }}
{{- $_ := set $byName .name . -}}
{{- end }}
{{- $env := list -}}
{{- range $order }}
{{- $env = append $env (index $byName .) -}}
{{- end }}
{{- toYaml $env -}}
{{- end -}}
