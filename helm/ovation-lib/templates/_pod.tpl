{{/* Writable places on a read-only root filesystem: /tmp always, the media directory where used; and the links' TLS files. */}}
{{- define "ovation-lib.volumeMounts" -}}
- name: tmp
  mountPath: /tmp
{{- if .Values.mediaVolume.enabled }}
- name: media
  mountPath: {{ .Values.mediaVolume.mountPath }}
{{- end }}
{{- include "ovation-lib.connectionVolumeMounts" . }}
{{- end -}}

{{- define "ovation-lib.volumes" -}}
- name: tmp
  emptyDir:
    sizeLimit: {{ .Values.tmpSizeLimit }}
{{- if .Values.mediaVolume.enabled }}
- name: media
{{- if .Values.mediaVolume.existingClaim }}
  persistentVolumeClaim:
    claimName: {{ .Values.mediaVolume.existingClaim }}
{{- else }}
  emptyDir:
    sizeLimit: {{ .Values.mediaVolume.sizeLimit }}
{{- end }}
{{- end }}
{{- include "ovation-lib.connectionVolumes" . }}
{{- end -}}

{{- define "ovation-lib.imagePullSecrets" -}}
{{- with .Values.global.image.pullSecrets }}
imagePullSecrets:
{{- range . }}
  - name: {{ . }}
{{- end }}
{{- end }}
{{- end -}}

{{/* Entry point of the image, as in production: OpenTelemetry preloaded, then the service. */}}
{{- define "ovation-lib.command" -}}
- node
- --require
- ./dist/libs/platform/observability/src/preload.js
- {{ printf "dist/apps/%s/src/%s.js" .root.Values.service .entry }}
{{- end -}}

{{/* Stop gracefully: drain (push nodes) or let endpoints forget the pod before SIGTERM. */}}
{{- define "ovation-lib.preStop" -}}
{{- if .Values.drain.enabled }}
exec:
  command:
    - node
    - -e
    - |
      // POST /drain (with the pod's OPS_TOKEN) marks this node draining in the scheduler and sends
      // its clients the jittered reconnect hint; then wait until they have left (or the drain timeout).
      const ops = 'http://127.0.0.1:' + process.env.OPS_PORT;
      const authorization = 'Bearer ' + process.env.OPS_TOKEN;
      const deadline = Date.now() + {{ .Values.drain.timeoutSeconds }} * 1000;
      const connections = (text) => Number((/^{{ .Values.drain.connectionsMetric }}(?:\{[^}]*\})? (\S+)/m.exec(text) || [])[1] ?? NaN);
      (async () => {
        await fetch(ops + '{{ .Values.drain.path }}', { method: 'POST', headers: { authorization } }).catch(() => undefined);
        while (Date.now() < deadline) {
          const text = await fetch(ops + '/metrics').then((r) => r.text()).catch(() => '');
          if (connections(text) === 0) return;
          await new Promise((resolve) => setTimeout(resolve, 1000));
        }
      })();
{{- else }}
exec:
  command: [sleep, {{ .Values.preStopDelaySeconds | quote }}]
{{- end }}
{{- end -}}
