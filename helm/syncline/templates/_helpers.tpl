{{/* The chart's name. */}}
{{- define "syncline.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The full name of the release's objects. */}}
{{- define "syncline.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "syncline.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels every object carries. */}}
{{- define "syncline.labels" -}}
helm.sh/chart: {{ include "syncline.chart" . }}
{{ include "syncline.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* Labels that select the pods. */}}
{{- define "syncline.selectorLabels" -}}
app.kubernetes.io/name: {{ include "syncline.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "syncline.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "syncline.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The Secret the environment variables come from. */}}
{{- define "syncline.secretName" -}}
{{- if and .Values.secrets.create .Values.secrets.existingSecret }}
{{- fail "secrets: set either secrets.existingSecret (a Secret you manage) or secrets.create (the chart creates one), not both" }}
{{- end }}
{{- default (include "syncline.fullname" .) .Values.secrets.existingSecret }}
{{- end }}

{{/* Where the configuration is mounted, and the file the CLI reads. */}}
{{- define "syncline.configDir" -}}/etc/syncline{{- end }}
{{- define "syncline.configFile" -}}{{ include "syncline.configDir" . }}/syncline.yaml{{- end }}
{{/* The writable directory of the embedded Postgres (the image user's home). */}}
{{- define "syncline.dataDir" -}}/var/lib/syncline{{- end }}

{{/* The Deployment's strategy: the one set, else Recreate for the embedded state and RollingUpdate otherwise. */}}
{{- define "syncline.strategy" -}}
{{- if .Values.strategy }}
{{- toYaml .Values.strategy }}
{{- else if eq .Values.state.url "embedded" }}
type: Recreate
{{- else }}
type: RollingUpdate
rollingUpdate:
  maxSurge: 1
  maxUnavailable: 0
{{- end }}
{{- end }}

{{/* Checks that hold across values; fails the render with the reason. */}}
{{- define "syncline.validate" -}}
{{- if eq (int .Values.http.port) (int .Values.metrics.port) }}
{{- fail "metrics.port must differ from http.port: Actuator (health, metrics) is served on its own port, away from the webhook path" }}
{{- end }}
{{- if eq .Values.state.url "embedded" }}
{{- if gt (int .Values.replicaCount) 1 }}
{{- fail "replicaCount > 1 needs an external state database (state.url): replicas share the pipelines through leases in it, and an embedded Postgres belongs to one pod (see the chart README, Scaling)" }}
{{- end }}
{{- if and .Values.autoscaling.enabled (gt (int .Values.autoscaling.maxReplicas) 1) }}
{{- fail "autoscaling.maxReplicas > 1 needs an external state database (state.url): replicas share the pipelines through leases in it, and an embedded Postgres belongs to one pod (see the chart README, Scaling)" }}
{{- end }}
{{- if and .Values.strategy (ne (default "" .Values.strategy.type) "Recreate") }}
{{- fail "state.url embedded needs strategy.type Recreate: the embedded Postgres's data can be held by one pod only" }}
{{- end }}
{{- end }}
{{- if not (hasKey .Values.secrets.env "STRIPE_API_KEY") }}
{{- fail "secrets.env must map STRIPE_API_KEY to a key of the Secret: syncline.yaml reads the API key from it" }}
{{- end }}
{{- if .Values.stripe.webhook.enabled }}
{{- if not .Values.stripe.webhook.secretEnv }}
{{- fail "stripe.webhook.secretEnv must name at least one environment variable with a signing secret when stripe.webhook.enabled" }}
{{- end }}
{{- range .Values.stripe.webhook.secretEnv }}
{{- if not (hasKey $.Values.secrets.env .) }}
{{- fail (printf "stripe.webhook.secretEnv lists %s, which secrets.env does not map to a key of the Secret" .) }}
{{- end }}
{{- end }}
{{- if and .Values.stripe.webhook.eventbridge.enabled (not (hasKey .Values.secrets.env .Values.stripe.webhook.eventbridge.tokenEnv)) }}
{{- fail (printf "stripe.webhook.eventbridge.tokenEnv is %s, which secrets.env does not map to a key of the Secret" .Values.stripe.webhook.eventbridge.tokenEnv) }}
{{- end }}
{{- end }}
{{- if not .Values.pipelines }}
{{- fail "pipelines must list at least one pipeline (name, objects, destination)" }}
{{- end }}
{{- end }}

{{/* Sets key in dict only when value is not null (0 and false are kept). */}}
{{- define "syncline.setIfPresent" -}}
{{- if not (kindIs "invalid" .value) }}
{{- $_ := set .dict .key .value }}
{{- end }}
{{- end }}

{{/*
The Syncline YAML (docs/configuration.md), built from the values. Secrets appear only as
${NAME} references to environment variables the Deployment takes from the Secret.
*/}}
{{- define "syncline.config" -}}
{{- $v := .Values }}
{{- $stripe := dict "api-key" "${STRIPE_API_KEY}" "api-base" $v.stripe.apiBase }}
{{- if not (kindIs "invalid" $v.stripe.requestsPerSecond) }}
{{- $_ := set $stripe "rate-limit" (dict "requests-per-second" $v.stripe.requestsPerSecond) }}
{{- end }}
{{- include "syncline.setIfPresent" (dict "dict" $stripe "key" "max-retries" "value" $v.stripe.maxRetries) }}
{{- if $v.stripe.webhook.enabled }}
{{- $secrets := list }}
{{- range $v.stripe.webhook.secretEnv }}
{{- $secrets = append $secrets (printf "${%s}" .) }}
{{- end }}
{{- $webhook := dict "path" $v.stripe.webhook.path "secrets" $secrets }}
{{- include "syncline.setIfPresent" (dict "dict" $webhook "key" "tolerance-seconds" "value" $v.stripe.webhook.toleranceSeconds) }}
{{- include "syncline.setIfPresent" (dict "dict" $webhook "key" "max-body-bytes" "value" $v.stripe.webhook.maxBodyBytes) }}
{{- if $v.stripe.webhook.eventbridge.enabled }}
{{- $_ := set $webhook "eventbridge" (dict "path" $v.stripe.webhook.eventbridge.path "token" (printf "${%s}" $v.stripe.webhook.eventbridge.tokenEnv)) }}
{{- end }}
{{- $_ := set $stripe "webhook" $webhook }}
{{- end }}
{{- $events := dict }}
{{- include "syncline.setIfPresent" (dict "dict" $events "key" "poll-interval-seconds" "value" $v.stripe.events.pollIntervalSeconds) }}
{{- include "syncline.setIfPresent" (dict "dict" $events "key" "retention-warning-days" "value" $v.stripe.events.retentionWarningDays) }}
{{- if $v.stripe.events.refetch }}
{{- $_ := set $events "refetch" $v.stripe.events.refetch }}
{{- end }}
{{- if $events }}
{{- $_ := set $stripe "events" $events }}
{{- end }}
{{- $state := dict "url" $v.state.url }}
{{- if eq $v.state.url "embedded" }}
{{- $_ := set $state "data-dir" (include "syncline.dataDir" .) }}
{{- $_ := set $state "embedded-port" $v.state.embedded.port }}
{{- end }}
{{- $inbox := dict "mode" $v.inbox.mode }}
{{- include "syncline.setIfPresent" (dict "dict" $inbox "key" "poll-interval-ms" "value" $v.inbox.pollIntervalMs) }}
{{- $config := dict "manifest" "./stripe-app.json" "stripe" $stripe "state" $state "inbox" $inbox "server" (dict "address" "0.0.0.0" "port" $v.http.port) "pipelines" $v.pipelines }}
{{- if not (kindIs "invalid" $v.ownership.leaseSeconds) }}
{{- $_ := set $config "ownership" (dict "lease-seconds" $v.ownership.leaseSeconds) }}
{{- end }}
{{- if $v.egress.allow }}
{{- $_ := set $config "egress" (dict "allow" $v.egress.allow) }}
{{- end }}
{{- if $v.routes }}
{{- $_ := set $config "routes" $v.routes }}
{{- end }}
{{- toYaml $config }}
{{- end }}
