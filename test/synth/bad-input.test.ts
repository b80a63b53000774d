/**
 * What `npm run synth` says to values the engines or the cluster would refuse. Each row is an
 * environment file's mistake and what the message must name: the field, the value as given and the
 * fix (every message also names the environment). The table runs in-process through
 * resolveEnvironment and compileEnvironment, exactly what synth runs before it writes anything; a
 * few rows also run the real `npm run synth`, to prove its exit code, its one-line message and an
 * untouched dist/.
 */
import * as fs from 'node:fs';
import { compileEnvironment, resolveEnvironment, type EnvironmentDefinition } from '../../config';
import { show } from '../../config/units';
import type { AlertingRule } from '../../rules';
import { contents, runSynth, sandbox } from './support';

type Overrides = Record<string, unknown>;

interface Case {
  /** The mistake, as it would be written in an environment file. */
  readonly input: string;
  readonly overrides: Overrides;
  /** The field the message names, as a path. */
  readonly field: string;
  /** The value as the message shows it. */
  readonly value: string;
  /** A part of the fix the message gives. */
  readonly fix: string;
  /** Overrides the environment's name (to test the name itself). */
  readonly name?: string;
}

const ENV = 'bad';

/** An extra rule group holding one alert, the given fields over a valid one. */
function alert(fields: Partial<AlertingRule> & Record<string, unknown>): Overrides {
  const base: AlertingRule = {
    alert: 'QueueBacklog',
    expr: 'sum by (namespace) (queue_depth{job="worker"}) > 100',
    for: '10m',
    severity: 'warning',
    summary: 'Queue backing up in {{ $labels.namespace }}',
    description: '{{ $value }} jobs waiting.',
  };
  return { alerting: { extraGroups: [{ name: 'team-alerts', rules: [{ ...base, ...fields }] }] } };
}

const s3 = { type: 's3', bucket: 'logs', endpoint: 's3.us-east-1.amazonaws.com', region: 'us-east-1' };
const target = { job: 'worker', namespace: 'workers', port: { name: 'metrics', port: 9100 } };
const lokiTarget = { replicas: 3, resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '512Mi' } }, storage: { size: '10Gi' } };
const lokiSimpleScalable = { mode: 'simple-scalable', write: lokiTarget, read: { replicas: 2, resources: lokiTarget.resources }, backend: lokiTarget };
const memory = (value: string) => ({ requests: { cpu: '100m', memory: value }, limits: { memory: '1Gi' } });
const ingress = { host: 'grafana.example.com', className: 'nginx', tls: { clusterIssuer: 'letsencrypt' }, controller: { namespace: 'ingress-nginx' } };

const CASES: readonly Case[] = [
  // Unknown keys: a typo is never ignored.
  { input: 'prometheus: { retension: "3d" }', overrides: { prometheus: { retension: '3d' } }, field: 'prometheus.retension', value: '"3d"', fix: 'Did you mean "retention"?' },
  { input: 'promethues: { retention: "3d" }', overrides: { promethues: { retention: '3d' } }, field: 'promethues', value: '{"retention":"3d"}', fix: 'Did you mean "prometheus"?' },
  { input: 'api: { replica: 2 }', overrides: { api: { replica: 2 } }, field: 'api.replica', value: '2', fix: 'Did you mean "replicas"?' },
  { input: 'namespace: { monitoring: "obs" }', overrides: { namespace: { monitoring: 'obs' } }, field: 'namespace', value: '{"monitoring":"obs"}', fix: 'Did you mean "namespaces"?' },
  { input: 'prometheus.resources.limits: { cpus: "2" }', overrides: { prometheus: { resources: { limits: { cpus: '2' } } } }, field: 'prometheus.resources.limits.cpus', value: '"2"', fix: 'Did you mean "cpu"?' },
  { input: 'loki.objectStore: { ...s3, bucekt: "logs" }', overrides: { loki: { objectStore: { ...s3, bucekt: 'logs' } } }, field: 'loki.objectStore.bucekt', value: '"logs"', fix: 'Did you mean "bucket"?' },
  { input: 'jaeger.backend: { type: "badger", retension: "72h" }', overrides: { jaeger: { backend: { type: 'badger', retension: '72h' } } }, field: 'jaeger.backend.retension', value: '"72h"', fix: 'Did you mean "retention"?' },
  { input: 'alertmanager.notifications: { slackChanel: "#ops" }', overrides: { alertmanager: { notifications: { slackChanel: '#ops' } } }, field: 'alertmanager.notifications.slackChanel', value: '"#ops"', fix: 'Did you mean "slackChannel"?' },
  { input: 'prometheus.remoteWrite: [{ ..., header: {...} }]', overrides: { prometheus: { remoteWrite: [{ name: 'mimir', url: 'https://mimir.example.com/api/v1/push', header: { 'X-Scope-OrgID': 'a' } }] } }, field: 'prometheus.remoteWrite[0].header', value: '{"X-Scope-OrgID":"a"}', fix: 'Did you mean "headers"?' },
  { input: 'networkPolicies: { userSource: [...] }', overrides: { networkPolicies: { userSource: [{ cidr: '10.0.0.0/8' }] } }, field: 'networkPolicies.userSource', value: '[{"cidr":"10.0.0.0/8"}]', fix: 'Did you mean "userSources"?' },
  { input: 'alerting.alerts.HighErrorRate: { treshold: 0.1 }', overrides: { alerting: { alerts: { HighErrorRate: { treshold: 0.1 } } } }, field: 'alerting.alerts.HighErrorRate.treshold', value: '0.1', fix: 'Did you mean "threshold"?' },
  { input: 'slos["api-latency"]: { objectve: 99 }', overrides: { slos: { 'api-latency': { objectve: 99 } } }, field: 'slos.api-latency.objectve', value: '99', fix: 'Did you mean "objective"?' },
  { input: 'images.grafana: { digets: "sha256:…" }', overrides: { images: { grafana: { digets: `sha256:${'a'.repeat(64)}` } } }, field: 'images.grafana.digets', value: `"sha256:${'a'.repeat(64)}"`, fix: 'Did you mean "digest"?' },
  { input: 'grafana: { extraDashbords: [] }', overrides: { grafana: { extraDashbords: [] } }, field: 'grafana.extraDashbords', value: '[]', fix: 'Did you mean "extraDashboards"?' },
  { input: 'prometheus: 5', overrides: { prometheus: 5 }, field: 'prometheus', value: '5', fix: 'Give an object' },

  // Durations: Prometheus's grammar, and never zero where zero means nothing.
  { input: 'prometheus: { retention: "1m1h" }', overrides: { prometheus: { retention: '1m1h' } }, field: 'prometheus.retention', value: '"1m1h"', fix: 'from largest to smallest (y w d h m s ms): "1h1m"' },
  { input: 'prometheus: { scrapeInterval: "30s30s" }', overrides: { prometheus: { scrapeInterval: '30s30s' } }, field: 'prometheus.scrapeInterval', value: '"30s30s"', fix: '"1m"' },
  { input: 'prometheus: { retention: "0s" }', overrides: { prometheus: { retention: '0s' } }, field: 'prometheus.retention', value: '"0s"', fix: 'Use a positive duration, for example "15d"' },
  { input: 'prometheus: { scrapeInterval: "0s" }', overrides: { prometheus: { scrapeInterval: '0s' } }, field: 'prometheus.scrapeInterval', value: '"0s"', fix: 'Use a positive duration, for example "30s"' },
  { input: 'prometheus: { evaluationInterval: "15 s" }', overrides: { prometheus: { evaluationInterval: '15 s' } }, field: 'prometheus.evaluationInterval', value: '"15 s"', fix: 'digits followed by a unit' },
  { input: 'prometheus: { retention: "1.5d" }', overrides: { prometheus: { retention: '1.5d' } }, field: 'prometheus.retention', value: '"1.5d"', fix: 'for example "30s", "5m" or "1h30m"' },
  { input: 'loki: { retention: "12h" }', overrides: { loki: { retention: '12h' } }, field: 'loki.retention', value: '"12h"', fix: 'Use 24h or more' },
  { input: 'jaeger.backend: { type: "badger", retention: "0s" }', overrides: { jaeger: { backend: { type: 'badger', retention: '0s' } } }, field: 'jaeger.backend.retention', value: '"0s"', fix: 'Use a positive duration' },
  { input: 'alerting.alerts.HighErrorRate: { for: "5 min" }', overrides: { alerting: { alerts: { HighErrorRate: { for: '5 min' } } } }, field: 'alerting.alerts.HighErrorRate.for', value: '"5 min"', fix: 'Use a Prometheus duration' },
  { input: 'remoteWrite[0].queue: { batchSendDeadline: "0s" }', overrides: { prometheus: { remoteWrite: [{ name: 'mimir', url: 'https://mimir.example.com/api/v1/push', queue: { batchSendDeadline: '0s' } }] } }, field: 'prometheus.remoteWrite[0].queue.batchSendDeadline', value: '"0s"', fix: 'longer than zero' },

  // Quantities: Kubernetes's grammar, memory and storage in bytes and larger than zero.
  { input: 'api.resources.requests: { memory: "128m" }', overrides: { api: { resources: memory('128m') } }, field: 'api.resources.requests.memory', value: '"128m"', fix: 'is in millibytes: "m" is not a byte unit. Use Ki, Mi, Gi, Ti (or k, M, G, T), e.g. "128Mi"' },
  { input: 'grafana.storage: { size: "0" }', overrides: { grafana: { storage: { size: '0' } } }, field: 'grafana.storage.size', value: '"0"', fix: 'Give a size such as "256Mi" or "10Gi"' },
  { input: 'alertmanager.resources.limits: { memory: "0" }', overrides: { alertmanager: { resources: { limits: { memory: '0' } } } }, field: 'alertmanager.resources.limits.memory', value: '"0"', fix: 'Give a size' },
  { input: 'prometheus.storage: { size: "10 GB" }', overrides: { prometheus: { storage: { size: '10 GB' } } }, field: 'prometheus.storage.size', value: '"10 GB"', fix: 'Use a Kubernetes quantity' },
  { input: 'jaeger.storage: { size: "5Gb" }', overrides: { jaeger: { storage: { size: '5Gb' } } }, field: 'jaeger.storage.size', value: '"5Gb"', fix: '"256Mi" or "10Gi"' },
  { input: 'loki.resources.requests: { cpu: "-1" }', overrides: { loki: { resources: { requests: { cpu: '-1' } } } }, field: 'loki.resources.requests.cpu', value: '"-1"', fix: 'Give a CPU amount such as "250m"' },
  { input: 'prometheus.resources: 4Gi requested, 1Gi limit', overrides: { prometheus: { resources: { requests: { memory: '4Gi' }, limits: { memory: '1Gi' } } } }, field: 'prometheus.resources.limits.memory', value: '1Gi', fix: 'Raise the limit to at least the request' },

  // Names, namespaces and labels as Kubernetes checks them.
  { input: 'grafana.storage: { storageClassName: "EBS_gp3" }', overrides: { grafana: { storage: { storageClassName: 'EBS_gp3' } } }, field: 'grafana.storage.storageClassName', value: '"EBS_gp3"', fix: 'Use a DNS subdomain' },
  { input: 'namespaces: { monitoring: "kube-system" }', overrides: { namespaces: { monitoring: 'kube-system' } }, field: 'namespaces.monitoring', value: '"kube-system"', fix: "Give a namespace of the stack's own" },
  { input: 'namespaces: { platform: "default" }', overrides: { namespaces: { platform: 'default' } }, field: 'namespaces.platform', value: '"default"', fix: "Give a namespace of the stack's own" },
  { input: 'nodeExporter: { namespace: "kube-node-lease" }', overrides: { nodeExporter: { namespace: 'kube-node-lease' } }, field: 'nodeExporter.namespace', value: '"kube-node-lease"', fix: "Give a namespace of the stack's own" },
  { input: 'alloy: { namespace: "kube-system" }', overrides: { alloy: { namespace: 'kube-system' } }, field: 'alloy.namespace', value: '"kube-system"', fix: "Give a namespace of the stack's own" },
  { input: 'alloy: { namespace: "monitoring" }', overrides: { alloy: { namespace: 'monitoring' } }, field: 'alloy.namespace', value: '"monitoring"', fix: 'Give Alloy a namespace of its own' },
  { input: 'namespaces: { platform: "Agent_Platform" }', overrides: { namespaces: { platform: 'Agent_Platform' } }, field: 'namespaces.platform', value: '"Agent_Platform"', fix: 'Use a DNS label' },
  { input: 'namespaces: { platform: "monitoring" }', overrides: { namespaces: { platform: 'monitoring' } }, field: 'namespaces.platform and namespaces.monitoring', value: '"monitoring"', fix: 'Give them different names' },
  { input: 'cluster: "Prod EU"', overrides: { cluster: 'Prod EU' }, field: 'cluster', value: '"Prod EU"', fix: 'Use a DNS label' },
  { input: 'name: "Prod" (the environment)', name: 'Prod', overrides: {}, field: 'name', value: '"Prod"', fix: 'Use a DNS label' },
  { input: 'loki.objectStore: { ...s3, credentialsSecret: "Loki_Creds" }', overrides: { loki: { objectStore: { ...s3, credentialsSecret: 'Loki_Creds' } } }, field: 'loki.objectStore.credentialsSecret', value: '"Loki_Creds"', fix: 'Use lower-case letters, digits' },
  { input: 'prometheus.extraScrapeTargets[0].podLabels: { app: "b c" }', overrides: { prometheus: { extraScrapeTargets: [{ ...target, podLabels: { app: 'b c' } }] } }, field: 'prometheus.extraScrapeTargets[0] (job "worker").podLabels.app', value: '"b c"', fix: 'no spaces' },
  { input: 'prometheus.extraScrapeTargets[0].podLabels: { "my app": "worker" }', overrides: { prometheus: { extraScrapeTargets: [{ ...target, podLabels: { 'my app': 'worker' } }] } }, field: 'prometheus.extraScrapeTargets[0] (job "worker").podLabels', value: '"my app"', fix: 'e.g. "app.kubernetes.io/name"' },
  { input: 'prometheus.podDiscovery: { namespaces: [] }', overrides: { prometheus: { podDiscovery: { namespaces: [] } } }, field: 'prometheus.podDiscovery.namespaces', value: '[]', fix: 'Give the namespaces whose pods may opt in' },
  { input: 'prometheus.podDiscovery: { namespaces: ["Team_A"] }', overrides: { prometheus: { podDiscovery: { namespaces: ['Team_A'] } } }, field: 'prometheus.podDiscovery.namespaces[0]', value: '"Team_A"', fix: 'Use a DNS label' },
  { input: 'prometheus.podDiscovery: { label: "scrape me" }', overrides: { prometheus: { podDiscovery: { namespaces: ['team-a'], label: 'scrape me' } } }, field: 'prometheus.podDiscovery.label', value: '"scrape me"', fix: 'is not a label key' },
  { input: 'prometheus.podDiscovery: { port: "Metrics_Port" }', overrides: { prometheus: { podDiscovery: { namespaces: ['team-a'], port: 'Metrics_Port' } } }, field: 'prometheus.podDiscovery.port', value: '"Metrics_Port"', fix: 'at most 15 lower-case letters' },
  { input: 'networkPolicies.userSources: [{ namespace: "ingress", podLabels: { app: "-nginx" } }]', overrides: { networkPolicies: { userSources: [{ namespace: 'ingress', podLabels: { app: '-nginx' } }] } }, field: 'networkPolicies.userSources[0].podLabels.app', value: '"-nginx"', fix: 'starting and ending with a letter or digit' },
  { input: 'networkPolicies.userSources: [{ cidr: "10.0.0.1/8" }]', overrides: { networkPolicies: { userSources: [{ cidr: '10.0.0.1/8' }] } }, field: 'networkPolicies.userSources[0].cidr', value: '"10.0.0.1/8"', fix: 'with the host bits zero' },
  { input: 'networkPolicies.userSources: [{ cidr, namespace }]', overrides: { networkPolicies: { userSources: [{ cidr: '10.0.0.0/8', namespace: 'ingress' }] } }, field: 'networkPolicies.userSources[0]', value: '{"cidr":"10.0.0.0/8","namespace":"ingress"}', fix: 'not both' },
  { input: 'networkPolicies: { enabled: "yes" }', overrides: { networkPolicies: { enabled: 'yes' } }, field: 'networkPolicies.enabled', value: '"yes"', fix: 'Set true' },

  // Images.
  { input: 'api.image: { digest: "sha256:abc" }', overrides: { api: { image: { digest: 'sha256:abc' } } }, field: 'api.image.digest', value: '"sha256:abc"', fix: 'the 64 lower-case hex digits' },
  { input: 'images.grafana: { tag: "latest" }', overrides: { images: { grafana: { tag: 'latest' } } }, field: 'images.grafana.tag', value: '"latest"', fix: 'Use an explicit version tag' },
  { input: 'imageRegistry: "https://mirror"', overrides: { imageRegistry: 'https://mirror' }, field: 'imageRegistry', value: '"https://mirror"', fix: 'without scheme' },

  // Replicas and backends.
  { input: 'api: { replicas: 0 }', overrides: { api: { replicas: 0 } }, field: 'api.replicas', value: '0', fix: 'Set it to 1 or more' },
  { input: 'prometheus: { replicas: Infinity }', overrides: { prometheus: { replicas: Infinity } }, field: 'prometheus.replicas', value: 'Infinity', fix: 'Set it to 1 or more' },
  { input: 'grafana: { replicas: 2 }', overrides: { grafana: { replicas: 2 } }, field: 'grafana.replicas', value: '2', fix: 'Set grafana.replicas to 1' },
  { input: 'grafana.database: { type: "postgres", host: "db:5432" }', overrides: { grafana: { database: { type: 'postgres', host: 'db:5432' } } }, field: 'grafana.database.host', value: '"db:5432"', fix: 'the port goes in port' },
  { input: 'grafana.database: { type: "postgres", host: "db", sslMode: "prefer" }', overrides: { grafana: { database: { type: 'postgres', host: 'db', sslMode: 'prefer' } } }, field: 'grafana.database.sslMode', value: '"prefer"', fix: 'Use one of "disable", "require", "verify-ca", "verify-full"' },
  { input: 'grafana.database: { type: "postgres", hots: "db" }', overrides: { grafana: { database: { type: 'postgres', host: 'db', hots: 'db' } } }, field: 'grafana.database.hots', value: '"db"', fix: 'Did you mean "host"?' },
  { input: 'grafana.sso: { ..., authUrl: "http://sso/auth" }', overrides: { grafana: { externalUrl: 'https://grafana.example.com', sso: { name: 'SSO', clientId: 'grafana', authUrl: 'http://sso.example.com/auth', tokenUrl: 'https://sso.example.com/token', apiUrl: 'https://sso.example.com/userinfo' } } }, field: 'grafana.sso.authUrl', value: '"http://sso.example.com/auth"', fix: 'is not an https URL' },
  { input: 'grafana.sso.roleMapping: { claim: "groups", roles: { ops: "admin" } }', overrides: { grafana: { externalUrl: 'https://grafana.example.com', sso: { name: 'SSO', clientId: 'grafana', authUrl: 'https://sso.example.com/auth', tokenUrl: 'https://sso.example.com/token', apiUrl: 'https://sso.example.com/userinfo', roleMapping: { claim: 'groups', roles: { ops: 'admin' } } } } }, field: 'grafana.sso.roleMapping.roles.ops', value: '"admin"', fix: 'Use one of "GrafanaAdmin", "Admin", "Editor", "Viewer"' },
  { input: 'grafana.settings: { server: { root_url: "..." } }', overrides: { grafana: { settings: { server: { root_url: 'https://grafana.example.com' } } } }, field: 'grafana.settings.server.root_url', value: '"https://grafana.example.com"', fix: 'Set it through grafana.externalUrl' },
  { input: 'grafana.settings: { smtp: { password: "..." } }', overrides: { grafana: { settings: { smtp: { password: 'hunter2' } } } }, field: 'grafana.settings.smtp.password', value: 'GF_SMTP_PASSWORD', fix: 'secret: { name: "<secret>", key: "<key>" }' },
  { input: 'grafana.extraEnv: [{ name: "GF_DATABASE_HOST", value: "db" }]', overrides: { grafana: { extraEnv: [{ name: 'GF_DATABASE_HOST', value: 'db' }] } }, field: 'grafana.extraEnv[0].name', value: '"GF_DATABASE_HOST"', fix: 'Set it through grafana.database' },
  { input: 'loki: { replicas: 2 }', overrides: { loki: { replicas: 2 } }, field: 'loki.replicas', value: '2', fix: 'Set loki.replicas to 1' },
  { input: "loki.deployment: { mode: 'simple-scalable', ... } on a filesystem store", overrides: { loki: { deployment: lokiSimpleScalable } }, field: 'loki.deployment.mode', value: '"simple-scalable"', fix: "Set loki.objectStore to { type: 's3', bucket, endpoint, region }" },
  { input: 'loki.deployment: { ..., replicationFactor: 3, write: { replicas: 2 } }', overrides: { loki: { objectStore: s3, deployment: { ...lokiSimpleScalable, write: { ...lokiSimpleScalable.write, replicas: 2 } } } }, field: 'loki.deployment.replicationFactor', value: '3', fix: 'Raise write.replicas to at least 3' },
  { input: "loki.deployment: { mode: 'distributed' }", overrides: { loki: { deployment: { mode: 'distributed' } } }, field: 'loki.deployment.mode', value: '"distributed"', fix: "Use { mode: 'monolithic' }" },
  { input: 'jaeger.backend: { type: "mem" }', overrides: { jaeger: { backend: { type: 'mem' } } }, field: 'jaeger.backend.type', value: '"mem"', fix: "Use { type: 'memory' }" },
  { input: 'jaeger.backend: { type: "memory", maxTraces: NaN }', overrides: { jaeger: { backend: { type: 'memory', maxTraces: NaN } } }, field: 'jaeger.backend.maxTraces', value: 'NaN', fix: 'e.g. 10000' },
  { input: 'jaeger: { topology: "scaled", backend: { type: "badger" } }', overrides: { jaeger: { topology: 'scaled', backend: { type: 'badger' } } }, field: 'jaeger.topology', value: '"scaled"', fix: 'Use an elasticsearch or opensearch backend' },
  { input: 'jaeger: { topology: "microservices" }', overrides: { jaeger: { topology: 'microservices' } }, field: 'jaeger.topology', value: '"microservices"', fix: "Use 'all-in-one' (one workload) or 'scaled'" },
  { input: 'jaeger.collector: { replicas: 0 }', overrides: { jaeger: { collector: { replicas: 0 } } }, field: 'jaeger.collector.replicas', value: '0', fix: 'Set it to 1 or more' },
  { input: 'jaeger.backend: { type: "opensearch", ..., retention: "36h" }', overrides: { jaeger: { backend: { type: 'opensearch', serverUrls: ['https://os:9200'], retention: '36h' } } }, field: 'jaeger.backend.retention', value: '"36h"', fix: 'Use a positive multiple of 24h' },
  { input: 'jaeger.backend: { type: "elasticsearch", serverUrls: ["http://…"], caSecret }', overrides: { jaeger: { backend: { type: 'elasticsearch', serverUrls: ['http://es:9200'], caSecret: { name: 'es-ca', key: 'ca.crt' } } } }, field: 'jaeger.backend.caSecret', value: '"http://es:9200"', fix: 'Use https URLs, or leave caSecret out' },
  { input: 'jaeger.backend: { type: "opensearch", ..., indexCleaner: "no" }', overrides: { jaeger: { backend: { type: 'opensearch', serverUrls: ['https://os:9200'], indexCleaner: 'no' } } }, field: 'jaeger.backend.indexCleaner', value: '"no"', fix: 'or false when an ILM/ISM policy deletes them' },
  { input: 'jaeger.backend: { type: "opensearch", ..., caSecert }', overrides: { jaeger: { backend: { type: 'opensearch', serverUrls: ['https://os:9200'], caSecert: { name: 'a', key: 'b' } } } }, field: 'jaeger.backend.caSecert', value: '{"name":"a","key":"b"}', fix: 'Did you mean "caSecret"?' },
  { input: 'prometheus: { externalUrl: "prometheus.example.com" }', overrides: { prometheus: { externalUrl: 'prometheus.example.com' } }, field: 'prometheus.externalUrl', value: '"prometheus.example.com"', fix: 'e.g. "https://prometheus.example.com"' },
  { input: 'alertmanager.deadMansSwitch: { enabled: "true" }', overrides: { alertmanager: { deadMansSwitch: { enabled: 'true' } } }, field: 'alertmanager.deadMansSwitch.enabled', value: '"true"', fix: 'Use true to send' },
  { input: 'alertmanager.deadMansSwitch: { repeatInterval: "60" }', overrides: { alertmanager: { deadMansSwitch: { repeatInterval: '60' } } }, field: 'alertmanager.deadMansSwitch.repeatInterval', value: '"60"', fix: 'Use a Prometheus duration' },
  { input: 'alertmanager.deadMansSwitch: { repeatIntervall: "1m" }', overrides: { alertmanager: { deadMansSwitch: { repeatIntervall: '1m' } } }, field: 'alertmanager.deadMansSwitch.repeatIntervall', value: '"1m"', fix: 'Did you mean "repeatInterval"?' },
  { input: 'alertmanager.notifications: { emailTo: "oncall" }', overrides: { alertmanager: { notifications: { emailTo: 'oncall' } } }, field: 'alertmanager.notifications.emailTo', value: '"oncall"', fix: 'Use an address such as' },

  // Autoscaling the API.
  { input: 'api.autoscaling: { enabled: "yes" }', overrides: { api: { autoscaling: { enabled: 'yes' } } }, field: 'api.autoscaling.enabled', value: '"yes"', fix: 'Set true to scale the API' },
  { input: 'api.autoscaling: { minReplicas: 1 }', overrides: { api: { autoscaling: { minReplicas: 1 } } }, field: 'api.autoscaling.minReplicas', value: '1', fix: 'set minReplicas to 2 or more' },
  { input: 'api.autoscaling: { maxReplicas: 2, minReplicas: 3 }', overrides: { api: { autoscaling: { minReplicas: 3, maxReplicas: 2 } } }, field: 'api.autoscaling.maxReplicas', value: '2', fix: 'Set it to at least 3' },
  { input: 'api.autoscaling: { targetCpuUtilization: 0.7 }', overrides: { api: { autoscaling: { targetCpuUtilization: 0.7 } } }, field: 'api.autoscaling.targetCpuUtilization', value: '0.7', fix: 'e.g. 70' },
  { input: 'api: { replicas: 3, autoscaling: { enabled: true } }', overrides: { api: { replicas: 3, autoscaling: { enabled: true } } }, field: 'api.replicas', value: '3', fix: 'Remove api.replicas' },

  // Priority classes.
  { input: 'priorityClasses.core: { enabled: "no" }', overrides: { priorityClasses: { core: { enabled: 'no' } } }, field: 'priorityClasses.core.enabled', value: '"no"', fix: 'Set false to leave' },
  { input: 'priorityClasses.nodeAgent: { value: 2000001000 }', overrides: { priorityClasses: { nodeAgent: { value: 2000001000 } } }, field: 'priorityClasses.nodeAgent.value', value: '2000001000', fix: 'from 1 to 1000000000' },
  { input: 'priorityClasses.core: { preemptionPolicy: "Preempt" }', overrides: { priorityClasses: { core: { preemptionPolicy: 'Preempt' } } }, field: 'priorityClasses.core.preemptionPolicy', value: '"Preempt"', fix: '"PreemptLowerPriority", "Never"' },
  { input: 'priorityClasses.nodeAgent: { existing: "system-node-critical" }', overrides: { priorityClasses: { nodeAgent: { existing: 'system-node-critical' } } }, field: 'priorityClasses.nodeAgent.existing', value: '"system-node-critical"', fix: 'only in kube-system' },
  { input: 'priorityClasses.core: { name: "system-monitoring" }', overrides: { priorityClasses: { core: { name: 'system-monitoring' } } }, field: 'priorityClasses.core.name', value: '"system-monitoring"', fix: 'the API server refuses to create it' },
  { input: 'priorityClasses.core: { name: "Monitoring Core" }', overrides: { priorityClasses: { core: { name: 'Monitoring Core' } } }, field: 'priorityClasses.core.name', value: '"Monitoring Core"', fix: 'Use a DNS subdomain' },
  { input: 'priorityClasses.core: { name: "a", existing: "b" }', overrides: { priorityClasses: { core: { name: 'a', existing: 'b' } } }, field: 'priorityClasses.core', value: '"b"', fix: 'not both' },
  { input: 'priorityClasses.core: { name: "shared" }, nodeAgent: { name: "shared" }', overrides: { priorityClasses: { core: { name: 'shared' }, nodeAgent: { name: 'shared' } } }, field: 'priorityClasses.core.name', value: '"shared"', fix: 'Give each class its own name' },
  { input: 'priorityClasses.core: { value: 2000000 }', overrides: { priorityClasses: { core: { value: 2000000 } } }, field: 'priorityClasses.nodeAgent.value', value: '2000000', fix: 'give it the higher value' },
  { input: 'priorityClasses.core: { exisitng: "x" }', overrides: { priorityClasses: { core: { exisitng: 'x' } } }, field: 'priorityClasses.core.exisitng', value: '"x"', fix: 'Did you mean "existing"?' },

  // Ingresses: what the controller and cert-manager would refuse, or read two ways.
  { input: 'grafana.ingress: { host: "https://grafana.example.com" }', overrides: { grafana: { ingress: { ...ingress, host: 'https://grafana.example.com' } } }, field: 'grafana.ingress.host', value: '"https://grafana.example.com"', fix: 'without scheme, port, path or wildcard' },
  { input: 'api.ingress.tls: { secretName, clusterIssuer }', overrides: { api: { ingress: { ...ingress, tls: { secretName: 'api-cert', clusterIssuer: 'letsencrypt' } } } }, field: 'api.ingress.tls', value: '{"secretName":"api-cert","clusterIssuer":"letsencrypt"}', fix: 'Give exactly one of' },
  { input: 'grafana.ingress without className', overrides: { grafana: { ingress: { ...ingress, className: undefined } } }, field: 'grafana.ingress.className', value: 'missing', fix: 'an Ingress needs host, className, tls and controller' },
  { input: 'api.ingress.annotations: { "cert-manager.io/cluster-issuer": "ca" }', overrides: { api: { ingress: { ...ingress, annotations: { 'cert-manager.io/cluster-issuer': 'ca' } } } }, field: 'api.ingress.annotations', value: '"cert-manager.io/cluster-issuer"', fix: 'set api.ingress.tls.clusterIssuer instead' },
  { input: 'grafana.ingress: { ..., pth: "/grafana" }', overrides: { grafana: { ingress: { ...ingress, pth: '/grafana' } } }, field: 'grafana.ingress.pth', value: '"/grafana"', fix: 'Did you mean "path"?' },

  // Alert tuning: each threshold stays in the range its rule declares.
  { input: 'alerting.alerts.HighErrorRate: { threshold: -0.05 }', overrides: { alerting: { alerts: { HighErrorRate: { threshold: -0.05 } } } }, field: 'alerting.alerts.HighErrorRate.threshold', value: '-0.05', fix: 'Give a value in (0, 1), e.g. its default 0.05' },
  { input: 'alerting.alerts.HighErrorRate: { threshold: 5 } (a percentage)', overrides: { alerting: { alerts: { HighErrorRate: { threshold: 5 } } } }, field: 'alerting.alerts.HighErrorRate.threshold', value: '5', fix: "HighErrorRate's threshold is a ratio" },
  { input: 'alerting.alerts.HighCPUUsage: { threshold: 120 }', overrides: { alerting: { alerts: { HighCPUUsage: { threshold: 120 } } } }, field: 'alerting.alerts.HighCPUUsage.threshold', value: '120', fix: 'Give a value in (0, 100)' },
  { input: 'alerting.alerts.PodRestarting: { threshold: -1 }', overrides: { alerting: { alerts: { PodRestarting: { threshold: -1 } } } }, field: 'alerting.alerts.PodRestarting.threshold', value: '-1', fix: 'Give a value in [0, ∞)' },
  { input: 'alerting.alerts.SlowResponseTime: { threshold: NaN }', overrides: { alerting: { alerts: { SlowResponseTime: { threshold: NaN } } } }, field: 'alerting.alerts.SlowResponseTime.threshold', value: 'NaN', fix: 'Give the value the alert compares against' },
  { input: 'alerting.alerts.SlowResponseTime: { threshold: Infinity }', overrides: { alerting: { alerts: { SlowResponseTime: { threshold: Infinity } } } }, field: 'alerting.alerts.SlowResponseTime.threshold', value: 'Infinity', fix: 'Give the value the alert compares against' },
  { input: 'alerting.alerts.HighErorRate: { disabled: true }', overrides: { alerting: { alerts: { HighErorRate: { disabled: true } } } }, field: 'alerting.alerts.HighErorRate', value: '"HighErorRate"', fix: 'Fix the name or remove the entry' },
  { input: 'alerting.alerts.HighErrorRate: { severity: "page" }', overrides: { alerting: { alerts: { HighErrorRate: { severity: 'page' } } } }, field: 'alerting.alerts.HighErrorRate.severity', value: '"page"', fix: 'Use one of those' },
  { input: 'alerting: { watchedNamespaces: ["Agent_Platform"] }', overrides: { alerting: { watchedNamespaces: ['Agent_Platform'] } }, field: 'alerting.watchedNamespaces[0]', value: '"Agent_Platform"', fix: 'Use a DNS label' },
  { input: 'alerting: { watchedNamespaces: [] }', overrides: { alerting: { watchedNamespaces: [] } }, field: 'alerting.watchedNamespaces', value: '[]', fix: 'Give at least one, e.g. ["agent-platform", "monitoring"]' },
  { input: 'alerting: { watchedNamespaces: ["a", "a"] }', overrides: { alerting: { watchedNamespaces: ['agent-platform', 'agent-platform'] } }, field: 'alerting.watchedNamespaces[1]', value: '"agent-platform"', fix: 'is listed twice. Remove one.' },
  { input: 'alerting: { runbookBaseUrl: "docs/runbooks/" }', overrides: { alerting: { runbookBaseUrl: 'docs/runbooks/' } }, field: 'alerting.runbookBaseUrl', value: '"docs/runbooks/"', fix: 'without a trailing "/"' },

  // Rules an environment adds: what promtool or Prometheus would only refuse later.
  { input: 'extra alert { runbookUrl: "not a url" }', overrides: alert({ runbookUrl: 'not a url' }), field: 'alert "QueueBacklog": runbookUrl', value: '"not a url"', fix: 'or "docs/runbooks/QueueBacklog.md"' },
  { input: 'extra alert { expr: "queue_depth[5m]" } (a range vector)', overrides: alert({ expr: 'queue_depth[5m]' }), field: 'alert "QueueBacklog": expr', value: 'queue_depth[5m]', fix: 'Wrap the range in a function such as rate(...)' },
  { input: 'extra alert { expr: "rate(queue_depth) > 1" } (no range)', overrides: alert({ expr: 'rate(queue_depth) > 1' }), field: 'alert "QueueBacklog": expr', value: 'rate(queue_depth) > 1', fix: 'give it a range, e.g. rate(queue_depth[5m])' },
  { input: 'extra alert { expr: "rate(x[5m]) > queue_depth[5m]" } (a range on a comparison)', overrides: alert({ expr: 'rate(x[5m]) > queue_depth[5m]' }), field: 'alert "QueueBacklog": expr', value: 'rate(x[5m]) > queue_depth[5m]', fix: 'applies only to a series selector' },
  { input: 'extra alert { expr: "sum(queue_depth) >" }', overrides: alert({ expr: 'sum(queue_depth) >' }), field: 'alert "QueueBacklog": expr', value: 'sum(queue_depth) >', fix: 'Fix the PromQL' },
  { input: 'extra alert { expr: "1 > bool 0" } (a scalar)', overrides: alert({ expr: '1 > bool 0' }), field: 'alert "QueueBacklog": expr', value: '1 > bool 0', fix: 'an alert needs an instant vector' },
  { input: 'extra alert { expr: "(queue_depth[5m]) > 1" } (compares a range)', overrides: alert({ expr: '(queue_depth[5m]) > 1' }), field: 'alert "QueueBacklog": expr', value: '(queue_depth[5m]) > 1', fix: 'an operator takes scalars and instant vectors' },
  { input: 'extra alert { summary: "Queue {{ $labels.queue" }', overrides: alert({ summary: 'Queue {{ $labels.queue' }), field: 'alert "QueueBacklog": annotation summary', value: '"Queue {{ $labels.queue"', fix: 'balance every "{{" with "}}"' },
  { input: 'extra alert { description: "{{ $valu }} waiting" }', overrides: alert({ description: '{{ $valu }} waiting' }), field: 'alert "QueueBacklog": annotation description', value: '"{{ $valu }} waiting"', fix: 'undefined variable $valu' },
  { input: 'extra alert { summary: "{{ humanise $value }}" }', overrides: alert({ summary: '{{ humanise $value }}' }), field: 'alert "QueueBacklog": annotation summary', value: '"{{ humanise $value }}"', fix: 'unknown function "humanise"' },
  { input: 'extra alert { summary: "{{ if $value }}high" }', overrides: alert({ summary: '{{ if $value }}high' }), field: 'alert "QueueBacklog": annotation summary', value: '"{{ if $value }}high"', fix: 'never closed with {{ end }}' },
  { input: 'extra alert { for: "10m5m" }', overrides: alert({ for: '10m5m' }), field: 'alert "QueueBacklog": for', value: '"10m5m"', fix: '"15m"' },
  { input: 'extra alert { expr: t => `queue_depth > ${t}`, threshold: 100 } (no range)', overrides: alert({ expr: (t: number) => `queue_depth > ${t}`, threshold: 100 }), field: 'alert "QueueBacklog": thresholdRange', value: 'nothing', fix: 'thresholdRange: RATIO' },
  { input: 'extra alert { severity: "page" }', overrides: alert({ severity: 'page' as never }), field: 'alert "QueueBacklog": severity', value: '"page"', fix: 'Use one of those' },
  { input: 'extra recording rule { expr: "queue_depth[5m]" }', overrides: { alerting: { extraGroups: [{ name: 'team-rules', rules: [{ record: 'queue:depth:5m', expr: 'queue_depth[5m]' }] }] } }, field: 'recording rule "queue:depth:5m": expr', value: 'queue_depth[5m]', fix: 'Wrap the range in a function' },
  { input: 'extraGroups: [{ name: "team-rules", rules: [{ recrod: ... }] }]', overrides: { alerting: { extraGroups: [{ name: 'team-rules', rules: [{ recrod: 'queue:depth:sum', expr: 'sum(queue_depth)' }] }] } }, field: 'alerting.extraGroups[0].rules[0].recrod', value: '"queue:depth:sum"', fix: 'Did you mean "record"?' },

  // SLOs.
  { input: 'slos["api-latency"]: { objective: 0.999 }', overrides: { slos: { 'api-latency': { objective: 0.999 } } }, field: 'slos.api-latency: objective', value: '0.999', fix: '0.999 looks like a fraction; objectives are percentages. Write 99.9' },
  { input: 'slos["api-latency"]: { objective: 100 }', overrides: { slos: { 'api-latency': { objective: 100 } } }, field: 'slos.api-latency: objective', value: '100', fix: 'Give the target in percent' },
  { input: 'slos["api-latency"]: { objective: NaN }', overrides: { slos: { 'api-latency': { objective: NaN } } }, field: 'slos.api-latency: objective', value: 'NaN', fix: 'Give the target in percent' },
  { input: 'slos["no-such"]: { disabled: true }', overrides: { slos: { 'no-such': { disabled: true } } }, field: 'slos.no-such', value: '"no-such"', fix: 'Fix the name or remove the entry' },
  { input: 'slos["api-latancy"]: { disabled: true }', overrides: { slos: { 'api-latancy': { disabled: true } } }, field: 'slos.api-latancy', value: '"api-latancy"', fix: 'Did you mean "api-latency"?' },
  { input: 'slos["queue-freshness"]: { objective: 99 } (a new SLO without title)', overrides: { slos: { 'queue-freshness': { objective: 99 } } }, field: 'slos.queue-freshness: title', value: 'missing', fix: 'set it' },
];

function attempt(c: Case): string {
  const definition = { name: c.name ?? ENV, overrides: c.overrides } as unknown as EnvironmentDefinition;
  try {
    compileEnvironment(resolveEnvironment(definition));
  } catch (error) {
    return (error as Error).message;
  }
  return '(accepted)';
}

describe('bad input: every mistake fails synth with the environment, the field, the value and the fix', () => {
  test('the table covers at least 60 mistakes', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(60);
  });

  test.each(CASES.map((c) => [c.input, c] as const))('%s', (_input, c) => {
    const message = attempt(c);
    expect(message.startsWith(`environment ${show(c.name ?? ENV)}: `)).toBe(true);
    expect(message).toContain(c.field);
    expect(message).toContain(c.value);
    expect(message).toContain(c.fix);
    // One line: synth prints it as one.
    expect(message).not.toContain('\n');
  });
});

describe('values the checks accept', () => {
  test.each([
    ['a StorageClass named as a DNS subdomain', { grafana: { storage: { storageClassName: 'ebs.gp3' } } }],
    ['an image pinned by digest', { api: { image: { digest: `sha256:${'0123456789abcdef'.repeat(4)}` } } }],
    ['a duration using every unit in order', { prometheus: { retention: '1y2w3d4h5m6s7ms' } }],
    ['memory in decimal bytes and an exponent', { api: { resources: { requests: { cpu: '0.5', memory: '128M' }, limits: { memory: '1e9' } } } }],
    ['a prefixed pod label', { prometheus: { extraScrapeTargets: [{ ...target, podLabels: { 'app.kubernetes.io/name': 'worker' } }] } }],
    ['watched namespaces of other teams', { alerting: { watchedNamespaces: ['agent-platform', 'payments'] } }],
    ['an autoscaled API with a fixed count equal to the default', { api: { replicas: 1, autoscaling: { enabled: true, minReplicas: 2, maxReplicas: 2 } } }],
    ['both priority classes taken from the cluster, one shared', { priorityClasses: { nodeAgent: { existing: 'platform-critical' }, core: { existing: 'platform-critical' } } }],
    ['the core above the node agents when the node agents use an existing class', { priorityClasses: { nodeAgent: { existing: 'daemons' }, core: { value: 5_000_000 } } }],
    ['a tuned threshold inside its range', { alerting: { alerts: { HighErrorRate: { threshold: 0.2 }, PodRestarting: { threshold: 0 } } } }],
    ['a runbook in the repository and a block template', alert({ runbookUrl: 'docs/runbooks/QueueBacklog.md', summary: '{{ if gt $value 1.0 }}{{ $value | humanize }}{{ else }}one{{ end }} waiting' })],
  ])('%s', (_what, overrides) => {
    expect(attempt({ input: '', overrides, field: '', value: '', fix: '' })).toBe('(accepted)');
  });
});

describe('npm run synth on bad input', () => {
  const box = sandbox();
  let good: Record<string, string>;
  beforeAll(() => {
    expect(runSynth(box.dist, [], { SYNTH_ENVIRONMENTS: box.environments('good', [{ name: 'good', overrides: { cluster: 'good' } }]) }).status).toBe(0);
    good = contents(box.dist);
    expect(Object.keys(good).length).toBeGreaterThan(0);
  });
  afterAll(() => fs.rmSync(box.dir, { recursive: true, force: true }));

  // JSON fixtures, as an environment file would hold them; one row of each kind of check.
  test.each(
    ['prometheus: { retension: "3d" }', 'api.resources.requests: { memory: "128m" }', 'namespaces: { monitoring: "kube-system" }', 'extra alert { expr: "queue_depth[5m]" } (a range vector)', 'slos["api-latency"]: { objective: 0.999 }'].map(
      (input) => [input, CASES.find((c) => c.input === input)!] as const,
    ),
  )('%s: exits 1 with the message on one line, dist/ byte-identical', (_input, c) => {
    const fixture = box.environments(`bad-${CASES.indexOf(c)}`, [{ name: ENV, overrides: c.overrides } as unknown as EnvironmentDefinition]);
    const result = runSynth(box.dist, [], { SYNTH_ENVIRONMENTS: fixture });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`synth failed: ${attempt(c).replace(/\.$/, '')}. ${box.dist}/ was left unchanged.\n`);
    expect(contents(box.dist)).toEqual(good);
  });
});
