import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config/types';
import * as k8s from '../imports/k8s';
import { USERS, type FlowPort, type NetworkFlow, type PodSet } from './flows';
import { recommendedLabels } from './labels';
import type { UserSource } from './network-policies-props';

/** The label the API server sets on every namespace (Kubernetes 1.21 and later): its name. */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/** Name of the policy that closes each namespace. */
export const DEFAULT_DENY_POLICY = 'default-deny-ingress';

export interface NetworkPoliciesProps {
  readonly config: EnvironmentConfig;
  /** The flows to allow. Flows into namespaces not in `namespaces` are left to those namespaces' owners. */
  readonly flows: readonly NetworkFlow[];
  /** The namespaces to close: each gets a default-deny-ingress policy and the allow policies of its pods. */
  readonly namespaces: readonly string[];
}

function peerOf(set: PodSet): k8s.NetworkPolicyPeer {
  return {
    namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: set.namespace } },
    podSelector: { matchLabels: { ...set.podLabels } },
  };
}

function userPeer(source: UserSource): k8s.NetworkPolicyPeer {
  if ('cidr' in source) return { ipBlock: { cidr: source.cidr, except: source.except?.length ? [...source.except] : undefined } };
  return {
    namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: source.namespace } },
    podSelector: { matchLabels: { ...(source.podLabels ?? {}) } },
  };
}

function policyPorts(ports: readonly FlowPort[]): k8s.NetworkPolicyPort[] {
  // Named ports: the policy follows the container port of that name, as Services do.
  return ports.map((p) => ({ port: k8s.IntOrString.fromString(p.name), protocol: p.protocol ?? 'TCP' }));
}

const labelKey = (labels: Readonly<Record<string, string>>) =>
  Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k]}`)
    .join(',');

/** A pod set's identity: its namespace and selector, whatever it is called. */
const setKey = (set: PodSet) => `${set.namespace}/${labelKey(set.podLabels)}`;

/**
 * Ingress NetworkPolicies for the stack: every namespace denies ingress by default, then one policy
 * per destination pod set admits exactly its flows, each source by namespace and pod labels (users
 * by `networkPolicies.userSources`) and only on the flow's named ports. Egress is left open: the
 * ingress side already confines every flow between the stack's pods, and closing egress would also
 * need DNS, the Kubernetes API, object storage and the notification receivers opened per cluster.
 */
export class NetworkPolicies extends Construct {
  /** The policies, by `<namespace>/<name>`. */
  public readonly policies: Readonly<Record<string, k8s.KubeNetworkPolicy>>;

  constructor(scope: Construct, id: string, props: NetworkPoliciesProps) {
    super(scope, id);
    const { config } = props;
    const labels = recommendedLabels({ name: 'network-policies', component: 'network-policy', environment: config.name });
    const policies: Record<string, k8s.KubeNetworkPolicy> = {};
    const add = (namespace: string, name: string, spec: k8s.NetworkPolicySpec) => {
      policies[`${namespace}/${name}`] = new k8s.KubeNetworkPolicy(this, `${namespace}-${name}`, { metadata: { name, namespace, labels }, spec });
    };

    const managed = new Set(props.namespaces);
    for (const namespace of props.namespaces) add(namespace, DEFAULT_DENY_POLICY, { podSelector: {}, policyTypes: ['Ingress'] });

    // Destination pod set → source → ports, in flow order, merging flows that share both ends.
    type Sources = Map<string, { from: NetworkFlow['from']; ports: FlowPort[] }>;
    const destinations = new Map<string, { to: PodSet; sources: Sources }>();
    for (const flow of props.flows) {
      if (!managed.has(flow.to.namespace)) continue;
      const destination = destinations.get(setKey(flow.to)) ?? { to: flow.to, sources: new Map() as Sources };
      destinations.set(setKey(flow.to), destination);
      const sourceKey = flow.from === USERS ? USERS : setKey(flow.from);
      const source = destination.sources.get(sourceKey) ?? { from: flow.from, ports: [] };
      destination.sources.set(sourceKey, source);
      for (const port of flow.ports) {
        if (!source.ports.some((p) => p.name === port.name && (p.protocol ?? 'TCP') === (port.protocol ?? 'TCP'))) source.ports.push(port);
      }
    }

    const names = new Map<string, PodSet>();
    for (const { to, sources } of destinations.values()) {
      const name = `${policyName(to.name)}-ingress`;
      const clash = names.get(`${to.namespace}/${name}`);
      if (clash) {
        throw new Error(
          `network policies: pod sets ${JSON.stringify(clash.name)} and ${JSON.stringify(to.name)} in namespace ${to.namespace} select different pods but would both get policy ${JSON.stringify(name)}. ` +
            'Give the extra scrape target a job name that differs from the stack\'s components.',
        );
      }
      names.set(`${to.namespace}/${name}`, to);
      const ingress: k8s.NetworkPolicyIngressRule[] = [];
      for (const { from, ports } of sources.values()) {
        const peers = from === USERS ? config.networkPolicies.userSources.map(userPeer) : [peerOf(from)];
        // An empty `from` would admit every source: without user sources, users get no rule at all.
        if (peers.length > 0) ingress.push({ from: peers, ports: policyPorts(ports) });
      }
      if (ingress.length === 0) continue;
      add(to.namespace, name, { podSelector: { matchLabels: { ...to.podLabels } }, policyTypes: ['Ingress'], ingress });
    }
    this.policies = policies;
  }
}

/** A pod set's name as part of a policy name (a DNS subdomain): lower case, other characters as `-`. */
function policyName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
