/**
 * Shared defaults: a small single-replica stack that fits a laptop cluster, composed of each
 * component's own defaults. Environment files override only what differs (replicas, resources,
 * storage, retention).
 */
import { ALERTMANAGER_DEFAULTS, ALERTMANAGER_OPTIONAL_KEYS } from '../constructs/alertmanager-props';
import { ALLOY_DEFAULTS, ALLOY_OPTIONAL_KEYS } from '../constructs/alloy-props';
import { API_DEFAULTS, API_OPTIONAL_KEYS } from '../constructs/api-props';
import { GRAFANA_DEFAULTS, GRAFANA_OPTIONAL_KEYS } from '../constructs/grafana-props';
import { JAEGER_DEFAULTS, JAEGER_OPTIONAL_KEYS } from '../constructs/jaeger-props';
import { KUBE_STATE_METRICS_DEFAULTS, KUBE_STATE_METRICS_OPTIONAL_KEYS } from '../constructs/kube-state-metrics-props';
import { LOKI_DEFAULTS, LOKI_OPTIONAL_KEYS } from '../constructs/loki-props';
import { NETWORK_POLICIES_DEFAULTS, NETWORK_POLICIES_OPTIONAL_KEYS } from '../constructs/network-policies-props';
import { NODE_EXPORTER_DEFAULTS, NODE_EXPORTER_OPTIONAL_KEYS } from '../constructs/node-exporter-props';
import { PRIORITY_CLASSES_DEFAULTS, PRIORITY_CLASSES_OPTIONAL_KEYS } from '../constructs/priority-classes-props';
import { PROMETHEUS_DEFAULTS, PROMETHEUS_OPTIONAL_KEYS } from '../constructs/prometheus-props';
import { IMAGE_OPTIONAL_KEYS } from '../constructs/workload-props';
import { ALERTING_DEFAULTS, ALERTING_KEYS } from '../rules/settings';
import { SLO_DEFINITION_KEYS } from '../slos/model';
import { PLATFORM_SLOS } from '../slos/platform';
import { shapeOf, withKeys, type KeyShape } from './keys';
import type { EnvironmentConfig } from './types';
import { IMAGES } from './versions';

export const DEFAULTS: Omit<EnvironmentConfig, 'name'> = {
  cluster: 'agent-platform',
  namespaces: { platform: 'agent-platform', monitoring: 'monitoring' },
  images: IMAGES,
  api: API_DEFAULTS,
  prometheus: PROMETHEUS_DEFAULTS,
  alertmanager: ALERTMANAGER_DEFAULTS,
  grafana: GRAFANA_DEFAULTS,
  loki: LOKI_DEFAULTS,
  jaeger: JAEGER_DEFAULTS,
  alloy: ALLOY_DEFAULTS,
  nodeExporter: NODE_EXPORTER_DEFAULTS,
  kubeStateMetrics: KUBE_STATE_METRICS_DEFAULTS,
  alerting: ALERTING_DEFAULTS,
  slos: PLATFORM_SLOS,
  networkPolicies: NETWORK_POLICIES_DEFAULTS,
  priorityClasses: PRIORITY_CLASSES_DEFAULTS,
};

/**
 * Every key an environment may set: the keys of the defaults, plus those each component declares
 * without a default. `slos` and `alerting` are maps of the user's names, so their shapes are declared whole.
 */
export const ENVIRONMENT_KEYS: KeyShape = withKeys(shapeOf({ name: true, ...DEFAULTS }), {
  imageRegistry: true,
  images: Object.fromEntries(Object.keys(IMAGES).map((name) => [name, IMAGE_OPTIONAL_KEYS])),
  api: API_OPTIONAL_KEYS,
  prometheus: PROMETHEUS_OPTIONAL_KEYS,
  alertmanager: ALERTMANAGER_OPTIONAL_KEYS,
  grafana: GRAFANA_OPTIONAL_KEYS,
  loki: LOKI_OPTIONAL_KEYS,
  jaeger: JAEGER_OPTIONAL_KEYS,
  alloy: ALLOY_OPTIONAL_KEYS,
  nodeExporter: NODE_EXPORTER_OPTIONAL_KEYS,
  kubeStateMetrics: KUBE_STATE_METRICS_OPTIONAL_KEYS,
  alerting: ALERTING_KEYS,
  slos: SLO_DEFINITION_KEYS,
  networkPolicies: NETWORK_POLICIES_OPTIONAL_KEYS,
  priorityClasses: PRIORITY_CLASSES_OPTIONAL_KEYS,
});
