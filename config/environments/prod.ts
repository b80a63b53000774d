import { LOKI_S3_CREDENTIALS_SECRET } from '../../constructs/loki-props';
import type { EnvironmentDefinition } from '../types';

/**
 * Production: two Prometheus replicas, a three-replica Alertmanager cluster, a replicated API,
 * Loki's simple scalable deployment, larger resources and longer retention.
 */
export const prod: EnvironmentDefinition = {
  name: 'prod',
  overrides: {
    cluster: 'prod',
    api: {
      replicas: 3,
      resources: { requests: { cpu: '500m', memory: '512Mi' }, limits: { memory: '1Gi' } },
    },
    prometheus: {
      replicas: 2,
      resources: { requests: { cpu: '1', memory: '4Gi' }, limits: { memory: '8Gi' } },
      retention: '30d',
      storage: { size: '200Gi' },
    },
    alertmanager: {
      replicas: 3,
      resources: { requests: { cpu: '50m', memory: '128Mi' }, limits: { memory: '256Mi' } },
      storage: { size: '2Gi' },
      // The Secret's `heartbeat-url` is the dead man's switch service's check (see README, "Alertmanager").
      deadMansSwitch: { enabled: true },
    },
    grafana: {
      resources: { requests: { cpu: '200m', memory: '512Mi' }, limits: { memory: '1Gi' } },
      storage: { size: '5Gi' },
    },
    loki: {
      retention: '720h',
      // Three ingesters each holding every stream (replication factor 3), so losing one loses no logs.
      deployment: {
        mode: 'simple-scalable',
        replicationFactor: 3,
        write: { replicas: 3, resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { memory: '2Gi' } }, storage: { size: '20Gi' } },
        read: { replicas: 2, resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { memory: '2Gi' } } },
        backend: { replicas: 2, resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { memory: '1Gi' } }, storage: { size: '20Gi' } },
      },
      objectStore: {
        type: 's3',
        bucket: 'agent-platform-logs-prod',
        endpoint: 's3.us-east-1.amazonaws.com',
        region: 'us-east-1',
        credentialsSecret: LOKI_S3_CREDENTIALS_SECRET,
      },
    },
    jaeger: {
      resources: { requests: { cpu: '200m', memory: '512Mi' }, limits: { memory: '1Gi' } },
      backend: { type: 'badger', retention: '336h' },
      storage: { size: '50Gi' },
    },
    // Per node: larger nodes run more pods, with more logs and more series.
    alloy: { resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '512Mi' } } },
    nodeExporter: { resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '128Mi' } } },
    kubeStateMetrics: { resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '512Mi' } } },
  },
};
