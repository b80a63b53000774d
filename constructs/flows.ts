/**
 * The network flows the stack needs, defined once. The NetworkPolicies (`network-policies.ts`),
 * `docs/network-flows.md` and the diagram in `docs/architecture.md` are all generated from here, so
 * the picture, the documented matrix and what the cluster enforces cannot drift apart.
 */
import type { EnvironmentConfig } from '../config/types';
import { COMPONENTS, namespaceOf, type Component, type Port, type PortKey } from './identity';
import type { ScrapeTarget } from './prometheus-props';
import { componentRoleName, componentRoleSelector, componentSelector, stackNamespaces } from './workload';

/** A component that runs pods. */
export type Workload = Component;

/** People and systems outside the stack reaching its user-facing ports (see `networkPolicies.userSources`). */
export const USERS = 'users';

/**
 * A flow between two workloads (or from users), its ports named as in the destination's `ports`.
 * A workload that runs several kinds of pods (Loki's simple scalable targets) is narrowed to one
 * kind by `fromRole` / `toRole`; `when` limits a flow to the environments whose shape needs it.
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
  { from: 'grafana', to: 'jaeger', ports: ['query'], purpose: 'trace queries (datasource)' },
  { from: 'grafana', to: 'alertmanager', ports: ['web'], purpose: 'alerts and silences (datasource)' },
  { from: 'prometheus', to: 'alertmanager', ports: ['web'], purpose: 'alert delivery to every replica' },
  { from: 'alertmanager', to: 'alertmanager', ports: ['mesh', 'meshUdp'], purpose: 'cluster gossip between replicas' },
  { from: 'alloy', to: 'loki', ports: ['http'], purpose: 'log push', when: lokiMonolithic },
  { from: 'alloy', to: 'loki', toRole: 'write', ports: ['http'], purpose: 'log push', when: lokiSimpleScalable },
  // Loki's simple scalable deployment: its targets' rings gossip, and the read path calls the others over gRPC.
  { from: 'loki', to: 'loki', ports: ['memberlist'], purpose: 'ring gossip (memberlist) between every Loki pod', when: lokiSimpleScalable },
  { from: 'loki', fromRole: 'write', to: 'loki', toRole: 'write', ports: ['grpc'], purpose: 'distributors send each stream to its ingesters', when: lokiSimpleScalable },
  { from: 'loki', fromRole: 'read', to: 'loki', toRole: 'write', ports: ['grpc'], purpose: 'queriers read recent lines from the ingesters', when: lokiSimpleScalable },
  { from: 'loki', fromRole: 'read', to: 'loki', toRole: 'backend', ports: ['grpc'], purpose: 'query scheduler, index gateway and compactor', when: lokiSimpleScalable },
  { from: 'loki', fromRole: 'read', to: 'loki', toRole: 'read', ports: ['grpc'], purpose: 'queriers return results to the query frontend', when: lokiSimpleScalable },
  { from: 'api', to: 'jaeger', ports: ['otlpGrpc', 'otlpHttp'], purpose: 'traces (OTLP)' },
];

/** A set of pods: the end of a flow. */
export interface PodSet {
  /** Short name in docs and policy names: the component's Service name, or a scrape job's name. */
  readonly name: string;
  readonly namespace: string;
  /** Labels that select exactly these pods. */
  readonly podLabels: Readonly<Record<string, string>>;
}

/** One allowed flow, resolved for an environment. */
export interface NetworkFlow {
  readonly from: PodSet | typeof USERS;
  readonly to: PodSet;
  readonly ports: readonly Port[];
  readonly purpose: string;
}

/** The pods of a workload in an environment, or of one `role` of it. */
export function podSet(config: EnvironmentConfig, workload: Workload, role?: string): PodSet {
  return {
    name: role === undefined ? COMPONENTS[workload].name : componentRoleName(workload, role),
    namespace: namespaceOf(workload, stackNamespaces(config)),
    podLabels: role === undefined ? componentSelector(config, workload) : componentRoleSelector(config, workload, role),
  };
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
 * Every flow of an environment's stack: the fixed ones of `FLOW_DEFINITIONS`, then Prometheus to
 * each scrape target's metrics port, in the order given (Prometheus's own target included).
 */
export function stackFlows(config: EnvironmentConfig, scrapeTargets: readonly ScrapeTarget[]): NetworkFlow[] {
  const fixed = FLOW_DEFINITIONS.filter((flow) => flow.when?.(config) ?? true).map(
    (flow): NetworkFlow => ({
      from: flow.from === USERS ? USERS : podSet(config, flow.from, flow.fromRole),
      to: podSet(config, flow.to, flow.toRole),
      ports: flow.ports.map((key) => (COMPONENTS[flow.to].ports as Readonly<Record<string, Port>>)[key as string]),
      purpose: flow.purpose,
    }),
  );
  const prometheus = podSet(config, 'prometheus');
  const scrapes = scrapeTargets.map(
    (target): NetworkFlow => ({ from: prometheus, to: scrapedPodSet(config, target), ports: [target.port], purpose: `metrics scrape (job "${target.job}")` }),
  );
  return [...fixed, ...scrapes];
}

/** `users` or the pod set's name. */
export function flowSourceName(from: NetworkFlow['from']): string {
  return from === USERS ? USERS : from.name;
}

/** `9090/TCP (web)`. */
export function portText(port: Port): string {
  return `${port.port}/${port.protocol ?? 'TCP'} (${port.name})`;
}
