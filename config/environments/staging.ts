import { LOKI_S3_CREDENTIALS_SECRET } from '../../constructs/loki-props';
import type { EnvironmentDefinition } from '../types';

/**
 * How people reach Grafana and the API: an example, to replace with the cluster's own. ingress-nginx
 * serves the hosts (their DNS records point at it), and cert-manager's ClusterIssuer "letsencrypt"
 * issues their certificates (see README, "Ingress").
 */
const INGRESS = {
  className: 'nginx',
  tls: { clusterIssuer: 'letsencrypt' },
  controller: { namespace: 'ingress-nginx', podLabels: { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' } },
} as const;

/** Pre-production: production's shape (replicated Prometheus, clustered Alertmanager) at a smaller size. */
export const staging: EnvironmentDefinition = {
  name: 'staging',
  overrides: {
    cluster: 'staging',
    api: {
      replicas: 2,
      resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { memory: '512Mi' } },
      ingress: { ...INGRESS, host: 'api.staging.example.com' },
    },
    prometheus: {
      replicas: 2,
      resources: { requests: { cpu: '500m', memory: '2Gi' }, limits: { memory: '4Gi' } },
      retention: '15d',
      storage: { size: '50Gi' },
    },
    // The Secret's `heartbeat-url` is the dead man's switch service's check (see README, "Alertmanager").
    alertmanager: { replicas: 2, deadMansSwitch: { enabled: true } },
    grafana: {
      resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '512Mi' } },
      ingress: { ...INGRESS, host: 'grafana.staging.example.com' },
    },
    loki: {
      resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { memory: '1Gi' } },
      retention: '168h',
      storage: { size: '20Gi' },
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
