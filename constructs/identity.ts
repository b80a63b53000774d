/**
 * Who each component of the stack is, defined once: its name (of its workload, Service and
 * ServiceAccount), its labels, the namespace it runs in, its ports and the job Prometheus scrapes
 * it under. Constructs build their objects from here, and every consumer (scrape configs,
 * datasources, OTLP endpoints, network policies, alert selectors, log queries) reads the same
 * entry, so the two cannot drift apart. Imports nothing of the project, so anything may read it.
 */

export interface Port {
  /** Port name, used on the container and the Service (IANA_SVC_NAME, at most 15 characters). */
  readonly name: string;
  readonly port: number;
  /** @default TCP */
  readonly protocol?: 'TCP' | 'UDP';
}

/** The namespaces of a stack, by role; an environment chooses their names. */
export interface StackNamespaces {
  /** The platform's own workloads (the API). */
  readonly platform: string;
  /** The observability stack. */
  readonly monitoring: string;
  /** node-exporter alone: its Pod Security level allows host access. */
  readonly nodeExporter: string;
  /** Alloy alone: its Pod Security level allows the host directory that keeps its read positions. */
  readonly alloy: string;
}

/** How Prometheus scrapes a component: its job label, the port (a key of its `ports`) and path. */
export interface ScrapeIdentity<P extends string> {
  /** The `job` label of the component's series. */
  readonly job: string;
  readonly port: P;
  /** @default /metrics */
  readonly path?: string;
  /**
   * Keep the target's own `job`, `namespace`, `pod`... labels on conflict (exporters that describe
   * other objects, such as kube-state-metrics).
   * @default false
   */
  readonly honorLabels?: boolean;
}

/**
 * The PriorityClass a component's pods run at (see constructs/priority-classes-props.ts):
 * `nodeAgent` for one pod per node, which a full node must keep; `core` for what detects a problem
 * and tells people (Prometheus, Alertmanager, and kube-state-metrics, whose series the workload
 * alerts read). Loki, Grafana and Jaeger are for looking into a problem once told: the largest
 * consumers of the stack, they stay at the default priority rather than displace the platform.
 */
export type PriorityRole = 'nodeAgent' | 'core';

export interface ComponentIdentity<P extends string = string> {
  /** Name of its workload, Service and ServiceAccount. */
  readonly name: string;
  /** `app.kubernetes.io/name` (`name`) and `app.kubernetes.io/component` (`component`) of its objects. */
  readonly labels: { readonly name: string; readonly component: string };
  readonly namespace: keyof StackNamespaces;
  /** Its ports; the keys are how code refers to them, `name` is what containers and Services call them. */
  readonly ports: { readonly [K in P]: Port };
  readonly scrape: ScrapeIdentity<P>;
  /** @default - the cluster's default priority, like the workloads it watches */
  readonly priority?: PriorityRole;
}

/** Checks an identity, keeping its port keys in its type (the scrape port must be one of them). */
function component<P extends string>(identity: Omit<ComponentIdentity<P>, 'scrape'> & { readonly scrape: ScrapeIdentity<NoInfer<P>> }): ComponentIdentity<P> {
  return identity;
}

export const COMPONENTS = {
  api: component({
    // Also the OpenTelemetry service name: a trace, a pod and a scrape target of the API carry one name.
    name: 'agent-platform-api',
    // `app.kubernetes.io/name`, which the log queries call `app`.
    labels: { name: 'agent-platform', component: 'api' },
    namespace: 'platform',
    ports: { http: { name: 'http', port: 8000 } },
    // Exactly `api`: every selector of the metrics contract is scoped to it.
    scrape: { job: 'api', port: 'http', path: '/metrics' },
  }),
  prometheus: component({
    name: 'prometheus',
    labels: { name: 'prometheus', component: 'metrics' },
    namespace: 'monitoring',
    ports: { web: { name: 'web', port: 9090 }, reloader: { name: 'reloader-web', port: 8080 } },
    priority: 'core',
    scrape: { job: 'prometheus', port: 'web' },
  }),
  alertmanager: component({
    name: 'alertmanager',
    labels: { name: 'alertmanager', component: 'alerting' },
    namespace: 'monitoring',
    ports: {
      web: { name: 'web', port: 9093 },
      mesh: { name: 'mesh-tcp', port: 9094 },
      meshUdp: { name: 'mesh-udp', port: 9094, protocol: 'UDP' },
    },
    priority: 'core',
    scrape: { job: 'alertmanager', port: 'web' },
  }),
  grafana: component({
    name: 'grafana',
    labels: { name: 'grafana', component: 'visualization' },
    namespace: 'monitoring',
    ports: {
      http: { name: 'http', port: 3000 },
      // Grafana alerting's gossip between replicas (declared on the pods only when there are several).
      gossip: { name: 'gossip-tcp', port: 9094 },
      gossipUdp: { name: 'gossip-udp', port: 9094, protocol: 'UDP' },
    },
    scrape: { job: 'grafana', port: 'http', path: '/metrics' },
  }),
  loki: component({
    name: 'loki',
    labels: { name: 'loki', component: 'logs' },
    namespace: 'monitoring',
    // `memberlist`: the ring's gossip between the pods of the simple scalable deployment.
    ports: { http: { name: 'http', port: 3100 }, grpc: { name: 'grpc', port: 9095 }, memberlist: { name: 'memberlist', port: 7946 } },
    // One job for every Loki pod, whatever its target: the Loki alerts and dashboards select it.
    scrape: { job: 'loki', port: 'http', path: '/metrics' },
  }),
  jaeger: component({
    name: 'jaeger',
    labels: { name: 'jaeger', component: 'tracing' },
    namespace: 'monitoring',
    ports: {
      otlpGrpc: { name: 'otlp-grpc', port: 4317 },
      otlpHttp: { name: 'otlp-http', port: 4318 },
      query: { name: 'query', port: 16686 },
      health: { name: 'health', port: 13133 },
      metrics: { name: 'metrics', port: 8888 },
    },
    scrape: { job: 'jaeger', port: 'metrics', path: '/metrics' },
  }),
  alloy: component({
    name: 'alloy',
    labels: { name: 'alloy', component: 'log-shipper' },
    namespace: 'alloy',
    ports: { http: { name: 'http', port: 12345 } },
    priority: 'nodeAgent',
    scrape: { job: 'alloy', port: 'http', path: '/metrics' },
  }),
  nodeExporter: component({
    name: 'node-exporter',
    labels: { name: 'node-exporter', component: 'exporter' },
    namespace: 'nodeExporter',
    ports: { metrics: { name: 'metrics', port: 9100 } },
    priority: 'nodeAgent',
    scrape: { job: 'node-exporter', port: 'metrics' },
  }),
  kubeStateMetrics: component({
    name: 'kube-state-metrics',
    labels: { name: 'kube-state-metrics', component: 'exporter' },
    namespace: 'monitoring',
    ports: { metrics: { name: 'http-metrics', port: 8080 }, telemetry: { name: 'telemetry', port: 8081 } },
    priority: 'core',
    // Its series carry the namespace and pod they describe, so its own target labels must not win.
    scrape: { job: 'kube-state-metrics', port: 'metrics', honorLabels: true },
  }),
} as const;

export type Component = keyof typeof COMPONENTS;

/** The keys of a component's ports. */
export type PortKey<C extends Component> = keyof (typeof COMPONENTS)[C]['ports'];

/**
 * Jaeger's roles when it is scaled out (`jaeger.topology: 'scaled'`): each runs as its own Deployment,
 * Service and ConfigMap named and labelled as a role of the component (`componentRoleMeta`, as Loki's
 * targets are), and declares the ports of `ports`. The all-in-one Jaeger is both roles in one pod.
 */
export const JAEGER_ROLES = {
  /** Receives OTLP and writes spans to the shared backend. */
  collector: { ports: ['otlpGrpc', 'otlpHttp', 'health', 'metrics'] },
  /** Serves the UI and the query API from the shared backend. */
  query: { ports: ['query', 'health', 'metrics'] },
} as const satisfies Record<string, { readonly ports: readonly PortKey<'jaeger'>[] }>;

export type JaegerRole = keyof typeof JAEGER_ROLES;

/**
 * The config-reloader sidecar of the Prometheus pods, scraped as a job of its own on its own port:
 * its `reloader_*` series say whether its last reload of Prometheus succeeded.
 */
export const PROMETHEUS_RELOADER_SCRAPE: ScrapeIdentity<PortKey<'prometheus'>> = { job: 'prometheus-config-reloader', port: 'reloader' };

/** Headless Services, besides each component's own Service. */
export const HEADLESS_SERVICES = {
  /** Governs the Prometheus StatefulSet: a stable DNS name per replica. */
  prometheus: 'prometheus-headless',
  /** The Alertmanager pods: peer discovery, and every replica for Prometheus. */
  alertmanager: 'alertmanager-cluster',
  /** The Grafana pods of a replicated Grafana: its alerting's peer discovery. */
  grafana: 'grafana-cluster',
  /** Every Loki pod of the simple scalable deployment: memberlist's join address, and the StatefulSets' DNS domain. */
  lokiMemberlist: 'loki-memberlist',
} as const;

/** The namespace a component runs in. */
export function namespaceOf(component: Component, namespaces: StackNamespaces): string {
  return namespaces[COMPONENTS[component].namespace];
}

/** In-cluster DNS name of a Service. */
export function serviceHost(service: string, namespace: string): string {
  return `${service}.${namespace}.svc`;
}

/** `http://<service>.<namespace>.svc:<port><path>`. */
export function httpUrl(service: string, namespace: string, port: Port, path = ''): string {
  return `http://${serviceHost(service, namespace)}:${port.port}${path}`;
}
