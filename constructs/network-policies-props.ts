/** The stack's NetworkPolicies in an environment: who may reach it, their defaults and their checks. */
import { isIP } from 'node:net';
import { ListOf, OpenMap, type KeyRecord } from '../config/keys';
import { show } from '../config/units';
import { checkDnsLabel, checkLabelSelector } from './workload-props';

/** Who may reach the user-facing ports (Grafana's and the API's HTTP ports). */
export type UserSource =
  /** Clients by address, outside the cluster: a load balancer's, a VPN's or an office's range. */
  | { readonly cidr: string; readonly except?: readonly string[] }
  /** Pods of a namespace, such as an ingress controller's. */
  | {
      readonly namespace: string;
      /** @default - every pod of the namespace */
      readonly podLabels?: Readonly<Record<string, string>>;
    };

/** Ingress NetworkPolicies for the stack's namespaces (see README, "Network policies"). */
export interface NetworkPoliciesSettings {
  /** Deny ingress by default in the stack's namespaces and allow exactly the flows of `constructs/flows.ts`. */
  readonly enabled: boolean;
  /**
   * Where users reach Grafana and the API from. An empty list leaves both reachable only through
   * `kubectl port-forward`, which NetworkPolicies do not filter.
   */
  readonly userSources: readonly UserSource[];
}

// Closed by default; dev opts out. Users are clients outside the cluster, from any address.
export const NETWORK_POLICIES_DEFAULTS: NetworkPoliciesSettings = { enabled: true, userSources: [{ cidr: '0.0.0.0/0' }, { cidr: '::/0' }] };

/** Keys without a default (see config/keys.ts): a source is either { cidr, except } or { namespace, podLabels }. */
export const NETWORK_POLICIES_OPTIONAL_KEYS: KeyRecord = {
  userSources: new ListOf({ cidr: true, except: true, namespace: true, podLabels: new OpenMap() }),
};

/** An IPv4 or IPv6 CIDR as a prefix length and the address as a number; undefined if malformed. */
function parseCidr(value: string): { family: 4 | 6; bits: number; address: bigint } | undefined {
  const match = /^([^/]+)\/(\d{1,3})$/.exec(typeof value === 'string' ? value : '');
  const family = match ? isIP(match[1]) : 0;
  if (!match || (family !== 4 && family !== 6)) return undefined;
  const bits = Number(match[2]);
  if (bits > (family === 4 ? 32 : 128)) return undefined;
  let address = 0n;
  if (family === 4) {
    for (const part of match[1].split('.')) address = address * 256n + BigInt(part);
  } else {
    // Expand "::" into the missing zero groups, then read eight 16-bit groups.
    const [head, tail] = match[1].split('::');
    const groups = (text: string | undefined) => (text ? text.split(':') : []);
    const all = tail === undefined ? groups(head) : [...groups(head), ...Array(8 - groups(head).length - groups(tail).length).fill('0'), ...groups(tail)];
    if (all.length !== 8) return undefined; // embedded IPv4 notation is not accepted here
    for (const group of all) address = address * 65536n + BigInt(`0x${group}`);
  }
  return { family, bits, address };
}

/** @param env names the environment in messages, e.g. `environment "prod"` */
export function checkNetworkPoliciesSettings(policies: NetworkPoliciesSettings, env: string): void {
  if (typeof policies?.enabled !== 'boolean') {
    throw new Error(`${env}: networkPolicies.enabled: ${JSON.stringify(policies?.enabled)} is not true or false. Set true to generate the stack's NetworkPolicies.`);
  }
  if (!Array.isArray(policies.userSources)) {
    throw new Error(`${env}: networkPolicies.userSources: expected a list of { cidr } or { namespace } sources, got ${JSON.stringify(policies.userSources)}.`);
  }
  policies.userSources.forEach((source, i) => {
    const at = `${env}: networkPolicies.userSources[${i}]`;
    if (typeof source !== 'object' || source === null || ('namespace' in source) === ('cidr' in source)) {
      throw new Error(
        `${at}: ${show(source)} is not one source. Give either { cidr: "203.0.113.0/24" } (clients by address) or { namespace: "ingress-nginx" } (pods of a namespace), not both.`,
      );
    }
    if ('namespace' in source) {
      checkDnsLabel(source.namespace, `${at}.namespace`);
      checkLabelSelector(source.podLabels, `${at}.podLabels`);
      return;
    }
    const cidr = parseCidr(source.cidr);
    const width = cidr?.family === 4 ? 32 : 128;
    if (!cidr || cidr.address % (1n << BigInt(width - cidr.bits)) !== 0n) {
      throw new Error(
        `${at}.cidr: ${JSON.stringify(source.cidr)} is not a network in CIDR notation. ` +
          'Give the network address and prefix length with the host bits zero, for example "203.0.113.0/24" or "2001:db8::/32".',
      );
    }
    for (const except of source.except ?? []) {
      const inner = parseCidr(except);
      const inside =
        inner !== undefined && inner.family === cidr.family && inner.bits > cidr.bits && inner.address >> BigInt(width - cidr.bits) === cidr.address >> BigInt(width - cidr.bits);
      if (!inside) {
        throw new Error(`${at}.except: ${JSON.stringify(except)} is not a smaller network inside ${source.cidr}, which Kubernetes requires. List only ranges within the cidr.`);
      }
    }
  });
}
