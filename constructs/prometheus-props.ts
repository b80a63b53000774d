/** Prometheus's settings in an environment, their defaults and their checks. */
import { ListOf, OpenMap, Tagged, type KeyRecord } from '../config/keys';
import { durationToMs, positiveDurationToMs, show, type Duration } from '../config/units';
import type { Port } from './identity';
import { checkDnsLabel, checkExternalUrl, checkLabelSelector, checkSecretKey, checkSecretName, checkWorkload, requestsAndLimit, SECRET_KEY_REFERENCE_KEYS, STORAGE_OPTIONAL_KEYS, WORKLOAD_OPTIONAL_KEYS, type SecretKeyReference, type StorageConfig, type WorkloadSettings } from './workload-props';

/**
 * What Prometheus needs to discover and scrape a set of pods through Kubernetes service discovery.
 * Each scraped construct exposes one; an environment adds its own in `extraScrapeTargets`.
 */
export interface ScrapeTarget {
  /** The `job` label of the scraped series (the API's is exactly `api`). */
  readonly job: string;
  readonly namespace: string;
  /** Labels that select the pods (a subset of their labels). */
  readonly podLabels: Readonly<Record<string, string>>;
  /** The named container port serving metrics. */
  readonly port: Port;
  /** @default /metrics */
  readonly path?: string;
  /**
   * Keep the target's own `job`, `namespace`, `pod`... labels on conflict (exporters that describe
   * other objects, such as kube-state-metrics).
   * @default false
   */
  readonly honorLabels?: boolean;
}

export interface PrometheusSettings extends WorkloadSettings {
  /** How long samples are kept on the local volume. */
  readonly retention: Duration;
  readonly storage: StorageConfig;
  readonly scrapeInterval: Duration;
  readonly evaluationInterval: Duration;
  /**
   * Pods scraped besides the stack's own, one job each (an exporter next to the API, for example).
   * With network policies on, Prometheus may reach each one's port.
   * @default - none
   */
  readonly extraScrapeTargets?: readonly ScrapeTarget[];
  /**
   * Pods that ask to be scraped, without a job in this repository: in the namespaces listed, a pod
   * carrying the opt-in label set to "true" and declaring the named container port is scraped by one
   * shared job, its `job` label taken from the pod (see `PodDiscoverySettings`). Prometheus may list
   * pods in exactly those namespaces, and, where the stack manages the namespace's policies, reach
   * the opted-in pods on that port.
   * @default - off: no namespace lets its pods opt in
   */
  readonly podDiscovery?: PodDiscoverySettings;
  /**
   * Long-term stores that every sample is also sent to (Thanos Receive, Grafana Mimir, ...): where
   * metrics go when one Prometheus is no longer enough.
   * @default - none: samples stay on the local volume for `retention`
   */
  readonly remoteWrite?: readonly RemoteWriteTarget[];
  /**
   * The address people open Prometheus at, through an ingress or a proxy, e.g.
   * `https://prometheus.example.com`. Every alert's generator URL (the "source" link of a
   * notification) and Prometheus's own links start with it. Routes stay at `/`, so the probes and the
   * reloader keep working when it has a path: a proxy serving Prometheus under a path strips it.
   * @default - none: links point at the pod's own address, which opens only inside the cluster
   */
  readonly externalUrl?: string;
}

/**
 * Where and how pods opt in to scraping. A pod opts in with the label `<label>: "true"` and a
 * container port named `<port>`; the annotation `<pathAnnotation>` changes its metrics path. Its
 * `job` label is `<namespace>/<app.kubernetes.io/name>`, or `<namespace>/<pod name>` without that
 * label: the `/` keeps these jobs apart from the stack's own and from `extraScrapeTargets`.
 */
export interface PodDiscoverySettings {
  /** Namespaces whose pods may opt in; Prometheus may list and watch pods in these and no others. */
  readonly namespaces: readonly string[];
  /** Pod label whose value "true" opts a pod in. @default 'metrics.agent-platform.io/scrape' */
  readonly label?: string;
  /** Name of the container port that serves the metrics. @default 'metrics' */
  readonly port?: string;
  /** Pod annotation holding the metrics path, when it is not `/metrics`. @default 'metrics.agent-platform.io/path' */
  readonly pathAnnotation?: string;
}

export const POD_DISCOVERY_DEFAULTS = { label: 'metrics.agent-platform.io/scrape', port: 'metrics', pathAnnotation: 'metrics.agent-platform.io/path' } as const;

/** Pod discovery with every default filled in. */
export type ResolvedPodDiscovery = Required<PodDiscoverySettings>;

/** An environment's pod discovery, its defaults resolved, or undefined when it is off. */
export function podDiscoveryOf(prometheus: PrometheusSettings): ResolvedPodDiscovery | undefined {
  const settings = prometheus.podDiscovery;
  if (settings === undefined) return undefined;
  return {
    // A namespace listed twice (merged overrides) is one namespace.
    namespaces: [...new Set(settings.namespaces)],
    label: settings.label ?? POD_DISCOVERY_DEFAULTS.label,
    port: settings.port ?? POD_DISCOVERY_DEFAULTS.port,
    pathAnnotation: settings.pathAnnotation ?? POD_DISCOVERY_DEFAULTS.pathAnnotation,
  };
}

/** How a remote write authenticates. The credential is read from a file of a Secret the operator creates. */
export type RemoteWriteAuth =
  | {
      readonly type: 'bearer';
      /** The token, sent as `Authorization: Bearer <token>`. */
      readonly tokenSecret: SecretKeyReference;
    }
  | {
      readonly type: 'basic';
      readonly username: string;
      readonly passwordSecret: SecretKeyReference;
    };

/** Queue tuning of a remote write. Each field left out keeps Prometheus's own default. */
export interface RemoteWriteQueue {
  /** Samples buffered per shard. @default - Prometheus's default (10000) */
  readonly capacity?: number;
  /** @default - Prometheus's default (1) */
  readonly minShards?: number;
  /** Upper bound of parallel senders. @default - Prometheus's default (50) */
  readonly maxShards?: number;
  /** @default - Prometheus's default (2000) */
  readonly maxSamplesPerSend?: number;
  /** Longest a sample waits in a shard before it is sent. @default - Prometheus's default (5s) */
  readonly batchSendDeadline?: Duration;
}

/** One remote-write endpoint of Prometheus. */
export interface RemoteWriteTarget {
  /** Names the queue in Prometheus's own metrics (`remote_name` label): a DNS label, unique. */
  readonly name: string;
  /**
   * The receiver's push URL, e.g. `http://thanos-receive.thanos.svc:19291/api/v1/receive` or
   * `https://mimir.example.com/api/v1/push`. No credentials in it.
   */
  readonly url: string;
  /**
   * Headers sent with every request, written into the ConfigMap in clear text: for non-secret
   * values such as Mimir's tenant `X-Scope-OrgID`. Credentials go in `auth`.
   * @default - none
   */
  readonly headers?: Readonly<Record<string, string>>;
  /** @default - no authentication */
  readonly auth?: RemoteWriteAuth;
  /** @default - Prometheus's queue defaults */
  readonly queue?: RemoteWriteQueue;
}

export const PROMETHEUS_DEFAULTS: PrometheusSettings = {
  replicas: 1,
  resources: requestsAndLimit('200m', '512Mi', '1Gi'),
  retention: '15d',
  storage: { size: '10Gi' },
  scrapeInterval: '30s',
  evaluationInterval: '30s',
};

/** Keys without a default (see config/keys.ts). */
export const PROMETHEUS_OPTIONAL_KEYS: KeyRecord = {
  ...WORKLOAD_OPTIONAL_KEYS,
  ...STORAGE_OPTIONAL_KEYS,
  externalUrl: true,
  extraScrapeTargets: new ListOf({ job: true, namespace: true, podLabels: new OpenMap(), port: { name: true, port: true }, path: true, honorLabels: true }),
  podDiscovery: { namespaces: true, label: true, port: true, pathAnnotation: true },
  remoteWrite: new ListOf({
    name: true,
    url: true,
    headers: new OpenMap(),
    auth: new Tagged('type', {
      bearer: { type: true, tokenSecret: SECRET_KEY_REFERENCE_KEYS },
      basic: { type: true, username: true, passwordSecret: SECRET_KEY_REFERENCE_KEYS },
    }),
    queue: { capacity: true, minShards: true, maxShards: true, maxSamplesPerSend: true, batchSendDeadline: true },
  }),
};

/** @param env names the environment in messages, e.g. `environment "prod"` */
export function checkPrometheusSettings(prometheus: PrometheusSettings, env: string): void {
  checkWorkload(prometheus, `${env}: prometheus`);
  positiveDurationToMs(prometheus.retention, `${env}: prometheus.retention`, '15d');
  positiveDurationToMs(prometheus.scrapeInterval, `${env}: prometheus.scrapeInterval`, '30s');
  positiveDurationToMs(prometheus.evaluationInterval, `${env}: prometheus.evaluationInterval`, '30s');
  checkRemoteWrite(prometheus.remoteWrite ?? [], env);
  checkExternalUrl(prometheus.externalUrl, env, 'prometheus');
  checkExtraScrapeTargets(prometheus, env);
  checkPodDiscovery(prometheus, env);
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
  checkSecretKey(ref?.key as string, `${where}.key`, 'token');
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
        throw new Error(`${at}.queue.${field}: must be a whole number of at least 1, got ${show(value)}. Set it to 1 or more, or leave it out for Prometheus's default.`);
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

const PORT_NAME = /^(?=.*[a-z])[a-z0-9]([a-z0-9-]{0,13}[a-z0-9])?$/;

function checkExtraScrapeTargets(prometheus: PrometheusSettings, env: string): void {
  const targets = prometheus.extraScrapeTargets ?? [];
  if (!Array.isArray(targets)) {
    throw new Error(`${env}: prometheus.extraScrapeTargets: expected a list of scrape targets, got ${JSON.stringify(targets)}.`);
  }
  targets.forEach((target, i) => {
    const at = `${env}: prometheus.extraScrapeTargets[${i}]${typeof target?.job === 'string' ? ` (job ${JSON.stringify(target.job)})` : ''}`;
    if (typeof target?.job !== 'string' || target.job.trim() === '') {
      throw new Error(`${at}.job: ${JSON.stringify(target?.job)} is not a job name. Give the job label of its series, e.g. "worker".`);
    }
    checkDnsLabel(target.namespace, `${at}.namespace`);
    checkLabelSelector(target.podLabels, `${at}.podLabels`);
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

/** A label or annotation key: an optional DNS-subdomain prefix and "/", then a name. */
function checkMetadataKey(key: string, where: string): void {
  if (typeof key !== 'string') {
    throw new Error(`${where}: ${show(key)} is not a key. Give a key such as "metrics.example.com/scrape".`);
  }
  // The same syntax as a label key: checked as the key of a one-label selector.
  checkLabelSelector({ [key]: 'true' }, where);
}

function checkPodDiscovery(prometheus: PrometheusSettings, env: string): void {
  const settings = prometheus.podDiscovery;
  if (settings === undefined) return;
  const at = `${env}: prometheus.podDiscovery`;
  if (!Array.isArray(settings.namespaces) || settings.namespaces.length === 0) {
    throw new Error(
      `${at}.namespaces: ${show(settings.namespaces)} is not a list of namespaces. ` +
        'Give the namespaces whose pods may opt in, e.g. ["agent-platform"], or leave podDiscovery out to keep it off.',
    );
  }
  const seen = new Set<string>();
  settings.namespaces.forEach((namespace, i) => {
    checkDnsLabel(namespace, `${at}.namespaces[${i}]`);
    seen.add(namespace);
  });
  const resolved = podDiscoveryOf(prometheus)!;
  checkMetadataKey(resolved.label, `${at}.label`);
  checkMetadataKey(resolved.pathAnnotation, `${at}.pathAnnotation`);
  if (typeof resolved.port !== 'string' || !PORT_NAME.test(resolved.port)) {
    throw new Error(
      `${at}.port: ${show(resolved.port)} is not a container port name. ` +
        'Give the name the pods declare on their metrics port: at most 15 lower-case letters, digits and "-", with at least one letter, e.g. "metrics".',
    );
  }
  // The discovered pods' jobs are `<namespace>/<name>`: an extra target must not take one of them.
  (prometheus.extraScrapeTargets ?? []).forEach((target, i) => {
    const prefix = typeof target?.job === 'string' ? target.job.split('/')[0] : undefined;
    if (prefix !== undefined && target.job.includes('/') && seen.has(prefix)) {
      throw new Error(
        `${env}: prometheus.extraScrapeTargets[${i}].job: ${show(target.job)} has the form <namespace>/<name> of the jobs podDiscovery gives pods in ${show(prefix)}. ` +
          'Give the extra target a job name without "/", e.g. "worker".',
      );
    }
  });
}
