/**
 * Evaluates Kubernetes NetworkPolicies as the API defines them, to prove which flows the generated
 * policies allow. A flow is allowed when the source may send it (egress) and the destination may
 * receive it (ingress). A pod that no policy of a direction selects is open in that direction.
 */

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] }[];
}

interface PolicyPort {
  protocol?: string;
  port?: number | string;
  endPort?: number;
}

interface PolicyPeer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: { cidr: string; except?: string[] };
}

export interface NetworkPolicy {
  metadata: { name: string; namespace: string };
  spec: {
    podSelector: LabelSelector;
    policyTypes?: ('Ingress' | 'Egress')[];
    ingress?: { from?: PolicyPeer[]; ports?: PolicyPort[] }[];
    egress?: { to?: PolicyPeer[]; ports?: PolicyPort[] }[];
  };
}

export interface PodEndpoint {
  kind: 'pod';
  namespace: string;
  labels: Record<string, string>;
  /** Named container ports, to resolve policies that name a port. */
  ports?: Record<string, number>;
}

/** A client outside the cluster (a user's browser, an ingress controller's upstream). */
export interface ExternalEndpoint {
  kind: 'external';
  ip: string;
}

export type Endpoint = PodEndpoint | ExternalEndpoint;

export interface Flow {
  from: Endpoint;
  to: PodEndpoint;
  port: number;
  protocol?: 'TCP' | 'UDP';
}

export function matchesSelector(selector: LabelSelector | undefined, labels: Record<string, string>): boolean {
  if (!selector) return true;
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = e.key in labels;
    switch (e.operator) {
      case 'In':
        if (!has || !(e.values ?? []).includes(labels[e.key])) return false;
        break;
      case 'NotIn':
        if (has && (e.values ?? []).includes(labels[e.key])) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
    }
  }
  return true;
}

function ipToNumber(ip: string): number {
  return ip.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);
}

function inCidr(ip: string, cidr: string): boolean {
  const [base, bits] = cidr.split('/');
  const size = 2 ** (32 - Number(bits));
  const start = Math.floor(ipToNumber(base) / size) * size;
  const n = ipToNumber(ip);
  return n >= start && n < start + size;
}

export class PolicyEvaluator {
  constructor(
    private readonly policies: NetworkPolicy[],
    /** Labels of every namespace, by name (namespaceSelector matches these). */
    private readonly namespaceLabels: Record<string, Record<string, string>>,
  ) {}

  private types(policy: NetworkPolicy): string[] {
    return policy.spec.policyTypes ?? ['Ingress', ...(policy.spec.egress ? ['Egress'] : [])];
  }

  private selecting(pod: PodEndpoint, type: 'Ingress' | 'Egress'): NetworkPolicy[] {
    return this.policies.filter(
      (p) => p.metadata.namespace === pod.namespace && this.types(p).includes(type) && matchesSelector(p.spec.podSelector, pod.labels),
    );
  }

  private peerMatches(peer: PolicyPeer, policyNamespace: string, other: Endpoint): boolean {
    if (peer.ipBlock) {
      // ipBlock is meant for traffic from outside the cluster; pod IPs are not modelled.
      return other.kind === 'external' && inCidr(other.ip, peer.ipBlock.cidr) && !(peer.ipBlock.except ?? []).some((c) => inCidr(other.ip, c));
    }
    if (other.kind === 'external') return false;
    const namespaceOk = peer.namespaceSelector
      ? matchesSelector(peer.namespaceSelector, this.namespaceLabels[other.namespace] ?? {})
      : other.namespace === policyNamespace;
    return namespaceOk && matchesSelector(peer.podSelector, other.labels);
  }

  private portMatches(ports: PolicyPort[] | undefined, flow: Flow, target: PodEndpoint | undefined): boolean {
    if (!ports || ports.length === 0) return true;
    const protocol = flow.protocol ?? 'TCP';
    return ports.some((p) => {
      if ((p.protocol ?? 'TCP') !== protocol) return false;
      if (p.port === undefined) return true;
      const number = typeof p.port === 'number' ? p.port : target?.ports?.[p.port];
      if (number === undefined) return false;
      return p.endPort ? flow.port >= number && flow.port <= p.endPort : flow.port === number;
    });
  }

  ingressAllowed(flow: Flow): boolean {
    const policies = this.selecting(flow.to, 'Ingress');
    if (policies.length === 0) return true;
    return policies.some((p) =>
      (p.spec.ingress ?? []).some(
        (rule) =>
          (!rule.from || rule.from.length === 0 || rule.from.some((peer) => this.peerMatches(peer, p.metadata.namespace, flow.from))) &&
          this.portMatches(rule.ports, flow, flow.to),
      ),
    );
  }

  egressAllowed(flow: Flow): boolean {
    if (flow.from.kind === 'external') return true;
    const policies = this.selecting(flow.from, 'Egress');
    if (policies.length === 0) return true;
    return policies.some((p) =>
      (p.spec.egress ?? []).some(
        (rule) =>
          (!rule.to || rule.to.length === 0 || rule.to.some((peer) => this.peerMatches(peer, p.metadata.namespace, flow.to))) &&
          this.portMatches(rule.ports, flow, flow.to),
      ),
    );
  }

  allowed(flow: Flow): boolean {
    return this.egressAllowed(flow) && this.ingressAllowed(flow);
  }
}
