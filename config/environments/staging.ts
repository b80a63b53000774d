import { LOKI_S3_CREDENTIALS_SECRET } from '../../constructs/loki-props';
import type { EnvironmentDefinition } from '../types';

/**
 * Pre-production: production's shape (replicated Prometheus, clustered Alertmanager, Loki's simple
 * scalable deployment) at a smaller size.
 */
export const staging: EnvironmentDefinition = {
  name: 'staging',
  overrides: {
    cluster: 'staging',
    api: {
      replicas: 2,
      resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { memory: '512Mi' } },
    },
    prometheus: {
      replicas: 2,
      resources: { requests: { cpu: '500m', memory: '2Gi' }, limits: { memory: '4Gi' } },
      retention: '15d',
      storage: { size: '50Gi' },
    },
    // The Secret's `heartbeat-url` is the dead man's switch service's check (see README, "Alertmanager").
    alertmanager: { replicas: 2, deadMansSwitch: { enabled: true } },
    grafana: { resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '512Mi' } } },
    loki: {
      retention: '168h',
      deployment: {
        mode: 'simple-scalable',
        write: { replicas: 3, resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '512Mi' } }, storage: { size: '10Gi' } },
        read: { replicas: 2, resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '512Mi' } } },
        backend: { replicas: 2, resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '512Mi' } }, storage: { size: '10Gi' } },
      },
      objectStore: {
        type: 's3',
        bucket: 'agent-platform-logs-staging',
        endpoint: 's3.us-east-1.amazonaws.com',
        region: 'us-east-1',
        credentialsSecret: LOKI_S3_CREDENTIALS_SECRET,
      },
    },
    jaeger: {
      resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '512Mi' } },
      backend: { type: 'badger', retention: '168h' },
      storage: { size: '10Gi' },
    },
    kubeStateMetrics: { resources: { requests: { cpu: '50m', memory: '128Mi' }, limits: { memory: '256Mi' } } },
  },
};
