/**
 * Shared defaults: a small single-replica stack that fits a laptop cluster. Environment files
 * override only what differs (replicas, resources, storage, retention).
 */
import type { EnvironmentConfig, ResourceRequirements } from './types';
import { PLATFORM_SLOS } from '../slos/platform';
import { IMAGES } from './versions';

function resources(cpu: string, memory: string, memoryLimit: string): ResourceRequirements {
  return { requests: { cpu, memory }, limits: { memory: memoryLimit } };
}

/**
 * The Secret holding Loki's S3 keys, which the operator creates (README, "Logs and traces"). An
 * environment with an S3 store names it in `loki.objectStore.credentialsSecret`.
 */
export const LOKI_S3_CREDENTIALS_SECRET = 'loki-s3-credentials';

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
    // The design's receivers; credentials come from the Secret described in the README.
    notifications: {
      smtpSmarthost: 'smtp.example.com:587',
      smtpFrom: 'alerts@agentplatform.com',
      emailTo: 'oncall@agentplatform.com',
      slackChannel: '#alerts',
    },
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
    objectStore: { type: 'filesystem' },
  },
  jaeger: {
    replicas: 1,
    resources: resources('50m', '128Mi', '256Mi'),
    storage: { size: '5Gi' },
    backend: { type: 'memory' },
  },
  alloy: { resources: resources('50m', '128Mi', '256Mi') },
  nodeExporter: { namespace: 'node-exporter', resources: resources('25m', '32Mi', '64Mi') },
  kubeStateMetrics: { replicas: 1, resources: resources('25m', '64Mi', '128Mi') },
  alerting: {
    alerts: {},
    extraGroups: [],
    highCardinalityLabels: ['user_id', 'request_id', 'session_id', 'trace_id', 'span_id'],
    runbookBaseUrl: 'docs/runbooks',
  },
  slos: PLATFORM_SLOS,
  // Closed by default; dev opts out. Users are clients outside the cluster, from any address.
  networkPolicies: { enabled: true, userSources: [{ cidr: '0.0.0.0/0' }, { cidr: '::/0' }] },
};
