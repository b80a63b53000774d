/**
 * Checks a resolved environment before any manifest is built. Every message names the environment,
 * the field, the value given and what would be accepted.
 */
import type { EnvironmentConfig, ImageRef, JaegerConfig, LokiConfig, RemoteWriteTarget, ResourceRequirements, StorageConfig } from './types';
import { durationToMs, quantityValue } from './units';
import { SEVERITIES } from '../rules/model';
import { checkSlos, slosOf } from '../slos/model';
import { isIP } from 'node:net';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const REGISTRY = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?(:\d+)?$/;
/** A registry host, optionally with the path prefix a mirror keeps the upstream repositories under. */
const MIRROR = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?(:\d+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/;
const REPOSITORY = /^[a-z0-9]+([._-][a-z0-9]+)*(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;

export function checkDnsLabel(value: string, where: string): void {
  if (typeof value !== 'string' || !DNS_LABEL.test(value)) {
    throw new Error(
      `${where}: ${JSON.stringify(value)} is not a valid name. ` +
        'Use a DNS label: lower-case letters, digits and "-", starting and ending with a letter or digit, at most 63 characters.',
    );
  }
}

export function checkImage(image: ImageRef, where: string): void {
  if (!image || !REGISTRY.test(image.registry ?? '')) {
    throw new Error(`${where}.registry: ${JSON.stringify(image?.registry)} is not a registry host. Use a host such as "quay.io" or "registry.example.com:5000".`);
  }
  if (!REPOSITORY.test(image.repository ?? '')) {
    throw new Error(
      `${where}.repository: ${JSON.stringify(image.repository)} is not an image repository. ` +
        'Use lower-case path components separated by "/", for example "prometheus/prometheus", without the registry or tag.',
    );
  }
  if (!TAG.test(image.tag ?? '') || image.tag === 'latest') {
    throw new Error(
      `${where}.tag: ${JSON.stringify(image.tag)} is not a pinned version. ` +
        'Use an explicit version tag such as "v3.5.5"; "latest" and empty tags are not allowed.',
    );
  }
}

export function checkReplicas(value: number, where: string): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`${where}: replicas must be a whole number of at least 1, got ${JSON.stringify(value)}. Set it to 1 or more.`);
  }
}

function checkResources(resources: ResourceRequirements, where: string): void {
  const cpu = quantityValue(resources.requests.cpu, `${where}.requests.cpu`);
  const memory = quantityValue(resources.requests.memory, `${where}.requests.memory`);
  const memoryLimit = quantityValue(resources.limits.memory, `${where}.limits.memory`);
  if (memoryLimit < memory) {
    throw new Error(
      `${where}.limits.memory: ${resources.limits.memory} is below the request ${resources.requests.memory}. ` +
        'Raise the limit to at least the request.',
    );
  }
  if (resources.limits.cpu !== undefined && quantityValue(resources.limits.cpu, `${where}.limits.cpu`) < cpu) {
    throw new Error(`${where}.limits.cpu: ${resources.limits.cpu} is below the request ${resources.requests.cpu}. Raise the limit or remove it.`);
  }
}

function checkStorage(storage: StorageConfig, where: string): void {
  if (quantityValue(storage.size, `${where}.size`) <= 0) {
    throw new Error(`${where}.size: ${storage.size} must be larger than zero.`);
  }
  if (storage.storageClassName !== undefined) checkDnsLabel(storage.storageClassName, `${where}.storageClassName`);
}

export function validateEnvironment(config: EnvironmentConfig): void {
  const env = `environment ${JSON.stringify(config.name)}`;
  checkDnsLabel(config.name, `${env}: name`);
  checkDnsLabel(config.cluster, `${env}: cluster`);
  checkDnsLabel(config.namespaces.platform, `${env}: namespaces.platform`);
  checkDnsLabel(config.namespaces.monitoring, `${env}: namespaces.monitoring`);
  if (config.namespaces.platform === config.namespaces.monitoring) {
    throw new Error(`${env}: namespaces.platform and namespaces.monitoring are both ${JSON.stringify(config.namespaces.platform)}. Give them different names.`);
  }
  if (config.imageRegistry !== undefined && !MIRROR.test(config.imageRegistry)) {
    throw new Error(
      `${env}: imageRegistry ${JSON.stringify(config.imageRegistry)} is not a registry host. ` +
        'Use a host such as "mirror.example.com:5000", optionally followed by a path prefix such as "harbor.example.com/upstream", without scheme or trailing "/".',
    );
  }
  for (const [name, image] of Object.entries(config.images)) checkImage(image, `${env}: images.${name}`);
  checkImage(config.api.image, `${env}: api.image`);

  const workloads = {
    api: config.api,
    prometheus: config.prometheus,
    alertmanager: config.alertmanager,
    grafana: config.grafana,
    loki: config.loki,
    jaeger: config.jaeger,
    kubeStateMetrics: config.kubeStateMetrics,
  };
  for (const [name, workload] of Object.entries(workloads)) {
    checkReplicas(workload.replicas, `${env}: ${name}.replicas`);
    checkResources(workload.resources, `${env}: ${name}.resources`);
  }
  for (const name of ['alloy', 'nodeExporter'] as const) checkResources(config[name].resources, `${env}: ${name}.resources`);
  for (const name of ['prometheus', 'alertmanager', 'grafana', 'loki', 'jaeger'] as const) {
    checkStorage(config[name].storage, `${env}: ${name}.storage`);
  }
  durationToMs(config.prometheus.retention, `${env}: prometheus.retention`);
  durationToMs(config.prometheus.scrapeInterval, `${env}: prometheus.scrapeInterval`);
  durationToMs(config.prometheus.evaluationInterval, `${env}: prometheus.evaluationInterval`);
  checkRemoteWrite(config.prometheus.remoteWrite ?? [], env);
  for (const component of ['prometheus', 'alertmanager'] as const) checkExternalUrl(config[component].externalUrl, env, component);
  checkLoki(config.loki, env);
  checkJaeger(config.jaeger, env);
  if (config.kubeStateMetrics.replicas !== 1) {
    throw new Error(
      `${env}: kubeStateMetrics.replicas: ${JSON.stringify(config.kubeStateMetrics.replicas)} replicas would each export every object, multiplying every sum over their series. ` +
        'Set kubeStateMetrics.replicas to 1; it restarts in seconds, and alerts on its series wait out their `for`.',
    );
  }
  if (config.grafana.replicas !== 1) {
    throw new Error(
      `${env}: grafana.replicas: Grafana keeps users, sessions and settings in SQLite on one ReadWriteOnce volume, so it runs exactly one replica, got ${config.grafana.replicas}. ` +
        'Set grafana.replicas to 1.',
    );
  }
  checkAlerting(config, env);
  checkSloDefinitions(config, env);
  checkNetworkPolicies(config, env);
  checkExtraScrapeTargets(config, env);
}

/**
 * An absolute http(s) URL that a path can be appended to: a host, no credentials (they would be
 * written into the manifests), no query or fragment, no trailing "/".
 */
function isBaseUrl(value: unknown): boolean {
  if (typeof value !== 'string' || /\s/.test(value) || value.endsWith('/')) return false;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return (
    (url.protocol === 'http:' || url.protocol === 'https:') &&
    url.hostname !== '' &&
    url.username === '' &&
    url.password === '' &&
    url.search === '' &&
    url.hash === '' &&
    !value.endsWith('?') &&
    !value.endsWith('#')
  );
}

/** A component's external URL, when set: where people open it, so links in notifications work. */
function checkExternalUrl(value: string | undefined, env: string, component: string): void {
  if (value === undefined || isBaseUrl(value)) return;
  throw new Error(
    `${env}: ${component}.externalUrl: ${JSON.stringify(value)} is not an absolute http(s) URL. ` +
      `Give the address people open ${component} at, e.g. "https://${component}.example.com" or "https://ops.example.com/${component}", ` +
      'without credentials, query or trailing "/"; or leave externalUrl out to keep pod-local links.',
  );
}

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;
const S3_BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const HOST_AND_PORT = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?(:\d{1,5})?$/;
const REGION = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const INDEX_PREFIX = /^[a-z0-9][a-z0-9_-]*$/;
const DAY_MS = 86_400_000;

function checkSecretName(value: string, where: string): void {
  if (typeof value !== 'string' || !DNS_SUBDOMAIN.test(value)) {
    throw new Error(`${where}: ${JSON.stringify(value)} is not a Secret name. Use lower-case letters, digits, "-" and ".", for example "loki-s3-credentials".`);
  }
}

function checkLoki(loki: LokiConfig, env: string): void {
  if (loki.replicas !== 1) {
    throw new Error(
      `${env}: loki.replicas: monolithic Loki keeps its ring in memory and runs exactly one replica, got ${loki.replicas}. ` +
        'Set loki.replicas to 1; more capacity means more resources, not replicas.',
    );
  }
  if (durationToMs(loki.retention, `${env}: loki.retention`) < DAY_MS) {
    throw new Error(`${env}: loki.retention: ${JSON.stringify(loki.retention)} is shorter than 24h, the shortest retention Loki applies. Use 24h or more, for example "168h".`);
  }
  const store = loki.objectStore;
  const where = `${env}: loki.objectStore`;
  if (store?.type === 'filesystem') return;
  if (store?.type !== 's3') {
    throw new Error(`${where}.type: ${JSON.stringify((store as { type?: unknown } | undefined)?.type)} is not a supported store. Use { type: 'filesystem' } or { type: 's3', bucket, endpoint, region }.`);
  }
  if (typeof store.bucket !== 'string' || !S3_BUCKET.test(store.bucket)) {
    throw new Error(
      `${where}.bucket: ${JSON.stringify(store.bucket)} is not an S3 bucket name. ` +
        'Set the bucket Loki writes to: 3 to 63 lower-case letters, digits, "." and "-", for example "agent-platform-logs-prod".',
    );
  }
  if (typeof store.endpoint !== 'string' || !HOST_AND_PORT.test(store.endpoint)) {
    throw new Error(
      `${where}.endpoint: ${JSON.stringify(store.endpoint)} is not a host. ` +
        'Give the host and optional port without scheme or path, for example "s3.us-east-1.amazonaws.com" or "minio.storage.svc:9000"; set insecure: true for plain HTTP.',
    );
  }
  if (typeof store.region !== 'string' || !REGION.test(store.region)) {
    throw new Error(`${where}.region: ${JSON.stringify(store.region)} is not a region. Set the bucket's region, for example "us-east-1".`);
  }
  if (store.credentialsSecret !== undefined) checkSecretName(store.credentialsSecret, `${where}.credentialsSecret`);
}

function checkJaeger(jaeger: JaegerConfig, env: string): void {
  const backend = jaeger.backend;
  const where = `${env}: jaeger.backend`;
  switch (backend?.type) {
    case 'memory':
    case 'badger':
      if (jaeger.replicas !== 1) {
        throw new Error(
          `${env}: jaeger.replicas: ${backend.type} storage lives inside one pod, so ${jaeger.replicas} replicas would each see only part of the traces. ` +
            'Set jaeger.replicas to 1, or use an elasticsearch or opensearch backend.',
        );
      }
      if (backend.type === 'memory' && backend.maxTraces !== undefined && (!Number.isInteger(backend.maxTraces) || backend.maxTraces < 1)) {
        throw new Error(`${where}.maxTraces: must be a whole number of at least 1, got ${JSON.stringify(backend.maxTraces)}. Set it to bound the memory the store uses, e.g. 10000.`);
      }
      if (backend.type === 'badger' && backend.retention !== undefined && durationToMs(backend.retention, `${where}.retention`) <= 0) {
        throw new Error(`${where}.retention: ${JSON.stringify(backend.retention)} keeps nothing. Use a positive duration, for example "168h".`);
      }
      return;
    case 'elasticsearch':
    case 'opensearch': {
      const urls = backend.serverUrls;
      if (!Array.isArray(urls) || urls.length === 0) {
        throw new Error(`${where}.serverUrls: no server URL given for ${backend.type}. List the cluster's URLs, for example ["https://${backend.type}.logging.svc:9200"].`);
      }
      for (const url of urls) {
        if (typeof url !== 'string' || !/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/.test(url)) {
          throw new Error(`${where}.serverUrls: ${JSON.stringify(url)} is not an http(s) URL. Use a URL such as "https://${backend.type}.logging.svc:9200".`);
        }
      }
      if (backend.indexPrefix !== undefined && !INDEX_PREFIX.test(backend.indexPrefix)) {
        throw new Error(`${where}.indexPrefix: ${JSON.stringify(backend.indexPrefix)} is not a valid index prefix. Use lower-case letters, digits, "-" and "_", for example "jaeger".`);
      }
      if ((backend.username === undefined) !== (backend.passwordSecret === undefined)) {
        throw new Error(
          `${where}: username and passwordSecret go together, got ${backend.username === undefined ? 'only passwordSecret' : 'only username'}. ` +
            'Set both for basic authentication, or neither.',
        );
      }
      if (backend.passwordSecret) {
        checkSecretName(backend.passwordSecret.name, `${where}.passwordSecret.name`);
        if (typeof backend.passwordSecret.key !== 'string' || !SECRET_KEY.test(backend.passwordSecret.key)) {
          throw new Error(`${where}.passwordSecret.key: ${JSON.stringify(backend.passwordSecret.key)} is not a Secret key. Use letters, digits, "-", "_" and ".", for example "password".`);
        }
      }
      return;
    }
    default:
      throw new Error(
        `${where}.type: ${JSON.stringify((backend as { type?: unknown } | undefined)?.type)} is not a supported backend. ` +
          "Use { type: 'memory' }, { type: 'badger' }, or { type: 'elasticsearch' | 'opensearch', serverUrls }.",
      );
  }
}

/** Headers Prometheus sets itself, or that carry credentials: `promtool check config` refuses each of them. */
export const RESERVED_REMOTE_WRITE_HEADERS = [
  'Authorization',
  'Host',
  'Content-Encoding',
  'Content-Length',
  'Content-Type',
  'User-Agent',
  'Connection',
  'Keep-Alive',
  'Proxy-Authenticate',
  'Proxy-Authorization',
  'Www-Authenticate',
  'Accept-Encoding',
  'X-Prometheus-Remote-Write-Version',
  'X-Prometheus-Remote-Read-Version',
  'X-Amz-Date',
  'X-Amz-Security-Token',
  'X-Amz-Content-Sha256',
] as const;
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;
/** Header names that suggest a credential, which must not be written into a ConfigMap. */
const CREDENTIAL_HEADER = /auth|token|secret|passw|api[-_]?key|cookie|signature/i;

function checkSecretReference(ref: { name: string; key: string } | undefined, where: string): void {
  checkSecretName(ref?.name as string, `${where}.name`);
  if (typeof ref?.key !== 'string' || !SECRET_KEY.test(ref.key)) {
    throw new Error(`${where}.key: ${JSON.stringify(ref?.key)} is not a Secret key. Use letters, digits, "-", "_" and ".", for example "token".`);
  }
}

function checkRemoteWrite(targets: readonly RemoteWriteTarget[], env: string): void {
  if (!Array.isArray(targets)) {
    throw new Error(`${env}: prometheus.remoteWrite: expected a list of { name, url } targets, got ${JSON.stringify(targets)}.`);
  }
  const names = new Set<string>();
  targets.forEach((target, i) => {
    const at = `${env}: prometheus.remoteWrite[${i}]`;
    checkDnsLabel(target?.name, `${at}.name`);
    if (names.has(target.name)) {
      throw new Error(`${at}.name: ${JSON.stringify(target.name)} is used by another remote write. Give each one its own name; Prometheus's metrics tell the queues apart by it.`);
    }
    names.add(target.name);
    let url: URL | undefined;
    try {
      url = new URL(target.url);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') {
      throw new Error(
        `${at}.url: ${JSON.stringify(target.url)} is not an http(s) URL. ` +
          'Give the receiver\'s push URL, for example "http://thanos-receive.thanos.svc:19291/api/v1/receive" or "https://mimir.example.com/api/v1/push".',
      );
    }
    if (url.username !== '' || url.password !== '') {
      throw new Error(`${at}.url: the URL carries credentials, which would be written into the ConfigMap. Remove them from the URL and set auth (bearer or basic) with a Secret.`);
    }
    for (const [header, value] of Object.entries(target.headers ?? {})) {
      if (!HEADER_NAME.test(header) || typeof value !== 'string') {
        throw new Error(`${at}.headers: ${JSON.stringify(header)}: ${JSON.stringify(value)} is not a header. Give a header name of letters, digits and "-" and a string value, e.g. { "X-Scope-OrgID": "agent-platform" }.`);
      }
      const reserved = RESERVED_REMOTE_WRITE_HEADERS.find((name) => name.toLowerCase() === header.toLowerCase());
      if (reserved || CREDENTIAL_HEADER.test(header)) {
        throw new Error(
          `${at}.headers.${header}: ${reserved ? 'Prometheus sets this header itself' : 'a header that looks like a credential would be written into the ConfigMap in clear text'}. ` +
            "Remove it; for credentials set auth: { type: 'bearer', tokenSecret } or { type: 'basic', username, passwordSecret }, read from a Secret.",
        );
      }
    }
    const auth = target.auth;
    if (auth !== undefined) {
      if (auth.type === 'bearer') checkSecretReference(auth.tokenSecret, `${at}.auth.tokenSecret`);
      else if (auth.type === 'basic') {
        if (typeof auth.username !== 'string' || auth.username.trim() === '') {
          throw new Error(`${at}.auth.username: ${JSON.stringify(auth.username)} is not a user name. Give the user the receiver expects, e.g. the Mimir tenant.`);
        }
        checkSecretReference(auth.passwordSecret, `${at}.auth.passwordSecret`);
      } else {
        throw new Error(
          `${at}.auth.type: ${JSON.stringify((auth as { type?: unknown }).type)} is not supported. ` +
            "Use { type: 'bearer', tokenSecret: { name, key } } or { type: 'basic', username, passwordSecret: { name, key } }.",
        );
      }
    }
    const queue = target.queue ?? {};
    for (const field of ['capacity', 'minShards', 'maxShards', 'maxSamplesPerSend'] as const) {
      const value = queue[field];
      if (value !== undefined && (!Number.isInteger(value) || value < 1)) {
        throw new Error(`${at}.queue.${field}: must be a whole number of at least 1, got ${JSON.stringify(value)}. Set it to 1 or more, or leave it out for Prometheus's default.`);
      }
    }
    if (queue.minShards !== undefined && queue.maxShards !== undefined && queue.minShards > queue.maxShards) {
      throw new Error(`${at}.queue.minShards: ${queue.minShards} is more than maxShards ${queue.maxShards}. Lower minShards or raise maxShards.`);
    }
    if (queue.batchSendDeadline !== undefined && durationToMs(queue.batchSendDeadline, `${at}.queue.batchSendDeadline`) <= 0) {
      throw new Error(`${at}.queue.batchSendDeadline: ${JSON.stringify(queue.batchSendDeadline)} must be longer than zero, for example "5s".`);
    }
  });
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const SMARTHOST = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?:\d{1,5}$/;
const SLACK_CHANNEL = /^[#@][^\s]+$/;
const SMTP_USERNAME = /^\S+$/;
/** A folder of this repository, such as the default `docs/runbooks`: segments after `docs`, none starting with ".". */
const REPOSITORY_DOCS_PATH = /^docs(\/[\w-][\w.-]*)+$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TUNING_FIELDS = ['threshold', 'for', 'severity', 'disabled'];

/** node-exporter's namespace, Alertmanager's receivers and the alert tuning. Rule contents are checked when compiled. */
function checkAlerting(config: EnvironmentConfig, env: string): void {
  const nodeNamespace = config.nodeExporter.namespace;
  checkDnsLabel(nodeNamespace, `${env}: nodeExporter.namespace`);
  if (nodeNamespace === config.namespaces.platform || nodeNamespace === config.namespaces.monitoring) {
    throw new Error(
      `${env}: nodeExporter.namespace ${JSON.stringify(nodeNamespace)} is also the platform or monitoring namespace. ` +
        'Give node-exporter a namespace of its own: it allows host access, which the others must not.',
    );
  }
  const n = config.alertmanager.notifications;
  const where = `${env}: alertmanager.notifications`;
  if (typeof n.smtpSmarthost !== 'string' || !SMARTHOST.test(n.smtpSmarthost)) {
    throw new Error(`${where}.smtpSmarthost: ${JSON.stringify(n.smtpSmarthost)} is not host:port. Use the SMTP relay's host and port, for example "smtp.example.com:587".`);
  }
  for (const field of ['smtpFrom', 'emailTo'] as const) {
    if (typeof n[field] !== 'string' || !EMAIL.test(n[field])) {
      throw new Error(`${where}.${field}: ${JSON.stringify(n[field])} is not an email address. Use an address such as "oncall@example.com".`);
    }
  }
  if (typeof n.slackChannel !== 'string' || !SLACK_CHANNEL.test(n.slackChannel)) {
    throw new Error(`${where}.slackChannel: ${JSON.stringify(n.slackChannel)} is not a Slack channel. Use "#channel" (or "@user").`);
  }
  if (n.smtpAuth !== undefined && (typeof n.smtpAuth?.username !== 'string' || !SMTP_USERNAME.test(n.smtpAuth.username))) {
    throw new Error(
      `${where}.smtpAuth.username: ${JSON.stringify(n.smtpAuth?.username)} is not a user name. ` +
        'Give the SMTP relay\'s user, e.g. "alerts@agentplatform.com" (the password goes in the Secret, see README), or leave smtpAuth out when the relay needs no authentication.',
    );
  }
  const alerting = config.alerting;
  for (const [alert, tuning] of Object.entries(alerting.alerts)) {
    const at = `${env}: alerting.alerts.${alert}`;
    const unknown = Object.keys(tuning ?? {}).find((key) => !TUNING_FIELDS.includes(key));
    if (unknown) throw new Error(`${at}.${unknown}: not a tunable field. Use ${TUNING_FIELDS.join(', ')}.`);
    if (tuning.threshold !== undefined && (typeof tuning.threshold !== 'number' || !Number.isFinite(tuning.threshold))) {
      throw new Error(`${at}.threshold: ${JSON.stringify(tuning.threshold)} is not a number. Give the value the alert compares against, e.g. 0.05.`);
    }
    if (tuning.for !== undefined) durationToMs(tuning.for, `${at}.for`);
    if (tuning.severity !== undefined && !(SEVERITIES as readonly string[]).includes(tuning.severity)) {
      throw new Error(`${at}.severity: ${JSON.stringify(tuning.severity)} is not one of ${SEVERITIES.join(', ')}. Use one of those.`);
    }
    if (tuning.disabled !== undefined && typeof tuning.disabled !== 'boolean') {
      throw new Error(`${at}.disabled: ${JSON.stringify(tuning.disabled)} is not true or false.`);
    }
  }
  for (const label of alerting.highCardinalityLabels) {
    if (typeof label !== 'string' || !LABEL_NAME.test(label)) {
      throw new Error(`${env}: alerting.highCardinalityLabels: ${JSON.stringify(label)} is not a label name. Use letters, digits and "_", e.g. "user_id".`);
    }
  }
  const runbooks = alerting.runbookBaseUrl;
  if (!(typeof runbooks === 'string' && REPOSITORY_DOCS_PATH.test(runbooks)) && !isBaseUrl(runbooks)) {
    throw new Error(
      `${env}: alerting.runbookBaseUrl: ${JSON.stringify(runbooks)} is not a base URL. ` +
        'Give an absolute http(s) URL of where docs/runbooks can be browsed, e.g. "https://git.example.com/org/repo/blob/main/docs/runbooks", ' +
        'or a repository path starting with "docs/" (the default "docs/runbooks"), without a trailing "/".',
    );
  }
  if (!Array.isArray(alerting.extraGroups)) {
    throw new Error(`${env}: alerting.extraGroups: expected a list of rule groups, got ${JSON.stringify(alerting.extraGroups)}.`);
  }
}

/** An IPv4 or IPv6 CIDR as a prefix length and the address as a number; undefined if malformed. */
function parseCidr(value: string): { family: 4 | 6; bits: number; address: bigint } | undefined {
  const match = /^([^/]+)\/(\d{1,3})$/.exec(typeof value === 'string' ? value : '');
  const family = match ? isIP(match[1]) : 0;
  if (!match || (family !== 4 && family !== 6)) return undefined;
  const bits = Number(match[2]);
  if (bits > (family === 4 ? 32 : 128)) return undefined;
  let address = 0n;
  if (family === 4) {
    for (const part of match[1].split('.')) address = address * 256n + BigInt(part);
  } else {
    // Expand "::" into the missing zero groups, then read eight 16-bit groups.
    const [head, tail] = match[1].split('::');
    const groups = (text: string | undefined) => (text ? text.split(':') : []);
    const all = tail === undefined ? groups(head) : [...groups(head), ...Array(8 - groups(head).length - groups(tail).length).fill('0'), ...groups(tail)];
    if (all.length !== 8) return undefined; // embedded IPv4 notation is not accepted here
    for (const group of all) address = address * 65536n + BigInt(`0x${group}`);
  }
  return { family, bits, address };
}

function checkNetworkPolicies(config: EnvironmentConfig, env: string): void {
  const policies = config.networkPolicies;
  if (typeof policies?.enabled !== 'boolean') {
    throw new Error(`${env}: networkPolicies.enabled: ${JSON.stringify(policies?.enabled)} is not true or false. Set true to generate the stack's NetworkPolicies.`);
  }
  if (!Array.isArray(policies.userSources)) {
    throw new Error(`${env}: networkPolicies.userSources: expected a list of { cidr } or { namespace } sources, got ${JSON.stringify(policies.userSources)}.`);
  }
  policies.userSources.forEach((source, i) => {
    const at = `${env}: networkPolicies.userSources[${i}]`;
    if ('namespace' in source) {
      checkDnsLabel(source.namespace, `${at}.namespace`);
      return;
    }
    const cidr = parseCidr(source.cidr);
    const width = cidr?.family === 4 ? 32 : 128;
    if (!cidr || cidr.address % (1n << BigInt(width - cidr.bits)) !== 0n) {
      throw new Error(
        `${at}.cidr: ${JSON.stringify(source.cidr)} is not a network in CIDR notation. ` +
          'Give the network address and prefix length with the host bits zero, for example "203.0.113.0/24" or "2001:db8::/32".',
      );
    }
    for (const except of source.except ?? []) {
      const inner = parseCidr(except);
      const inside =
        inner !== undefined && inner.family === cidr.family && inner.bits > cidr.bits && inner.address >> BigInt(width - cidr.bits) === cidr.address >> BigInt(width - cidr.bits);
      if (!inside) {
        throw new Error(`${at}.except: ${JSON.stringify(except)} is not a smaller network inside ${source.cidr}, which Kubernetes requires. List only ranges within the cidr.`);
      }
    }
  });
}

const PORT_NAME = /^(?=.*[a-z])[a-z0-9]([a-z0-9-]{0,13}[a-z0-9])?$/;

function checkExtraScrapeTargets(config: EnvironmentConfig, env: string): void {
  const targets = config.prometheus.extraScrapeTargets ?? [];
  if (!Array.isArray(targets)) {
    throw new Error(`${env}: prometheus.extraScrapeTargets: expected a list of scrape targets, got ${JSON.stringify(targets)}.`);
  }
  targets.forEach((target, i) => {
    const at = `${env}: prometheus.extraScrapeTargets[${i}]${typeof target?.job === 'string' ? ` (job ${JSON.stringify(target.job)})` : ''}`;
    if (typeof target?.job !== 'string' || target.job.trim() === '') {
      throw new Error(`${at}.job: ${JSON.stringify(target?.job)} is not a job name. Give the job label of its series, e.g. "worker".`);
    }
    checkDnsLabel(target.namespace, `${at}.namespace`);
    if (Object.keys(target.podLabels ?? {}).length === 0) {
      throw new Error(`${at}.podLabels: no labels given, which would scrape every pod of namespace ${target.namespace}. Give the labels that select the exporter's pods.`);
    }
    const port = target.port;
    if (typeof port?.name !== 'string' || !PORT_NAME.test(port.name) || !Number.isInteger(port.port) || port.port < 1 || port.port > 65535) {
      throw new Error(
        `${at}.port: ${JSON.stringify(port)} is not a named container port. ` +
          'Give the name the pods declare (at most 15 lower-case letters, digits and "-") and its number, e.g. { name: "metrics", port: 9100 }.',
      );
    }
  });
}

/** The environment's SLOs: `disabled` is a boolean, and every enabled SLO is complete and valid. */
function checkSloDefinitions(config: EnvironmentConfig, env: string): void {
  if (typeof config.slos !== 'object' || config.slos === null || Array.isArray(config.slos)) {
    throw new Error(`${env}: slos: expected SLOs by name, e.g. { 'api-latency': { objective: 99 } }, got ${JSON.stringify(config.slos)}.`);
  }
  for (const [name, definition] of Object.entries(config.slos)) {
    if (typeof definition !== 'object' || definition === null) {
      throw new Error(`${env}: slos.${name}: expected an SLO or { disabled: true }, got ${JSON.stringify(definition)}.`);
    }
    if (definition.disabled !== undefined && typeof definition.disabled !== 'boolean') {
      throw new Error(`${env}: slos.${name}.disabled: ${JSON.stringify(definition.disabled)} is not true or false.`);
    }
  }
  checkSlos(slosOf(config.slos), env);
}
