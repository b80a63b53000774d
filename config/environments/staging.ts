import { GRAFANA_DATABASE_SECRET } from '../../constructs/grafana-props';
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

/**
 * Pre-production: production's shape (replicated Prometheus, clustered Alertmanager, Grafana on
 * PostgreSQL, Loki's simple scalable deployment) at a smaller size.
 */
export const staging: EnvironmentDefinition = {
  name: 'staging',
  overrides: {
    cluster: 'staging',
    api: {
      // Production's autoscaler, smaller: staging is where a change to it is tried first.
      autoscaling: { enabled: true, minReplicas: 2, maxReplicas: 4 },
      resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { memory: '512Mi' } },
      ingress: { ...INGRESS, host: 'api.staging.example.com' },
    },
    prometheus: {
      replicas: 2,
      resources: { requests: { cpu: '500m', memory: '2Gi' }, limits: { memory: '4Gi' } },
      retention: '15d',
      storage: { size: '50Gi' },
      // Workers next to the API opt in to scraping with a label and a port named "metrics" (README).
      podDiscovery: { namespaces: ['agent-platform'] },
    },
    // The Secret's `heartbeat-url` is the dead man's switch service's check (see README, "Alertmanager").
    alertmanager: { replicas: 2, deadMansSwitch: { enabled: true } },
    // Production's shape, so upgrades meet PostgreSQL migrations and replica gossip here first (example
    // host). The Secret `grafana-database` holds `password` and the server's CA as `ca.crt` (see README, "Grafana and dashboards").
    grafana: {
      replicas: 2,
      resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '512Mi' } },
      database: {
        type: 'postgres',
        host: 'grafana-db.staging.example.internal',
        caSecret: { name: GRAFANA_DATABASE_SECRET.name, key: GRAFANA_DATABASE_SECRET.caKey },
      },
      ingress: { ...INGRESS, host: 'grafana.staging.example.com' },
    },
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
