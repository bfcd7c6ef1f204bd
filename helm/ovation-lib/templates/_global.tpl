{{/*
Defaults of the values every service shares (`global:` in the umbrella chart). They live here once,
so a service chart installed alone and the umbrella agree; `global:` values override them key by key.
The values reference is helm/README.md.
*/}}
{{- define "ovation-lib.globalDefaults" -}}
image:
  # Built by the repository's Dockerfile (`docker build -t <repository>:<tag> .`); ingest runs
  # <repository>:<tag>-ffmpeg (target runtime-ffmpeg).
  repository: ovation
  tag: ""
  pullPolicy: IfNotPresent
  pullSecrets: []
logLevel: info
kafka:
  brokers: [kafka:9092]
  namespace: ""
  topicPartitions: 12
  topicReplication: 3
  retentionHours: 72
mysql:
  host: mysql
  port: 3306
  user: ovation
redis:
  # May reference $(REDIS_PASSWORD) (from the secret), e.g. redis://:$(REDIS_PASSWORD)@redis:6379
  url: redis://redis:6379
  clusterNodes: []
  keyPrefix: "ovation:"
otel:
  endpoint: ""
  protocol: http/protobuf
  samplerRatio: "1"
auth:
  jwtIssuer: ovation
  jwtAudience: ovation-api
  jwksUrl: ""
publicUrls:
  playback: http://playback.ovation.local
  rtmp: rtmp://rtmp.ovation.local/live
  push: ws://live.ovation.local/ws
grpcPorts:
  room: 50051
  gift: 50052
  scheduler: 50053
  danmaku-push: 50054
  ingest: 50055
  playback: 50056
grpcDeadlineMs: 2000
secrets:
  existingSecret: ""
serviceMonitor:
  enabled: true
  interval: 15s
  labels: {}
{{- end -}}

{{- define "ovation-lib.global" -}}
{{- $defaults := include "ovation-lib.globalDefaults" . | fromYaml -}}
{{- mustMergeOverwrite $defaults (deepCopy (.Values.global | default dict)) | toYaml -}}
{{- end -}}
