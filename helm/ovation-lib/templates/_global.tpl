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
# TLS of each link (helm/README.md, "TLS and SASL to Kafka, MySQL and Redis"): secretName is a
# Secret with ca.crt (the CA the servers' certificates must chain to; empty: the image's system
# CAs), and tls.crt/tls.key when clientCertificate (mutual TLS); cert-manager writes these keys.
kafka:
  brokers: [kafka:9092]
  namespace: ""
  topicPartitions: 12
  topicReplication: 3
  retentionHours: 72
  tls:
    enabled: false
    secretName: ""
    clientCertificate: false
  sasl:
    mechanism: none    # plain, scram-sha-256 or scram-sha-512; the password is KAFKA_SASL_PASSWORD (secrets)
    username: ""
mysql:
  host: mysql
  port: 3306
  user: ovation
  tls:
    enabled: false
    verifyHostname: true   # false: the chain only (MYSQL_TLS_MODE verify-ca instead of verify-full)
    secretName: ""
    clientCertificate: false
redis:
  url: redis://redis:6379      # rediss:// for TLS; the password is REDIS_PASSWORD (secrets), not part of the URL
  clusterNodes: []
  keyPrefix: "ovation:"
  username: ""                 # the ACL user (empty: the default user)
  tls:
    enabled: false             # TLS to the server or every Cluster node (a rediss:// url turns it on too)
    secretName: ""
    clientCertificate: false
    serverName: ""             # the name the certificates carry, when not the address connected to
otel:
  endpoint: ""
  protocol: http/protobuf
  samplerRatio: "1"
auth:
  jwtIssuer: ovation
  jwtAudience: ovation-api
  jwksUrl: ""
# What viewers and broadcasters are handed (never loopback: a phone cannot reach a pod's 127.0.0.1).
publicUrls:
  gateway: http://api.ovation.local            # GATEWAY_PUBLIC_URL (replay documents link back to it)
  playback: http://playback.ovation.local      # PLAYBACK_PUBLIC_URL (signed HLS/FLV URLs)
  rtmp: rtmp://rtmp.ovation.local/live         # RTMP_PUBLIC_URL (where broadcasters publish)
  push: ws://live.ovation.local/ws             # PUSH_FALLBACK_URLS, and every push node's URL behind the Ingress
grpcPorts:
  room: 50051
  gift: 50052
  scheduler: 50053
  danmaku-push: 50054
  ingest: 50055
  playback: 50056
grpcDeadlineMs: 2000
# Credentials and signing keys (helm/README.md, "Secrets"): either the values themselves, from
# which each service chart renders its own Secret, or a Secret you manage. Nothing is generated:
# the same values always render the same Secret.
secrets:
  existingSecret: ""   # a Secret you manage; nothing is rendered
  keys: {}             # existingSecret's key for a variable when it is not the variable's name
  values: {}           # variable → value, e.g. JOIN_TOKEN_SECRET: <openssl rand -hex 32>
serviceMonitor:
  enabled: auto        # auto: when the cluster serves monitoring.coreos.com/v1; true/false forces
  interval: 15s
  labels: {}
{{- end -}}

{{- define "ovation-lib.global" -}}
{{- $defaults := include "ovation-lib.globalDefaults" . | fromYaml -}}
{{- mustMergeOverwrite $defaults (deepCopy (.Values.global | default dict)) | toYaml -}}
{{- end -}}
