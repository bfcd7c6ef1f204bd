{{/*
Defaults of every service chart's own values; a service's values.yaml states only what differs.
The values reference is helm/README.md.
*/}}
{{- define "ovation-lib.serviceDefaults" -}}
image:
  repository: ""   # default: global.image.repository
  tag: ""          # default: global.image.tag, then the chart's appVersion
  suffix: ""       # ingest: "-ffmpeg" (the image variant with ffmpeg)
replicaCount: 2
ports: {}
uses:
  mysql: false
  redis: false
  kafka: false
  auth: false
mysqlDatabase: ""
secretEnv: []
config: {}
resources:
  requests:
    cpu: 250m
    memory: 256Mi
  limits:
    memory: 512Mi
probes:
  # startup: up to failureThreshold × 2 s to connect to MySQL/Redis/Kafka and create topics.
  startupFailureThreshold: 60
preStopDelaySeconds: 5
terminationGracePeriodSeconds: 30
drain:
  enabled: false
  path: /drain
  timeoutSeconds: 45
  connectionsMetric: ovation_push_connections
autoscaling:
  enabled: true
  minReplicas: 2
  maxReplicas: 10
  targetCPUUtilizationPercentage: 70
  podsMetric: null
  behavior:
    scaleUp:
      stabilizationWindowSeconds: 0
      selectPolicy: Max
      policies:
        - type: Percent
          value: 100
          periodSeconds: 30
        - type: Pods
          value: 4
          periodSeconds: 30
    scaleDown:
      stabilizationWindowSeconds: 300
      selectPolicy: Min
      policies:
        - type: Percent
          value: 20
          periodSeconds: 60
pdb:
  maxUnavailable: 1
migrations:
  enabled: false
  backoffLimit: 3
  activeDeadlineSeconds: 600
  resources:
    requests:
      cpu: 100m
      memory: 128Mi
    limits:
      memory: 256Mi
ingress:
  enabled: false
  className: ""
  annotations: {}
  port: HTTP_PORT
  hosts: []
  tls: []
publicService:
  enabled: false
  type: LoadBalancer
  annotations: {}
  ports: []
mediaVolume:
  enabled: false
  env: MEDIA_DIR
  mountPath: /var/lib/ovation/media
  existingClaim: ""
  sizeLimit: 20Gi
tmpSizeLimit: 256Mi
podAnnotations: {}
nodeSelector: {}
tolerations: []
{{- end -}}

{{/* Fills every value the service chart did not set (maps deeply; the chart's lists replace ours). */}}
{{- define "ovation-lib.applyServiceDefaults" -}}
{{- $merged := mustMergeOverwrite (include "ovation-lib.serviceDefaults" . | fromYaml) (deepCopy .Values) -}}
{{- range $key, $value := $merged }}
{{- $_ := set $.Values $key $value -}}
{{- end }}
{{- end -}}
