/**
 * Pinned upstream images, in one place. Tags follow the upstream charts of August 2026.
 * Bump a version here and every environment follows.
 */
import type { Images } from './types';

export const IMAGES: Images = {
  prometheus: { registry: 'quay.io', repository: 'prometheus/prometheus', tag: 'v3.14.0' },
  configReloader: { registry: 'quay.io', repository: 'prometheus-operator/prometheus-config-reloader', tag: 'v0.93.1' },
  alertmanager: { registry: 'quay.io', repository: 'prometheus/alertmanager', tag: 'v0.34.0' },
  grafana: { registry: 'docker.io', repository: 'grafana/grafana', tag: '13.2.0' },
  loki: { registry: 'docker.io', repository: 'grafana/loki', tag: '3.7.6' },
  jaeger: { registry: 'docker.io', repository: 'jaegertracing/jaeger', tag: '2.20.0' },
  alloy: { registry: 'docker.io', repository: 'grafana/alloy', tag: 'v1.18.1' },
  nodeExporter: { registry: 'quay.io', repository: 'prometheus/node-exporter', tag: 'v1.12.1' },
  kubeStateMetrics: { registry: 'registry.k8s.io', repository: 'kube-state-metrics/kube-state-metrics', tag: 'v2.20.0' },
};
