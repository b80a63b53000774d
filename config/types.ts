/**
 * The environment model. `EnvironmentConfig` is the fully resolved configuration of one environment;
 * environment files hold only an `EnvironmentOverrides` over `config/defaults.ts`.
 */
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
}

export interface AlertmanagerConfig extends WorkloadConfig {
  readonly storage: StorageConfig;
}

export interface GrafanaConfig extends WorkloadConfig {
  readonly storage: StorageConfig;
}

export interface LokiConfig extends WorkloadConfig {
  readonly storage: StorageConfig;
  /** How long log lines are kept before the compactor deletes them. */
  readonly retention: Duration;
}

export interface JaegerConfig extends WorkloadConfig {
  readonly storage: StorageConfig;
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
   * Replaces the registry host of every image (an air-gapped mirror, for example).
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
  readonly nodeExporter: DaemonConfig;
  readonly kubeStateMetrics: WorkloadConfig;
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
