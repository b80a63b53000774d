/**
 * The environment model. `EnvironmentConfig` is the fully resolved configuration of one environment;
 * environment files hold only an `EnvironmentOverrides` over `config/defaults.ts`. Each component's
 * settings are the type its construct declares (constructs/<component>-props.ts, with their defaults
 * and checks); this file only composes them.
 */
import type { AlertmanagerSettings } from '../constructs/alertmanager-props';
import type { AlloySettings } from '../constructs/alloy-props';
import type { ApiSettings } from '../constructs/api-props';
import type { GrafanaSettings } from '../constructs/grafana-props';
import type { JaegerSettings } from '../constructs/jaeger-props';
import type { KubeStateMetricsSettings } from '../constructs/kube-state-metrics-props';
import type { LokiSettings } from '../constructs/loki-props';
import type { NetworkPoliciesSettings } from '../constructs/network-policies-props';
import type { NodeExporterSettings } from '../constructs/node-exporter-props';
import type { PriorityClassesSettings } from '../constructs/priority-classes-props';
import type { PrometheusSettings } from '../constructs/prometheus-props';
import type { ImageRef } from '../constructs/workload-props';
import type { AlertingSettings } from '../rules/settings';
import type { SloDefinition } from '../slos/model';

/** The images of every component, pinned in `config/versions.ts`. */
export interface Images {
  readonly prometheus: ImageRef;
  readonly configReloader: ImageRef;
  readonly alertmanager: ImageRef;
  readonly grafana: ImageRef;
  readonly loki: ImageRef;
  readonly jaeger: ImageRef;
  /** Deletes old Elasticsearch/OpenSearch indices of Jaeger's (with a search backend). */
  readonly jaegerIndexCleaner: ImageRef;
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
  readonly api: ApiSettings;
  readonly prometheus: PrometheusSettings;
  readonly alertmanager: AlertmanagerSettings;
  readonly grafana: GrafanaSettings;
  readonly loki: LokiSettings;
  readonly jaeger: JaegerSettings;
  readonly alloy: AlloySettings;
  readonly nodeExporter: NodeExporterSettings;
  readonly kubeStateMetrics: KubeStateMetricsSettings;
  readonly alerting: AlertingSettings;
  /**
   * Service level objectives by name (their `slo` label): each becomes recording rules, burn-rate
   * alerts and a row of the SLO dashboard. An environment changes one by overriding its fields,
   * drops one with `{ disabled: true }` and adds one under a new name.
   */
  readonly slos: Readonly<Record<string, SloDefinition>>;
  readonly networkPolicies: NetworkPoliciesSettings;
  /**
   * The PriorityClasses of the node agents (node-exporter, Alloy) and of the monitoring core
   * (Prometheus, Alertmanager, kube-state-metrics); see README, "Scheduling".
   */
  readonly priorityClasses: PriorityClassesSettings;
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
