/**
 * What every workload with more than one replica gets, so that losing a node or a zone, or draining
 * a node for maintenance, never takes all of its replicas at once.
 */
import type { Construct } from 'constructs';
import * as k8s from '../imports/k8s';

/** The node label that anti-affinity spreads replicas over. */
export const NODE_TOPOLOGY_KEY = 'kubernetes.io/hostname';
/** The well-known node label of a node's zone, which cloud providers set. */
export const ZONE_TOPOLOGY_KEY = 'topology.kubernetes.io/zone';

export interface ReplicaSpreadProps {
  readonly name: string;
  readonly namespace: string;
  /** Labels of the PodDisruptionBudget itself. */
  readonly labels: Readonly<Record<string, string>>;
  /** Labels that select exactly the workload's pods. */
  readonly selector: Readonly<Record<string, string>>;
  /** The most replicas it runs at once (an autoscaled workload's minimum is what `replicas` is). */
  readonly replicas: number;
}

/** The pod template fields that place the replicas: both set with more than one replica, neither with one. */
export interface ReplicaPlacement {
  readonly affinity?: k8s.Affinity;
  readonly topologySpreadConstraints?: k8s.TopologySpreadConstraint[];
}

export interface ReplicaSpread {
  /** Spread into the pod template's spec (`...spread.placement`), so that no workload takes one without the other. */
  readonly placement: ReplicaPlacement;
  /** Created with more than one replica. */
  readonly podDisruptionBudget?: k8s.KubePodDisruptionBudget;
}

/**
 * With more than one replica: a preferred pod anti-affinity per node, a spread over zones, and a
 * PodDisruptionBudget that lets voluntary evictions (node drains, cluster upgrades) take one
 * replica at a time. Both placements are preferences (`preferred…`, `ScheduleAnyway`), so that a
 * cluster with fewer nodes than replicas, or one zone or none labelled, still runs them all. One
 * replica gets none of these: there is nothing to spread, and a budget would only get in the way.
 * The pod template takes both placements at once, `...spread.placement`.
 */
export function spreadReplicas(scope: Construct, props: ReplicaSpreadProps): ReplicaSpread {
  if (props.replicas <= 1) return { placement: {} };
  const affinity: k8s.Affinity = {
    podAntiAffinity: {
      preferredDuringSchedulingIgnoredDuringExecution: [
        { weight: 100, podAffinityTerm: { topologyKey: NODE_TOPOLOGY_KEY, labelSelector: { matchLabels: { ...props.selector } } } },
      ],
    },
  };
  const topologySpreadConstraints: k8s.TopologySpreadConstraint[] = [
    { maxSkew: 1, topologyKey: ZONE_TOPOLOGY_KEY, whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { ...props.selector } } },
  ];
  // maxUnavailable rather than minAvailable: it stays one pod whatever the replica count, so it
  // holds unchanged while an autoscaler moves the count.
  const podDisruptionBudget = new k8s.KubePodDisruptionBudget(scope, 'PodDisruptionBudget', {
    metadata: { name: props.name, namespace: props.namespace, labels: { ...props.labels } },
    spec: { maxUnavailable: k8s.IntOrString.fromNumber(1), selector: { matchLabels: { ...props.selector } } },
  });
  return { placement: { affinity, topologySpreadConstraints }, podDisruptionBudget };
}
