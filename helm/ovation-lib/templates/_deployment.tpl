{{- define "ovation-lib.deployment" -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "ovation-lib.fullname" . }}
  labels:
    {{- include "ovation-lib.labels" . | nindent 4 }}
spec:
  {{- if not .Values.autoscaling.enabled }}
  replicas: {{ .Values.replicaCount }}
  {{- end }}
  revisionHistoryLimit: 5
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 25%
      maxUnavailable: 0
  selector:
    matchLabels:
      {{- include "ovation-lib.selectorLabels" . | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "ovation-lib.selectorLabels" . | nindent 8 }}
        app.kubernetes.io/part-of: ovation
      {{- with .Values.podAnnotations }}
      annotations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
    spec:
      serviceAccountName: {{ include "ovation-lib.serviceAccountName" . }}
      automountServiceAccountToken: false
      {{- with .Values.priorityClassName }}
      priorityClassName: {{ . }}
      {{- end }}
      {{- include "ovation-lib.imagePullSecrets" . | nindent 6 }}
      terminationGracePeriodSeconds: {{ .Values.terminationGracePeriodSeconds }}
      securityContext:
        {{- toYaml .Values.podSecurityContext | nindent 8 }}
      topologySpreadConstraints:
        {{- range $key := list "topology.kubernetes.io/zone" "kubernetes.io/hostname" }}
        - topologyKey: {{ $key }}
          maxSkew: 1
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              {{- include "ovation-lib.selectorLabels" $ | nindent 14 }}
        {{- end }}
      {{- with .Values.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with .Values.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with .Values.affinity }}
      affinity:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      containers:
        - name: {{ .Values.service }}
          image: {{ include "ovation-lib.image" . }}
          imagePullPolicy: {{ .Values.global.image.pullPolicy }}
          command:
            {{- include "ovation-lib.command" (dict "root" . "entry" "main") | nindent 12 }}
          ports:
            {{- range $name, $port := .Values.ports }}
            - name: {{ include "ovation-lib.portName" $name }}
              containerPort: {{ $port }}
              protocol: TCP
            {{- end }}
          env:
            {{- include "ovation-lib.env" . | nindent 12 }}
          {{- with .Values.envFrom }}
          envFrom:
            {{- toYaml . | nindent 12 }}
          {{- end }}
          startupProbe:
            httpGet:
              path: /healthz
              port: ops
            periodSeconds: 2
            failureThreshold: {{ .Values.probes.startupFailureThreshold }}
          livenessProbe:
            httpGet:
              path: /healthz
              port: ops
            periodSeconds: 10
            timeoutSeconds: 3
            failureThreshold: 3
          readinessProbe:
            httpGet:
              path: /readyz
              port: ops
            periodSeconds: 5
            timeoutSeconds: 3
            failureThreshold: 2
          lifecycle:
            preStop:
              {{- include "ovation-lib.preStop" . | nindent 14 }}
          resources:
            {{- toYaml .Values.resources | nindent 12 }}
          securityContext:
            {{- toYaml .Values.securityContext | nindent 12 }}
          volumeMounts:
            {{- include "ovation-lib.volumeMounts" . | nindent 12 }}
      volumes:
        {{- include "ovation-lib.volumes" . | nindent 8 }}
{{- end -}}
