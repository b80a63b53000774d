/**
 * The network flows the stack needs, defined once. The NetworkPolicies (`network-policies.ts`),
 * `docs/network-flows.md` and the diagram in `docs/architecture.md` are all generated from here, so
 * the picture, the documented matrix and what the cluster enforces cannot drift apart.
 */
import type { EnvironmentConfig } from '../config/types';
import { COMPONENTS, namespaceOf, type Component, type Port, type PortKey } from './identity';
import { podDiscoveryOf, type ScrapeTarget } from './prometheus-props';
import { componentRoleName, componentRoleSelector, componentSelector, stackNamespaces } from './workload';

/** A component that runs pods. */
export type Workload = Component;

/** People and systems outside the stack reaching its user-facing ports (see `networkPolicies.userSources`). */
export const USERS = 'users';

/** The pod set users come through to a component that has an Ingress. */
export const INGRESS_CONTROLLER = 'ingress-controller';

/**
 * A flow between two workloads (or from users), its ports named as in the destination's `ports`.
 * A workload that runs several kinds of pods (Loki's simple scalable targets, Jaeger's collectors and
 * query when scaled out) is narrowed to one kind by `fromRole` / `toRole`; `when` limits a flow to the
 * environments whose shape needs it.
 */
export type FlowDefinition = {
  readonly [W in Workload]: {
    readonly from: Workload | typeof USERS;
    /** @default - every pod of `from` */
    readonly fromRole?: string;
    readonly to: W;
    /** @default - every pod of `to` */
    readonly toRole?: string;
    readonly ports: readonly PortKey<W>[];
    /** Why the flow exists, shown in the docs. */
    readonly purpose: string;
    /** @default - every environment */
    readonly when?: (config: EnvironmentConfig) => boolean;
  };
}[Workload];

const lokiMonolithic = (config: EnvironmentConfig) => config.loki.deployment.mode === 'monolithic';
const lokiSimpleScalable = (config: EnvironmentConfig) => config.loki.deployment.mode === 'simple-scalable';

/**
 * Every flow between the stack's pods apart from scraping, which `stackFlows` derives from the
 * scrape targets so that a new target is reachable as soon as it is added.
 */
export const FLOW_DEFINITIONS: readonly FlowDefinition[] = [
  { from: USERS, to: 'grafana', ports: ['http'], purpose: 'dashboards and Explore' },
  { from: USERS, to: 'api', ports: ['http'], purpose: 'the platform API' },
  { from: 'grafana', to: 'prometheus', ports: ['web'], purpose: 'metric queries (datasource)' },
  { from: 'grafana', to: 'loki', ports: ['http'], purpose: 'log queries (datasource)', when: lokiMonolithic },
  { from: 'grafana', to: 'loki', toRole: 'read', ports: ['http'], purpose: 'log queries (datasource)', when: lokiSimpleScalable },
  { from: 'grafana', to: 'jaeger', toRole: 'query', ports: ['query'], purpose: 'trace queries (datasource)' },
  { from: 'grafana', to: 'alertmanager', ports: ['web'], purpose: 'alerts and silences (datasource)' },
  { from: 'prometheus', to: 'alertmanager', ports: ['web'], purpose: 'alert delivery to every replica' },
  { from: 'alertmanager', to: 'alertmanager', ports: ['mesh', 'meshUdp'], purpose: 'cluster gossip between replicas' },
  // Only several replicas (on PostgreSQL) declare the gossip ports.
  { from: 'grafana', to: 'grafana', ports: ['gossip', 'gossipUdp'], purpose: 'alerting gossip between replicas', when: (config) => config.grafana.replicas > 1 },
  { from: 'alloy', to: 'loki', ports: ['http'], purpose: 'log push', when: lokiMonolithic },
  { from: 'alloy', to: 'loki', toRole: 'write', ports: ['http'], purpose: 'log push', when: lokiSimpleScalable },
  // Loki's simple scalable deployment: its targets' rings gossip, and the read path calls the others over gRPC.
  { from: 'loki', to: 'loki', ports: ['memberlist'], purpose: 'ring gossip (memberlist) between every Loki pod', when: lokiSimpleScalable },
  { from: 'loki', fromRole: 'write', to: 'loki', toRole: 'write', ports: ['grpc'], purpose: 'distributors send each stream to its ingesters', when: lokiSimpleScalable },
  { from: 'loki', fromRole: 'read', to: 'loki', toRole: 'write', ports: ['grpc'], purpose: 'queriers read recent lines from the ingesters', when: lokiSimpleScalable },
  { from: 'loki', fromRole: 'read', to: 'loki', toRole: 'backend', ports: ['grpc'], purpose: 'query scheduler, index gateway and compactor', when: lokiSimpleScalable },
  { from: 'loki', fromRole: 'read', to: 'loki', toRole: 'read', ports: ['grpc'], purpose: 'queriers return results to the query frontend', when: lokiSimpleScalable },
  { from: 'api', to: 'jaeger', toRole: 'collector', ports: ['otlpGrpc', 'otlpHttp'], purpose: 'traces (OTLP)' },
];

/** A set of pods: the end of a flow. */
export interface PodSet {
  /** Short name in docs and policy names: the component's Service name, or a scrape job's name. */
  readonly name: string;
  readonly namespace: string;
  /** Labels that select exactly these pods. */
  readonly podLabels: Readonly<Record<string, string>>;
}

/**
 * A destination port: a component's, or, for pods that opt in to scraping, a name alone (each pod
 * chooses its number; policies admit the named port whatever it is).
 */
export type FlowPort = Port | (Omit<Port, 'port'> & { readonly port?: undefined });

/** One allowed flow, resolved for an environment. */
export interface NetworkFlow {
  readonly from: PodSet | typeof USERS;
  readonly to: PodSet;
  readonly ports: readonly FlowPort[];
  readonly purpose: string;
}

/**
 * The pods of a workload in an environment, or of one `role` of it: Loki's simple scalable targets,
 * Jaeger's collectors or query when scaled out (all-in-one, Jaeger's one workload has every role).
 */
export function podSet(config: EnvironmentConfig, workload: Workload, role?: string): PodSet {
  const set = {
    name: COMPONENTS[workload].name,
    namespace: namespaceOf(workload, stackNamespaces(config)),
    podLabels: componentSelector(config, workload),
  };
  if (role === undefined || (workload === 'jaeger' && config.jaeger.topology !== 'scaled')) return set;
  return { ...set, name: componentRoleName(workload, role), podLabels: componentRoleSelector(config, workload, role) };
}

function sameLabels(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}

/**
 * The pod set a scrape target selects: the workload's own when the target selects a workload's
 * pods, otherwise a set named after the job (an environment's extra scrape target).
 */
export function scrapedPodSet(config: EnvironmentConfig, target: ScrapeTarget): PodSet {
  const known = (Object.keys(COMPONENTS) as Workload[])
    .map((w) => podSet(config, w))
    .find((set) => set.namespace === target.namespace && sameLabels(set.podLabels, target.podLabels));
  return known ?? { name: target.job, namespace: target.namespace, podLabels: target.podLabels };
}

/**
 * Where users reach a component from: with an Ingress, the pods of its ingress controller (and no
 * one else); otherwise `networkPolicies.userSources`.
 */
export function usersOf(config: EnvironmentConfig, workload: Workload): PodSet | typeof USERS {
  const ingress = workload === 'grafana' || workload === 'api' ? config[workload].ingress : undefined;
  if (ingress === undefined) return USERS;
  return { name: INGRESS_CONTROLLER, namespace: ingress.controller.namespace, podLabels: ingress.controller.podLabels ?? {} };
}

/**
 * Every flow of an environment's stack: the fixed ones of `FLOW_DEFINITIONS`, then Prometheus to
 * each scrape target's metrics port, in the order given (Prometheus's own target included).
 */
export function stackFlows(config: EnvironmentConfig, scrapeTargets: readonly ScrapeTarget[]): NetworkFlow[] {
  const fixed = FLOW_DEFINITIONS.filter((flow) => flow.when?.(config) ?? true).map(
    (flow): NetworkFlow => ({
      from: flow.from === USERS ? usersOf(config, flow.to) : podSet(config, flow.from, flow.fromRole),
      to: podSet(config, flow.to, flow.toRole),
      ports: flow.ports.map((key) => (COMPONENTS[flow.to].ports as Readonly<Record<string, Port>>)[key as string]),
      purpose: flow.purpose,
    }),
  );
  const prometheus = podSet(config, 'prometheus');
  const scrapes = scrapeTargets.map(
    (target): NetworkFlow => ({ from: prometheus, to: scrapedPodSet(config, target), ports: [target.port], purpose: `metrics scrape (job "${target.job}")` }),
  );
  return [...fixed, ...scrapes, ...podDiscoveryFlows(config)];
}

/** Name of the pod set of the pods that opt in to scraping, in each allowed namespace. */
export const OPTED_IN_PODS = 'opted-in-pods';

/**
 * Prometheus to the metrics port of every pod that opts in (`prometheus.podDiscovery`), one flow per
 * allowed namespace. The NetworkPolicies admit those of the namespaces the stack manages; the
 * owners of the others add the same rule (README, "Scrape your pods without changing this repository").
 */
export function podDiscoveryFlows(config: EnvironmentConfig): NetworkFlow[] {
  const discovery = podDiscoveryOf(config.prometheus);
  if (!discovery) return [];
  const prometheus = podSet(config, 'prometheus');
  return discovery.namespaces.map((namespace) => ({
    from: prometheus,
    to: { name: OPTED_IN_PODS, namespace, podLabels: { [discovery.label]: 'true' } },
    ports: [{ name: discovery.port }],
    purpose: `metrics scrape of pods that opt in (job "<namespace>/<name>")`,
  }));
}

/** `users` or the pod set's name. */
export function flowSourceName(from: NetworkFlow['from']): string {
  return from === USERS ? USERS : from.name;
}

/** `9090/TCP (web)`; a port known by name alone: `metrics/TCP (named port)`. */
export function portText(port: FlowPort): string {
  return port.port === undefined ? `${port.name}/${port.protocol ?? 'TCP'} (named port)` : `${port.port}/${port.protocol ?? 'TCP'} (${port.name})`;
}
