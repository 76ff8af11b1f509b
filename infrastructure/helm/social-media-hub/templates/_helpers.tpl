{{/* Labels on every object. */}}
{{- define "smh.labels" -}}
app.kubernetes.io/part-of: social-media-hub
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end }}

{{/* Selector labels of one service; call with (dict "name" $name). */}}
{{- define "smh.selectorLabels" -}}
app.kubernetes.io/name: {{ .name }}
{{- end }}

{{/* Image reference of one service; call with (dict "name" $name "root" $). */}}
{{- define "smh.image" -}}
{{ printf "%s/%s:%s" .root.Values.image.registry .name (default .root.Chart.AppVersion .root.Values.image.tag) }}
{{- end }}

{{/* Name of the Secret with SMH_SECRET_KEY, DATABASE_URL and REDIS_URL. */}}
{{- define "smh.secretName" -}}
{{ default "smh-secrets" .Values.secrets.existingSecret }}
{{- end }}

{{/* Name of the media PersistentVolumeClaim. */}}
{{- define "smh.mediaClaim" -}}
{{ default "smh-media" .Values.media.existingClaim }}
{{- end }}
