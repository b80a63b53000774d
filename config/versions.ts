/**
 * Pinned upstream images, in one place. Bump a version here and every environment follows.
 *
 * Where a real engine proves the generated config (scripts/toolchain.sh unpacks it; the tests refuse
 * any other version), the engine's version is in ENGINE_VERSIONS and the image is on the same line:
 * the cluster runs the semantics the proofs ran on. Components with no engine here (Grafana, Jaeger,
 * Alloy, the exporters) follow the upstream charts of August 2026 and are checked by types and tests
 * against their documented formats.
 */
import type { Images } from './types';

/** The engines of the toolchain the tests run; each one proves the image noted beside it below. */
export const ENGINE_VERSIONS = {
  /** promtool and prometheus: rules, scrape config, panels' PromQL, the alert pipeline. */
  prometheus: '3.5.3',
  /** amtool and alertmanager: config, routes, inhibition, the alert pipeline. */
  alertmanager: '0.33.1',
  /** loki -verify-config and a running Loki: config and every LogQL panel. */
  loki: '3.7.6',
  /** kube-apiserver (with etcd): every manifest, server-side dry run with strict validation. */
  kubernetes: '1.28.7',
} as const;

export const IMAGES: Images = {
  // The v3.5 long-term-support line's newest patch; proven by promtool/prometheus 3.5.3 (same LTS line,
  // patch releases fix bugs only).
  prometheus: { registry: 'quay.io', repository: 'prometheus/prometheus', tag: 'v3.5.5' },
  configReloader: { registry: 'quay.io', repository: 'prometheus-operator/prometheus-config-reloader', tag: 'v0.93.1' },
  // Proven by amtool/alertmanager 0.33.1, the same release.
  alertmanager: { registry: 'quay.io', repository: 'prometheus/alertmanager', tag: 'v0.33.1' },
  grafana: { registry: 'docker.io', repository: 'grafana/grafana', tag: '13.2.0' },
  // Proven by loki 3.7.6, the same release.
  loki: { registry: 'docker.io', repository: 'grafana/loki', tag: '3.7.6' },
  jaeger: { registry: 'docker.io', repository: 'jaegertracing/jaeger', tag: '2.20.0' },
  // Published by the same release as Jaeger (its release build pushes the tools under the release's version).
  jaegerIndexCleaner: { registry: 'docker.io', repository: 'jaegertracing/jaeger-es-index-cleaner', tag: '2.20.0' },
  alloy: { registry: 'docker.io', repository: 'grafana/alloy', tag: 'v1.18.1' },
  nodeExporter: { registry: 'quay.io', repository: 'prometheus/node-exporter', tag: 'v1.12.1' },
  kubeStateMetrics: { registry: 'registry.k8s.io', repository: 'kube-state-metrics/kube-state-metrics', tag: 'v2.20.0' },
};
