/**
 * `prometheus.yml` as a typed object: the subset of the Prometheus configuration this stack uses,
 * checked by promtool 3.5.3 (`promtool check config`) as the pinned v3.5 image reads it.
 */
import type { EnvironmentConfig } from '../config/types';
import { podDiscoveryOf, type RemoteWriteTarget, type ResolvedPodDiscovery, type ScrapeTarget } from './prometheus-props';
import type { SecretKeyReference } from './workload-props';

export interface RelabelConfig {
  readonly source_labels?: readonly string[];
  readonly separator?: string;
  /** RE2, anchored at both ends by Prometheus. */
  readonly regex?: string;
  readonly target_label?: string;
  readonly replacement?: string;
  /** @default replace */
  readonly action?: 'replace' | 'keep' | 'drop' | 'labelmap' | 'labeldrop' | 'labelkeep';
}

export interface KubernetesSdConfig {
  readonly role: 'pod' | 'node';
  /** @default - every namespace */
  readonly namespaces?: { readonly names: readonly string[] };
}

export interface StaticConfig {
  readonly targets: readonly string[];
  readonly labels?: Readonly<Record<string, string>>;
}

export interface FileSdConfig {
  readonly files: readonly string[];
  readonly refresh_interval?: string;
}

export interface DnsSdConfig {
  readonly names: readonly string[];
  readonly type: 'A' | 'AAAA' | 'SRV';
  readonly port?: number;
}

/** How Prometheus authenticates to the kubelet: the pod's own ServiceAccount token and CA. */
export interface HttpClientAuth {
  readonly authorization?: { readonly credentials_file: string };
  readonly tls_config?: { readonly ca_file?: string; readonly insecure_skip_verify?: boolean };
}

export interface ScrapeConfig extends HttpClientAuth {
  readonly job_name: string;
  /** @default /metrics */
  readonly metrics_path?: string;
  /** @default http */
  readonly scheme?: 'http' | 'https';
  /** @default false */
  readonly honor_labels?: boolean;
  readonly kubernetes_sd_configs?: readonly KubernetesSdConfig[];
  readonly static_configs?: readonly StaticConfig[];
  readonly file_sd_configs?: readonly FileSdConfig[];
  readonly relabel_configs?: readonly RelabelConfig[];
}

export interface AlertmanagerEndpoints {
  readonly dns_sd_configs?: readonly DnsSdConfig[];
  readonly static_configs?: readonly StaticConfig[];
}

/** A `remote_write` entry. Credentials are only ever paths of files mounted from a Secret. */
export interface RemoteWriteConfig {
  readonly name: string;
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly authorization?: { readonly type: 'Bearer'; readonly credentials_file: string };
  readonly basic_auth?: { readonly username: string; readonly password_file: string };
  readonly queue_config?: {
    readonly capacity?: number;
    readonly min_shards?: number;
    readonly max_shards?: number;
    readonly max_samples_per_send?: number;
    readonly batch_send_deadline?: string;
  };
}

export interface PrometheusConfigFile {
  readonly global: {
    readonly scrape_interval: string;
    readonly evaluation_interval: string;
    readonly external_labels: Readonly<Record<string, string>>;
  };
  readonly alerting: {
    /** Applied to alerts after the external labels are attached, before they are sent. */
    readonly alert_relabel_configs?: readonly RelabelConfig[];
    readonly alertmanagers: readonly AlertmanagerEndpoints[];
  };
  readonly rule_files: readonly string[];
  readonly scrape_configs: readonly ScrapeConfig[];
  readonly remote_write?: readonly RemoteWriteConfig[];
}

/** `job` labels of the jobs Prometheus defines for every node's kubelet and its embedded cAdvisor. */
export const KUBELET_JOBS = { kubelet: 'kubelet', cadvisor: 'cadvisor' } as const;

/** Where Kubernetes mounts the pod's ServiceAccount token and the cluster CA. */
export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/** Escapes a literal for an RE2 regex. */
export function regexLiteral(value: string): string {
  return value.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

/** The meta label Kubernetes discovery sets for a pod label (`app.kubernetes.io/name` → `..._app_kubernetes_io_name`). */
export function podLabelMeta(label: string): string {
  return `__meta_kubernetes_pod_label_${label.replace(/[^a-zA-Z0-9_]/g, '_')}`;
}

/**
 * One job per scrape target: pods in its namespace are discovered, and only those carrying all of
 * its labels and declaring its named port are kept. `namespace`, `pod`, `container` and `node`
 * become target labels.
 */
export function podScrapeConfig(target: ScrapeTarget): ScrapeConfig {
  const labels = Object.keys(target.podLabels).sort();
  return {
    job_name: target.job,
    metrics_path: target.path ?? '/metrics',
    ...(target.honorLabels ? { honor_labels: true } : {}),
    kubernetes_sd_configs: [{ role: 'pod', namespaces: { names: [target.namespace] } }],
    relabel_configs: [
      // Discovery is already limited to the namespace; repeating it keeps the rules self-contained.
      { source_labels: ['__meta_kubernetes_namespace'], regex: regexLiteral(target.namespace), action: 'keep' },
      {
        source_labels: labels.map(podLabelMeta),
        regex: labels.map((l) => regexLiteral(target.podLabels[l])).join(';'),
        action: 'keep',
      },
      { source_labels: ['__meta_kubernetes_pod_container_port_name'], regex: regexLiteral(target.port.name), action: 'keep' },
      // Completed pods keep their IP in the API for a while; scraping them only reports them down.
      { source_labels: ['__meta_kubernetes_pod_phase'], regex: 'Succeeded|Failed', action: 'drop' },
      { source_labels: ['__meta_kubernetes_namespace'], target_label: 'namespace' },
      { source_labels: ['__meta_kubernetes_pod_name'], target_label: 'pod' },
      { source_labels: ['__meta_kubernetes_pod_container_name'], target_label: 'container' },
      { source_labels: ['__meta_kubernetes_pod_node_name'], target_label: 'node' },
    ],
  };
}

/** `job_name` of the one job that scrapes every pod opting in through `prometheus.podDiscovery`. */
export const POD_DISCOVERY_JOB = 'pod-discovery';

/** The meta label Kubernetes discovery sets for a pod annotation. */
function podAnnotationMeta(annotation: string): string {
  return `__meta_kubernetes_pod_annotation_${annotation.replace(/[^a-zA-Z0-9_]/g, '_')}`;
}

/**
 * The job of the pods that opt in: in the allowed namespaces, pods labelled `<label>: "true"` with a
 * container port named `<port>`. Pods that a job of their own already scrapes (the stack's
 * components, extra scrape targets) are dropped, so none is scraped twice. The `job` label is
 * `<namespace>/<app.kubernetes.io/name>`, or `<namespace>/<pod>` without that label; `namespace`,
 * `pod`, `container` and `node` as in `podScrapeConfig`.
 */
export function podDiscoveryScrapeConfig(discovery: ResolvedPodDiscovery, ownJobs: readonly ScrapeTarget[]): ScrapeConfig {
  const allowed = new Set(discovery.namespaces);
  const scrapedElsewhere = ownJobs
    .filter((target) => allowed.has(target.namespace))
    .map((target): RelabelConfig => {
      const labels = Object.keys(target.podLabels).sort();
      return {
        source_labels: ['__meta_kubernetes_namespace', ...labels.map(podLabelMeta)],
        regex: [target.namespace, ...labels.map((l) => target.podLabels[l])].map(regexLiteral).join(';'),
        action: 'drop',
      };
    });
  return {
    job_name: POD_DISCOVERY_JOB,
    kubernetes_sd_configs: [{ role: 'pod', namespaces: { names: [...discovery.namespaces] } }],
    relabel_configs: [
      { source_labels: ['__meta_kubernetes_namespace'], regex: discovery.namespaces.map(regexLiteral).join('|'), action: 'keep' },
      { source_labels: [podLabelMeta(discovery.label)], regex: 'true', action: 'keep' },
      { source_labels: ['__meta_kubernetes_pod_container_port_name'], regex: regexLiteral(discovery.port), action: 'keep' },
      { source_labels: ['__meta_kubernetes_pod_phase'], regex: 'Succeeded|Failed', action: 'drop' },
      ...scrapedElsewhere,
      { source_labels: [podAnnotationMeta(discovery.pathAnnotation)], regex: '(/.*)', target_label: '__metrics_path__' },
      { source_labels: ['__meta_kubernetes_namespace', '__meta_kubernetes_pod_name'], separator: '/', target_label: 'job' },
      // Replaces the pod's name when the pod has an application name: `<namespace>/` alone does not match.
      { source_labels: ['__meta_kubernetes_namespace', podLabelMeta('app.kubernetes.io/name')], separator: '/', regex: '(.+/.+)', target_label: 'job' },
      { source_labels: ['__meta_kubernetes_namespace'], target_label: 'namespace' },
      { source_labels: ['__meta_kubernetes_pod_name'], target_label: 'pod' },
      { source_labels: ['__meta_kubernetes_pod_container_name'], target_label: 'container' },
      { source_labels: ['__meta_kubernetes_pod_node_name'], target_label: 'node' },
    ],
  };
}

/** The kubelet's own metrics and its embedded cAdvisor (container CPU, memory, filesystem), on every node. */
export function kubeletScrapeConfigs(): ScrapeConfig[] {
  const auth: HttpClientAuth = {
    authorization: { credentials_file: `${SERVICE_ACCOUNT_DIR}/token` },
    // Kubelet serving certificates are self-signed unless the cluster enables serverTLSBootstrap.
    tls_config: { ca_file: `${SERVICE_ACCOUNT_DIR}/ca.crt`, insecure_skip_verify: true },
  };
  const job = (name: string, path: string): ScrapeConfig => ({
    job_name: name,
    scheme: 'https',
    metrics_path: path,
    ...auth,
    kubernetes_sd_configs: [{ role: 'node' }],
    relabel_configs: [{ source_labels: ['__meta_kubernetes_node_name'], target_label: 'node' }],
  });
  return [job(KUBELET_JOBS.kubelet, '/metrics'), job(KUBELET_JOBS.cadvisor, '/metrics/cadvisor')];
}

/**
 * The external label that tells the replicas of an HA pair apart, set from the pod's name. Thanos
 * Query deduplicates on it (`--query.replica-label=replica`), Mimir's HA tracker takes it as its
 * replica label. Alerts drop it, so that Alertmanager sees both replicas' alerts as one.
 */
export const REPLICA_LABEL = 'replica';

/** The environment variable holding the pod's name, which Prometheus 3 expands in external labels. */
export const POD_NAME_ENV = 'POD_NAME';

/** Where a Secret of remote-write credentials is mounted. */
export function remoteWriteSecretDir(secretsDir: string, secretName: string): string {
  return `${secretsDir}/${secretName}`;
}

function remoteWriteSecretFile(secretsDir: string, secret: SecretKeyReference): string {
  return `${remoteWriteSecretDir(secretsDir, secret.name)}/${secret.key}`;
}

/** The `remote_write` entries of an environment, credentials as paths under `secretsDir`. */
export function remoteWriteConfigs(targets: readonly RemoteWriteTarget[], secretsDir: string): RemoteWriteConfig[] {
  return targets.map((target) => {
    const queue = target.queue ?? {};
    const queueConfig = {
      capacity: queue.capacity,
      min_shards: queue.minShards,
      max_shards: queue.maxShards,
      max_samples_per_send: queue.maxSamplesPerSend,
      batch_send_deadline: queue.batchSendDeadline,
    };
    const setQueue = Object.fromEntries(Object.entries(queueConfig).filter(([, value]) => value !== undefined));
    const auth = target.auth;
    return {
      name: target.name,
      url: target.url,
      ...(target.headers && Object.keys(target.headers).length > 0 ? { headers: { ...target.headers } } : {}),
      ...(auth?.type === 'bearer' ? { authorization: { type: 'Bearer' as const, credentials_file: remoteWriteSecretFile(secretsDir, auth.tokenSecret) } } : {}),
      ...(auth?.type === 'basic' ? { basic_auth: { username: auth.username, password_file: remoteWriteSecretFile(secretsDir, auth.passwordSecret) } } : {}),
      ...(Object.keys(setQueue).length > 0 ? { queue_config: setQueue } : {}),
    };
  });
}

/** Every replica of an Alertmanager, as Prometheus reaches it: a headless Service's host and a port. */
export interface AlertReceiver {
  readonly host: string;
  readonly port: number;
}

export interface PrometheusConfigInput {
  readonly config: EnvironmentConfig;
  /** Where the Secrets of remote-write credentials are mounted, one directory per Secret. */
  readonly secretsDir: string;
  /** Pods to scrape, one job each; job names must be unique. */
  readonly scrapeTargets: readonly ScrapeTarget[];
  /** Glob of the rule files as mounted in the pod. */
  readonly ruleFiles: string;
  /**
   * Where alerts go: a headless Service whose A records are every Alertmanager pod, and its port.
   * @default - nowhere: rules are evaluated, alerts are not sent
   */
  readonly alertmanager?: AlertReceiver;
}

export function buildPrometheusConfig(input: PrometheusConfigInput): PrometheusConfigFile {
  const { config } = input;
  const remoteWrite = config.prometheus.remoteWrite ?? [];
  const discovery = podDiscoveryOf(config.prometheus);
  const jobs = new Set<string>([...Object.values(KUBELET_JOBS), POD_DISCOVERY_JOB]);
  for (const target of input.scrapeTargets) {
    if (jobs.has(target.job)) {
      throw new Error(
        `prometheus scrape targets: job ${JSON.stringify(target.job)} is defined twice. ` +
          'Each scrape target needs its own job name (it becomes the job label of its series): rename one.',
      );
    }
    jobs.add(target.job);
  }
  return {
    global: {
      scrape_interval: config.prometheus.scrapeInterval,
      evaluation_interval: config.prometheus.evaluationInterval,
      external_labels: { cluster: config.cluster, environment: config.name, [REPLICA_LABEL]: `\${${POD_NAME_ENV}}` },
    },
    alerting: {
      // Both replicas evaluate the same rules: without their replica label the alerts are identical,
      // and Alertmanager notifies once.
      alert_relabel_configs: [{ regex: REPLICA_LABEL, action: 'labeldrop' }],
      // DNS discovery on the headless Service reaches every replica, as Alertmanager HA requires.
      alertmanagers: input.alertmanager ? [{ dns_sd_configs: [{ names: [input.alertmanager.host], type: 'A', port: input.alertmanager.port }] }] : [],
    },
    rule_files: [input.ruleFiles],
    scrape_configs: [
      ...input.scrapeTargets.map(podScrapeConfig),
      ...(discovery ? [podDiscoveryScrapeConfig(discovery, input.scrapeTargets)] : []),
      ...kubeletScrapeConfigs(),
    ],
    ...(remoteWrite.length > 0 ? { remote_write: remoteWriteConfigs(remoteWrite, input.secretsDir) } : {}),
  };
}
