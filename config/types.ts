/**
 * The environment model. `EnvironmentConfig` is the fully resolved configuration of one environment;
 * environment files hold only an `EnvironmentOverrides` over `config/defaults.ts`.
 */
import type { ScrapeTarget } from '../constructs/topology';
import type { DashboardFile } from '../dashboards/model';
import type { AlertTuning, RuleGroup } from '../rules/model';
import type { SloDefinition } from '../slos/model';
import type { Duration, Quantity } from './units';

/** A container image pinned to a tag. `registry` is kept apart so a mirror can replace it in one place. */
export interface ImageRef {
  /** Registry host, e.g. `quay.io`. */
  readonly registry: string;
  /** Repository path inside the registry, e.g. `prometheus/prometheus`. */
  readonly repository: string;
  /** Version tag. `latest` and empty tags are rejected. */
  readonly tag: string;
}

export interface ResourceRequirements {
  readonly requests: { readonly cpu: Quantity; readonly memory: Quantity };
  readonly limits: { readonly memory: Quantity; readonly cpu?: Quantity };
}

/** Persistent storage for a workload. */
export interface StorageConfig {
  /** Volume size, e.g. `10Gi`. */
  readonly size: Quantity;
  /**
   * StorageClass name.
   * @default - the cluster's default StorageClass
   */
  readonly storageClassName?: string;
}

export interface WorkloadConfig {
  readonly replicas: number;
  readonly resources: ResourceRequirements;
}

export interface ApiConfig extends WorkloadConfig {
  readonly image: ImageRef;
}

export interface PrometheusConfig extends WorkloadConfig {
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

/** Where Alertmanager's receivers deliver. Credentials are never here: see README, "Alertmanager". */
export interface AlertmanagerNotifications {
  /** SMTP relay `host:port` of the default (email) receiver. */
  readonly smtpSmarthost: string;
  /** Sender address of alert emails. */
  readonly smtpFrom: string;
  /** Recipient of everything not routed to PagerDuty or Slack. */
  readonly emailTo: string;
  /** Slack channel of `warning` alerts, e.g. `#alerts`. */
  readonly slackChannel: string;
  /**
   * Authentication at the SMTP relay. The password is read from the key `smtp-password` of the
   * receivers' Secret (see README, "Alertmanager"), never written into the config.
   * @default - no authentication: a relay that accepts mail from the cluster without it
   */
  readonly smtpAuth?: SmtpAuth;
}

/** SMTP authentication of the email receiver: PLAIN or LOGIN, whichever the relay offers. */
export interface SmtpAuth {
  /** User name at the relay, e.g. `alerts@agentplatform.com` or a provider's `apikey`. */
  readonly username: string;
}

export interface AlertmanagerConfig extends WorkloadConfig {
  readonly storage: StorageConfig;
  readonly notifications: AlertmanagerNotifications;
  /**
   * The address people open Alertmanager at, through an ingress or a proxy, e.g.
   * `https://alertmanager.example.com`. The links in notifications start with it: PagerDuty's client
   * URL, the Slack message's title link, the email's "View in Alertmanager". Routes stay at `/`, so
   * the probes keep working when it has a path: a proxy serving Alertmanager under a path strips it.
   * @default - none: links point at the pod's own address, which opens only inside the cluster
   */
  readonly externalUrl?: string;
}

/** Alert rules of an environment: tuning, additions and the checks applied to every rule. */
export interface AlertingConfig {
  /** Changes to alerts by name: threshold, `for`, severity, or disabled. Unknown names are an error. */
  readonly alerts: Readonly<Record<string, AlertTuning>>;
  /** Rule groups added to the defaults in `rules/` (names must not clash). */
  readonly extraGroups: readonly RuleGroup[];
  /** Labels no rule may aggregate by or keep in its result (unbounded values explode series counts). */
  readonly highCardinalityLabels: readonly string[];
  /**
   * Prefix of each alert's `runbook_url`, to which `/<AlertName>.md` is appended. Point it at where
   * this repository's `docs/runbooks` can be browsed.
   */
  readonly runbookBaseUrl: string;
}

/** node-exporter reads the host's /proc, /sys and filesystems, so it runs in a namespace of its own. */
export interface NodeExporterConfig extends DaemonConfig {
  /** Namespace of node-exporter alone; its Pod Security level is `privileged` (host network and paths). */
  readonly namespace: string;
}

export interface GrafanaConfig extends WorkloadConfig {
  readonly storage: StorageConfig;
  /**
   * Dashboards provisioned besides the platform's, each in its `folder`; validated with them.
   * @default - none
   */
  readonly extraDashboards?: readonly DashboardFile[];
}

/** Loki keeps chunks and index on its own volume. Fits one node; the volume is the only copy. */
export interface LokiFilesystemStore {
  readonly type: 'filesystem';
}

/** Loki ships chunks and index to an S3-compatible bucket; its volume keeps only the WAL and caches. */
export interface LokiS3Store {
  readonly type: 's3';
  /** Bucket name, e.g. `agent-platform-logs-prod`. */
  readonly bucket: string;
  /** Endpoint host (and port), without scheme or path, e.g. `s3.us-east-1.amazonaws.com` or `minio.storage.svc:9000`. */
  readonly endpoint: string;
  /** Region of the bucket, e.g. `us-east-1`. */
  readonly region: string;
  /**
   * Name of a Secret in the monitoring namespace holding the keys `AWS_ACCESS_KEY_ID` and
   * `AWS_SECRET_ACCESS_KEY`. The operator creates it; it is never part of the output.
   * @default - no static keys: the standard AWS credential chain (e.g. the node's instance role)
   */
  readonly credentialsSecret?: string;
  /**
   * Path-style addressing (`endpoint/bucket`), which MinIO and most S3-compatible stores need.
   * @default false
   */
  readonly forcePathStyle?: boolean;
  /**
   * Plain HTTP instead of HTTPS to the endpoint.
   * @default false
   */
  readonly insecure?: boolean;
}

export type LokiObjectStore = LokiFilesystemStore | LokiS3Store;

export interface LokiConfig extends WorkloadConfig {
  /** The StatefulSet's volume: chunks and index with `filesystem`, the WAL and caches with `s3`. */
  readonly storage: StorageConfig;
  /** How long log lines are kept before the compactor deletes them (at least `24h`). */
  readonly retention: Duration;
  /** Where chunks and index live. Monolithic Loki runs exactly one replica either way. */
  readonly objectStore: LokiObjectStore;
}

/** Traces in memory: lost on restart. For development only. */
export interface JaegerMemoryBackend {
  readonly type: 'memory';
  /**
   * Traces kept before the oldest are dropped; bounds the memory the store uses.
   * @default 10000
   */
  readonly maxTraces?: number;
}

/** Traces in an embedded Badger database on the Jaeger volume (`storage`). One replica only. */
export interface JaegerBadgerBackend {
  readonly type: 'badger';
  /**
   * How long spans are kept.
   * @default 72h
   */
  readonly retention?: Duration;
}

/** A password kept in a Secret the operator creates, mounted as a file. */
export interface SecretKeyReference {
  /** Secret name in the monitoring namespace. */
  readonly name: string;
  /** Key inside the Secret. */
  readonly key: string;
}

/** Traces in an external Elasticsearch or OpenSearch cluster. Allows several Jaeger replicas. */
export interface JaegerSearchBackend {
  readonly type: 'elasticsearch' | 'opensearch';
  /** Cluster URLs, e.g. `https://opensearch.logging.svc:9200`. */
  readonly serverUrls: readonly string[];
  /**
   * Prefix of Jaeger's indices.
   * @default jaeger
   */
  readonly indexPrefix?: string;
  /**
   * Basic-auth user name; requires `passwordSecret`.
   * @default - no authentication
   */
  readonly username?: string;
  /**
   * Where the basic-auth password is kept.
   * @default - no authentication
   */
  readonly passwordSecret?: SecretKeyReference;
}

export type JaegerStorageBackend = JaegerMemoryBackend | JaegerBadgerBackend | JaegerSearchBackend;

export interface JaegerConfig extends WorkloadConfig {
  /** The Badger volume; unused by the other backends. */
  readonly storage: StorageConfig;
  /** Where traces are stored. `memory` and `badger` allow one replica only. */
  readonly backend: JaegerStorageBackend;
}

export interface DaemonConfig {
  readonly resources: ResourceRequirements;
}

/** The images of every component, pinned in `config/versions.ts`. */
export interface Images {
  readonly prometheus: ImageRef;
  readonly configReloader: ImageRef;
  readonly alertmanager: ImageRef;
  readonly grafana: ImageRef;
  readonly loki: ImageRef;
  readonly jaeger: ImageRef;
  readonly alloy: ImageRef;
  readonly nodeExporter: ImageRef;
  readonly kubeStateMetrics: ImageRef;
}

export interface EnvironmentConfig {
  /** Environment name: a DNS label, also the `environment` external label and the `dist/` folder. */
  readonly name: string;
  /** Cluster name, the `cluster` external label on every series and alert. */
  readonly cluster: string;
  readonly namespaces: {
    /** Namespace of the platform's own workloads (the API). */
    readonly platform: string;
    /** Namespace of the observability stack. */
    readonly monitoring: string;
  };
  /**
   * Replaces the registry host of every image (an air-gapped mirror, for example): `mirror:5000`
   * pulls `mirror:5000/prometheus/prometheus:<tag>`. A path prefix is kept, so
   * `harbor.example.com/upstream` pulls `harbor.example.com/upstream/prometheus/prometheus:<tag>`.
   * @default - each image's own registry
   */
  readonly imageRegistry?: string;
  readonly images: Images;
  readonly api: ApiConfig;
  readonly prometheus: PrometheusConfig;
  readonly alertmanager: AlertmanagerConfig;
  readonly grafana: GrafanaConfig;
  readonly loki: LokiConfig;
  readonly jaeger: JaegerConfig;
  readonly alloy: DaemonConfig;
  readonly nodeExporter: NodeExporterConfig;
  readonly kubeStateMetrics: WorkloadConfig;
  readonly alerting: AlertingConfig;
  /**
   * Service level objectives by name (their `slo` label): each becomes recording rules, burn-rate
   * alerts and a row of the SLO dashboard. An environment changes one by overriding its fields,
   * drops one with `{ disabled: true }` and adds one under a new name.
   */
  readonly slos: Readonly<Record<string, SloDefinition>>;
  readonly networkPolicies: NetworkPoliciesConfig;
}

/** Who may reach the user-facing ports (Grafana's and the API's HTTP ports). */
export type UserSource =
  /** Clients by address, outside the cluster: a load balancer's, a VPN's or an office's range. */
  | { readonly cidr: string; readonly except?: readonly string[] }
  /** Pods of a namespace, such as an ingress controller's. */
  | {
      readonly namespace: string;
      /** @default - every pod of the namespace */
      readonly podLabels?: Readonly<Record<string, string>>;
    };

/** Ingress NetworkPolicies for the stack's namespaces (see README, "Network policies"). */
export interface NetworkPoliciesConfig {
  /** Deny ingress by default in the stack's namespaces and allow exactly the flows of `constructs/flows.ts`. */
  readonly enabled: boolean;
  /**
   * Where users reach Grafana and the API from. An empty list leaves both reachable only through
   * `kubectl port-forward`, which NetworkPolicies do not filter.
   */
  readonly userSources: readonly UserSource[];
}

/** Recursively optional view of a config, for environment files that hold only what differs. */
export type Overrides<T> = {
  readonly [K in keyof T]?: T[K] extends readonly (infer _U)[]
    ? T[K]
    : T[K] extends object
      ? Overrides<T[K]>
      : T[K];
};

/** What an environment file exports: its name and what it changes over the defaults. */
export interface EnvironmentDefinition {
  readonly name: string;
  readonly overrides: Overrides<Omit<EnvironmentConfig, 'name'>>;
}
