{{/*
Defaults of every service chart's own values; a service's values.yaml states only what differs.
The values reference is helm/README.md.
*/}}
{{- define "ovation-lib.serviceDefaults" -}}
image:
  repository: ""   # default: global.image.repository
  tag: ""          # default: global.image.tag, then the chart's appVersion
  suffix: ""       # ingest: "-ffmpeg" (the image variant with ffmpeg)
  digest: ""       # sha256:…: pins the image by digest (the tag is then only a label)
replicaCount: 2
ports: {}
# Addresses this pod registers for other pods (env name → value); Kubernetes expands $(POD_IP),
# $(NODE_ID) and the port variables, defined before them.
advertise: {}
uses:
  mysql: false
  redis: false
  kafka: false
  auth: false
mysqlDatabase: ""
secretEnv: []
config: {}
extraEnv: []       # EnvVar objects after the chart's own (may reference them: $(VAR)); a name the chart sets fails the render
envFrom: []        # EnvFromSource objects (ConfigMaps, Secrets)
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
# The public hosts and paths (`hosts`) serve both the Ingress and the HTTPRoute.
ingress:
  enabled: false
  className: ""
  annotations: {}
  port: HTTP_PORT
  hosts: []
  tls: []
# Gateway API alternative to the Ingress: rendered when enabled and the cluster serves
# gateway.networking.k8s.io/v1; hostnames and paths from ingress.hosts.
httpRoute:
  enabled: false
  parentRefs: []
  annotations: {}
  labels: {}
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
serviceAccount:
  create: true
  name: ""           # default: <release>-<service> when created, "default" otherwise
  annotations: {}    # e.g. a cloud workload identity
podSecurityContext:
  runAsNonRoot: true
  runAsUser: 10001
  runAsGroup: 10001
  fsGroup: 10001
  seccompProfile:
    type: RuntimeDefault
securityContext:
  allowPrivilegeEscalation: false
  readOnlyRootFilesystem: true
  runAsNonRoot: true
  capabilities:
    drop: [ALL]
podAnnotations: {}
nodeSelector: {}
tolerations: []
affinity: {}
priorityClassName: ""
{{- end -}}

{{/* Fills every value the service chart did not set (maps deeply; the chart's lists replace ours). */}}
{{- define "ovation-lib.applyServiceDefaults" -}}
{{- $merged := mustMergeOverwrite (include "ovation-lib.serviceDefaults" . | fromYaml) (deepCopy .Values) -}}
{{- range $key, $value := $merged }}
{{- $_ := set $.Values $key $value -}}
{{- end }}
{{- end -}}
