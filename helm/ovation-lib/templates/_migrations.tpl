{{/*
Schema migrations run once per install/upgrade, before the new pods start: a hook Job with the
service's own image, configuration and secrets, running dist/apps/<service>/src/migrate.js.
*/}}
{{- define "ovation-lib.migrationJob" -}}
{{- if .Values.migrations.enabled }}
apiVersion: batch/v1
kind: Job
metadata:
  name: {{ include "ovation-lib.fullname" . }}-migrate
  labels:
    {{- include "ovation-lib.labels" . | nindent 4 }}
    app.kubernetes.io/component: migrations
  annotations:
    helm.sh/hook: pre-install,pre-upgrade
    helm.sh/hook-weight: "0"
    helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded
spec:
  backoffLimit: {{ .Values.migrations.backoffLimit }}
  activeDeadlineSeconds: {{ .Values.migrations.activeDeadlineSeconds }}
  ttlSecondsAfterFinished: 86400
  template:
    metadata:
      labels:
        app.kubernetes.io/name: {{ .Values.service }}-migrate
        app.kubernetes.io/instance: {{ .Release.Name }}
    spec:
      restartPolicy: Never
      automountServiceAccountToken: false
      {{- include "ovation-lib.imagePullSecrets" . | nindent 6 }}
      securityContext:
        {{- toYaml .Values.podSecurityContext | nindent 8 }}
      containers:
        - name: migrate
          image: {{ include "ovation-lib.image" . }}
          imagePullPolicy: {{ .Values.global.image.pullPolicy }}
          command:
            - node
            - {{ printf "dist/apps/%s/src/migrate.js" .Values.service }}
          env:
            {{- include "ovation-lib.env" . | nindent 12 }}
          {{- with .Values.envFrom }}
          envFrom:
            {{- toYaml . | nindent 12 }}
          {{- end }}
          resources:
            {{- toYaml .Values.migrations.resources | nindent 12 }}
          securityContext:
            {{- toYaml .Values.securityContext | nindent 12 }}
          volumeMounts:
            - name: tmp
              mountPath: /tmp
            {{- include "ovation-lib.connectionVolumeMounts" . | nindent 12 }}
      volumes:
        - name: tmp
          emptyDir:
            sizeLimit: {{ .Values.tmpSizeLimit }}
        {{- include "ovation-lib.connectionVolumes" . | nindent 8 }}
{{- end }}
{{- end -}}
