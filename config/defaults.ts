/**
 * Shared defaults: a small single-replica stack that fits a laptop cluster. Environment files
 * override only what differs (replicas, resources, storage, retention).
 */
import type { EnvironmentConfig, ResourceRequirements } from './types';
import { IMAGES } from './versions';

function resources(cpu: string, memory: string, memoryLimit: string): ResourceRequirements {
  return { requests: { cpu, memory }, limits: { memory: memoryLimit } };
}

export const DEFAULTS: Omit<EnvironmentConfig, 'name'> = {
  cluster: 'agent-platform',
  namespaces: { platform: 'agent-platform', monitoring: 'monitoring' },
  images: IMAGES,
  api: {
    image: { registry: 'ghcr.io', repository: 'agent-platform/api', tag: '1.0.0' },
    replicas: 1,
    resources: resources('100m', '128Mi', '256Mi'),
  },
  prometheus: {
    replicas: 1,
    resources: resources('200m', '512Mi', '1Gi'),
    retention: '15d',
    storage: { size: '10Gi' },
    scrapeInterval: '30s',
    evaluationInterval: '30s',
  },
  alertmanager: {
    replicas: 1,
    resources: resources('25m', '64Mi', '128Mi'),
    storage: { size: '1Gi' },
  },
  grafana: {
    replicas: 1,
    resources: resources('50m', '128Mi', '256Mi'),
    storage: { size: '1Gi' },
  },
  loki: {
    replicas: 1,
    resources: resources('100m', '256Mi', '512Mi'),
    storage: { size: '10Gi' },
    retention: '168h',
  },
  jaeger: {
    replicas: 1,
    resources: resources('50m', '128Mi', '256Mi'),
    storage: { size: '5Gi' },
  },
  alloy: { resources: resources('50m', '128Mi', '256Mi') },
  nodeExporter: { resources: resources('25m', '32Mi', '64Mi') },
  kubeStateMetrics: { replicas: 1, resources: resources('25m', '64Mi', '128Mi') },
};
