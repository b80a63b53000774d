/**
 * What every workload with more than one replica gets, so that losing a node or draining one for
 * maintenance never takes all of its replicas at once.
 */
import type { Construct } from 'constructs';
import * as k8s from '../imports/k8s';

/** The node label that anti-affinity spreads replicas over. */
export const NODE_TOPOLOGY_KEY = 'kubernetes.io/hostname';

export interface ReplicaSpreadProps {
  readonly name: string;
  readonly namespace: string;
  /** Labels of the PodDisruptionBudget itself. */
  readonly labels: Readonly<Record<string, string>>;
  /** Labels that select exactly the workload's pods. */
  readonly selector: Readonly<Record<string, string>>;
  readonly replicas: number;
}

export interface ReplicaSpread {
  /** For the pod template; `undefined` with one replica. */
  readonly affinity?: k8s.Affinity;
  /** Created with more than one replica. */
  readonly podDisruptionBudget?: k8s.KubePodDisruptionBudget;
}

/**
 * With more than one replica: a preferred pod anti-affinity per node, and a PodDisruptionBudget
 * that lets voluntary evictions (node drains, cluster upgrades) take one replica at a time.
 * Preferred rather than required, so that a cluster with fewer nodes than replicas still runs
 * them all. One replica gets neither: a budget would block every drain of its node.
 */
export function spreadReplicas(scope: Construct, props: ReplicaSpreadProps): ReplicaSpread {
  if (props.replicas <= 1) return {};
  const affinity: k8s.Affinity = {
    podAntiAffinity: {
      preferredDuringSchedulingIgnoredDuringExecution: [
        { weight: 100, podAffinityTerm: { topologyKey: NODE_TOPOLOGY_KEY, labelSelector: { matchLabels: { ...props.selector } } } },
      ],
    },
  };
  const podDisruptionBudget = new k8s.KubePodDisruptionBudget(scope, 'PodDisruptionBudget', {
    metadata: { name: props.name, namespace: props.namespace, labels: { ...props.labels } },
    spec: { maxUnavailable: k8s.IntOrString.fromNumber(1), selector: { matchLabels: { ...props.selector } } },
  });
  return { affinity, podDisruptionBudget };
}
