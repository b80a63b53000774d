/**
 * Every Service name and port of the stack, defined once. A component builds its Service and
 * container ports from here, and every consumer (scrape configs, datasources, OTLP endpoints,
 * network policies) computes its URLs from here, so the two cannot drift apart.
 */
import type { EnvironmentConfig } from '../config';

export interface Port {
  /** Port name, used on the container and the Service (IANA_SVC_NAME, at most 15 characters). */
  readonly name: string;
  readonly port: number;
  /** @default TCP */
  readonly protocol?: 'TCP' | 'UDP';
}

export interface Endpoint {
  /** Service name. */
  readonly service: string;
  readonly namespace: string;
  /** In-cluster DNS name of the Service. */
  readonly host: string;
}

function ports<T extends Record<string, Omit<Port, 'name'> & { name?: string }>>(defs: T): { readonly [K in keyof T]: Port } {
  const out: Record<string, Port> = {};
  for (const [key, def] of Object.entries(defs)) out[key] = { name: def.name ?? key, ...def } as Port;
  return out as { readonly [K in keyof T]: Port };
}

/** Ports per component. Names are what Services and containers call them. */
export const PORTS = {
  api: ports({ http: { name: 'http', port: 8000 } }),
  prometheus: ports({ web: { name: 'web', port: 9090 }, reloader: { name: 'reloader-web', port: 8080 } }),
  alertmanager: ports({
    web: { name: 'web', port: 9093 },
    mesh: { name: 'mesh-tcp', port: 9094 },
    meshUdp: { name: 'mesh-udp', port: 9094, protocol: 'UDP' },
  }),
  grafana: ports({ http: { name: 'http', port: 3000 } }),
  loki: ports({ http: { name: 'http', port: 3100 }, grpc: { name: 'grpc', port: 9095 } }),
  jaeger: ports({
    otlpGrpc: { name: 'otlp-grpc', port: 4317 },
    otlpHttp: { name: 'otlp-http', port: 4318 },
    query: { name: 'query', port: 16686 },
    health: { name: 'health', port: 13133 },
    metrics: { name: 'metrics', port: 8888 },
  }),
  alloy: ports({ http: { name: 'http', port: 12345 } }),
  nodeExporter: ports({ metrics: { name: 'metrics', port: 9100 } }),
  kubeStateMetrics: ports({ metrics: { name: 'http-metrics', port: 8080 }, telemetry: { name: 'telemetry', port: 8081 } }),
} as const;

/** Service (and workload) names per component. */
export const SERVICE_NAMES = {
  api: 'agent-platform-api',
  prometheus: 'prometheus',
  /** Headless Service governing the Prometheus StatefulSet: a stable DNS name per replica. */
  prometheusHeadless: 'prometheus-headless',
  alertmanager: 'alertmanager',
  /** Headless Service of the Alertmanager pods: peer discovery, and every replica for Prometheus. */
  alertmanagerCluster: 'alertmanager-cluster',
  grafana: 'grafana',
  loki: 'loki',
  jaeger: 'jaeger',
  alloy: 'alloy',
  nodeExporter: 'node-exporter',
  kubeStateMetrics: 'kube-state-metrics',
} as const;

export type Component = keyof typeof SERVICE_NAMES;

/** The Service endpoint of a component in an environment. */
export function endpoint(config: EnvironmentConfig, component: Component): Endpoint {
  const namespace =
    component === 'api' ? config.namespaces.platform : component === 'nodeExporter' ? config.nodeExporter.namespace : config.namespaces.monitoring;
  const service = SERVICE_NAMES[component];
  return { service, namespace, host: `${service}.${namespace}.svc` };
}

/** `http://<service>.<namespace>.svc:<port><path>` for a component's port. */
export function serviceUrl(config: EnvironmentConfig, component: Component, port: Port, path = ''): string {
  return `http://${endpoint(config, component).host}:${port.port}${path}`;
}

/**
 * What Prometheus needs to discover and scrape a component's pods through Kubernetes service
 * discovery. Each scraped construct exposes one; the stack hands them all to Prometheus.
 */
export interface ScrapeTarget {
  /** The `job` label of the scraped series (the API's is exactly `api`). */
  readonly job: string;
  readonly namespace: string;
  /** Labels that select the component's pods (a subset of their labels). */
  readonly podLabels: Readonly<Record<string, string>>;
  /** The named container port serving metrics. */
  readonly port: Port;
  /** @default /metrics */
  readonly path?: string;
  /**
   * Keep the target's own `job`, `namespace`, `pod`... labels on conflict (exporters that describe
   * other objects, such as kube-state-metrics).
   * @default false
   */
  readonly honorLabels?: boolean;
}

/** `job` labels of the scrape jobs Prometheus defines for the stack's exporters and itself. */
export const SCRAPE_JOBS = {
  prometheus: 'prometheus',
  alertmanager: 'alertmanager',
  nodeExporter: 'node-exporter',
  kubeStateMetrics: 'kube-state-metrics',
  kubelet: 'kubelet',
  cadvisor: 'cadvisor',
} as const;
