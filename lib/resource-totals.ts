/**
 * What a synthesised environment asks the scheduler for: the CPU and memory requests of its pods,
 * counted as Kubernetes counts them, to size a cluster (and to keep dev within a laptop).
 */
import { quantityValue } from '../config/units';

/** CPU in cores, memory in bytes. */
export interface Requests {
  readonly cpu: number;
  readonly memory: number;
}

export interface RequestTotals {
  /** Deployments and StatefulSets: each pod's requests times its replicas (an autoscaled one's minimum). */
  readonly workloads: Requests;
  /** DaemonSets: one pod on every node. */
  readonly perNode: Requests;
}

/** The manifest fields read here. */
interface Manifest {
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string };
  readonly spec?: any;
}

/**
 * The replicas a workload runs at least: its own count, or, when it leaves the count to a
 * HorizontalPodAutoscaler, that autoscaler's minimum.
 */
export function minimumReplicas(workload: Manifest, objects: readonly Manifest[]): number {
  if (workload.spec?.replicas !== undefined) return workload.spec.replicas;
  const autoscaler = objects.find(
    (o) =>
      o.kind === 'HorizontalPodAutoscaler' &&
      o.metadata.namespace === workload.metadata.namespace &&
      o.spec?.scaleTargetRef?.kind === workload.kind &&
      o.spec?.scaleTargetRef?.name === workload.metadata.name,
  );
  // An unset replicas field means one, as the API server defaults it.
  return autoscaler?.spec.minReplicas ?? 1;
}

interface ContainerLike {
  readonly name: string;
  readonly resources?: { readonly requests?: { readonly cpu?: string; readonly memory?: string } };
}

const ZERO: Requests = { cpu: 0, memory: 0 };

function add(a: Requests, b: Requests, times = 1): Requests {
  return { cpu: a.cpu + b.cpu * times, memory: a.memory + b.memory * times };
}

function containerRequests(container: ContainerLike, where: string): Requests {
  const requests = container.resources?.requests ?? {};
  return {
    cpu: requests.cpu === undefined ? 0 : quantityValue(requests.cpu, `${where} container ${container.name}: requests.cpu`),
    memory: requests.memory === undefined ? 0 : quantityValue(requests.memory, `${where} container ${container.name}: requests.memory`),
  };
}

/**
 * A pod's effective requests, as the scheduler sees them: the sum of its containers, or the largest
 * init container if that is more (init containers run one at a time, before the others).
 */
export function podRequests(spec: { containers?: readonly ContainerLike[]; initContainers?: readonly ContainerLike[] }, where = 'pod'): Requests {
  const running = (spec.containers ?? []).reduce((sum, c) => add(sum, containerRequests(c, where)), ZERO);
  const init = (spec.initContainers ?? []).map((c) => containerRequests(c, where));
  return {
    cpu: Math.max(running.cpu, ...init.map((r) => r.cpu)),
    memory: Math.max(running.memory, ...init.map((r) => r.memory)),
  };
}

/** Requests of every Deployment, StatefulSet and DaemonSet among `objects`. */
export function requestTotals(objects: readonly Manifest[]): RequestTotals {
  let workloads = ZERO;
  let perNode = ZERO;
  for (const o of objects) {
    const where = `${o.kind} ${o.metadata.name}`;
    if (o.kind === 'Deployment' || o.kind === 'StatefulSet') {
      workloads = add(workloads, podRequests(o.spec.template.spec, where), minimumReplicas(o, objects));
    } else if (o.kind === 'DaemonSet') {
      perNode = add(perNode, podRequests(o.spec.template.spec, where));
    }
  }
  return { workloads, perNode };
}

/** The whole environment on a cluster of `nodes` nodes. */
export function totalOn(totals: RequestTotals, nodes: number): Requests {
  return add(totals.workloads, totals.perNode, nodes);
}

/** `1.35 CPU, 2.6 GiB`. */
export function formatRequests(requests: Requests): string {
  return `${Number(requests.cpu.toFixed(3))} CPU, ${Number((requests.memory / 2 ** 30).toFixed(2))} GiB`;
}
