/**
 * Shared defaults: a small single-replica stack that fits a laptop cluster, composed of each
 * component's own defaults. Environment files override only what differs (replicas, resources,
 * storage, retention).
 */
import { ALERTMANAGER_DEFAULTS } from '../constructs/alertmanager-props';
import { ALLOY_DEFAULTS } from '../constructs/alloy-props';
import { API_DEFAULTS } from '../constructs/api-props';
import { GRAFANA_DEFAULTS } from '../constructs/grafana-props';
import { JAEGER_DEFAULTS } from '../constructs/jaeger-props';
import { KUBE_STATE_METRICS_DEFAULTS } from '../constructs/kube-state-metrics-props';
import { LOKI_DEFAULTS } from '../constructs/loki-props';
import { NETWORK_POLICIES_DEFAULTS } from '../constructs/network-policies-props';
import { NODE_EXPORTER_DEFAULTS } from '../constructs/node-exporter-props';
import { PROMETHEUS_DEFAULTS } from '../constructs/prometheus-props';
import { ALERTING_DEFAULTS } from '../rules/settings';
import { PLATFORM_SLOS } from '../slos/platform';
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
};
