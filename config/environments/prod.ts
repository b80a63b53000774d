import { GRAFANA_DATABASE_SECRET } from '../../constructs/grafana-props';
import { JAEGER_STORAGE_SECRET } from '../../constructs/jaeger-props';
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
 * Production: two Prometheus replicas, a three-replica Alertmanager cluster, an autoscaled API, two
 * Grafana replicas on PostgreSQL, Loki's simple scalable deployment, Jaeger's collectors and query
 * scaled out on OpenSearch, larger resources and longer retention.
 */
export const prod: EnvironmentDefinition = {
  name: 'prod',
  overrides: {
    cluster: 'prod',
    api: {
      // Three to ten replicas at 70 % of their CPU request (needs the cluster's metrics-server).
      autoscaling: { enabled: true, minReplicas: 3, maxReplicas: 10 },
      resources: { requests: { cpu: '500m', memory: '512Mi' }, limits: { memory: '1Gi' } },
      ingress: { ...INGRESS, host: 'api.example.com' },
    },
    prometheus: {
      replicas: 2,
      resources: { requests: { cpu: '1', memory: '4Gi' }, limits: { memory: '8Gi' } },
      retention: '30d',
      storage: { size: '200Gi' },
      // Workers next to the API opt in to scraping with a label and a port named "metrics" (README).
      podDiscovery: { namespaces: ['agent-platform'] },
    },
    alertmanager: {
      replicas: 3,
      resources: { requests: { cpu: '50m', memory: '128Mi' }, limits: { memory: '256Mi' } },
      storage: { size: '2Gi' },
      // The Secret's `heartbeat-url` is the dead man's switch service's check (see README, "Alertmanager").
      deadMansSwitch: { enabled: true },
    },
    // Users and sessions in PostgreSQL, so two replicas serve (example host: the operator's database server).
    // The Secret `grafana-database` holds `password` and the server's CA as `ca.crt` (see README, "Grafana and dashboards").
    grafana: {
      replicas: 2,
      resources: { requests: { cpu: '200m', memory: '512Mi' }, limits: { memory: '1Gi' } },
      database: {
        type: 'postgres',
        host: 'grafana-db.prod.example.internal',
        sslMode: 'verify-full',
        caSecret: { name: GRAFANA_DATABASE_SECRET.name, key: GRAFANA_DATABASE_SECRET.caKey },
      },
      ingress: { ...INGRESS, host: 'grafana.example.com' },
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
    // Collectors and query apart, on the cluster's OpenSearch (an example URL: set your cluster's). The
    // Secret's `password` and `ca.crt` are the jaeger user's password and the CA of its certificate
    // (see README, "Logs and traces").
    jaeger: {
      topology: 'scaled',
      collector: { replicas: 2, resources: { requests: { cpu: '200m', memory: '512Mi' }, limits: { memory: '1Gi' } } },
      query: { replicas: 2, resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '512Mi' } } },
      backend: {
        type: 'opensearch',
        serverUrls: ['https://opensearch.logging.svc:9200'],
        username: 'jaeger',
        passwordSecret: { name: JAEGER_STORAGE_SECRET.name, key: JAEGER_STORAGE_SECRET.passwordKey },
        caSecret: { name: JAEGER_STORAGE_SECRET.name, key: JAEGER_STORAGE_SECRET.caKey },
        retention: '336h',
      },
    },
    // Per node: larger nodes run more pods, with more logs and more series.
    alloy: { resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '512Mi' } } },
    nodeExporter: { resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '128Mi' } } },
    kubeStateMetrics: { resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '512Mi' } } },
  },
};
