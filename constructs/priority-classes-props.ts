/**
 * The PriorityClasses of the stack's pods in an environment, their defaults and their checks. Two
 * roles: the node agents (one pod per node, which a full node must keep) and the monitoring core
 * (what detects and notifies). Which components take which role is part of their identity
 * (`priority` in constructs/identity.ts).
 */
import type { KeyRecord } from '../config/keys';
import { show } from '../config/units';
import type { PriorityRole } from './identity';
import { checkDnsSubdomain } from './workload-props';

export type PreemptionPolicy = 'PreemptLowerPriority' | 'Never';
const PREEMPTION_POLICIES: readonly PreemptionPolicy[] = ['PreemptLowerPriority', 'Never'];

export interface PriorityClassSettings {
  /** Give the role's pods a PriorityClass; false leaves them at the cluster's default priority. */
  readonly enabled: boolean;
  /**
   * Value of the class the stack creates: pods of higher value are scheduled first and evicted last.
   * At most 1000000000 (larger values are reserved for Kubernetes's own classes).
   */
  readonly value: number;
  /** Whether the role's pods may evict lower-priority pods to be scheduled. */
  readonly preemptionPolicy: PreemptionPolicy;
  /**
   * Name of the class the stack creates. PriorityClasses are cluster-scoped, so the default carries
   * the monitoring namespace: two environments in one cluster each have their own.
   * @default - `<monitoring namespace>-node-agent` and `<monitoring namespace>-core`
   */
  readonly name?: string;
  /**
   * Name of a PriorityClass the cluster already has (a cluster that reserves or quotas its priority
   * classes): the pods take it and the stack creates none; `value` and `preemptionPolicy` are then
   * the existing class's.
   * @default - the stack creates its own class
   */
  readonly existing?: string;
}

export type PriorityClassesSettings = { readonly [R in PriorityRole]: PriorityClassSettings };

export const PRIORITY_CLASSES_DEFAULTS: PriorityClassesSettings = {
  // A DaemonSet pod can run only on its own node: on a full node it must be able to preempt.
  nodeAgent: { enabled: true, value: 1_000_000, preemptionPolicy: 'PreemptLowerPriority' },
  // Scheduled first and evicted last, but never evicting the platform's own pods to get a place.
  core: { enabled: true, value: 100_000, preemptionPolicy: 'Never' },
};

/** Keys without a default (see config/keys.ts). */
export const PRIORITY_CLASSES_OPTIONAL_KEYS: KeyRecord = { nodeAgent: { name: true, existing: true }, core: { name: true, existing: true } };

const DEFAULT_SUFFIX: { readonly [R in PriorityRole]: string } = { nodeAgent: 'node-agent', core: 'core' };

/** The highest value a class outside Kubernetes's own may have. */
export const MAX_USER_PRIORITY = 1_000_000_000;

/** The class a role's pods run at in an environment, and whether the stack creates it. */
export interface ResolvedPriorityClass {
  readonly name: string;
  readonly create: boolean;
}

/** The class of `role`'s pods, or undefined when the role has none. */
export function priorityClassOf(settings: PriorityClassesSettings, role: PriorityRole, monitoringNamespace: string): ResolvedPriorityClass | undefined {
  const chosen = settings[role];
  if (!chosen.enabled) return undefined;
  if (chosen.existing !== undefined) return { name: chosen.existing, create: false };
  return { name: chosen.name ?? `${monitoringNamespace}-${DEFAULT_SUFFIX[role]}`, create: true };
}

/**
 * @param env names the environment in messages, e.g. `environment "prod"`
 * @param monitoringNamespace the namespace default names start with
 */
export function checkPriorityClassesSettings(settings: PriorityClassesSettings, env: string, monitoringNamespace: string): void {
  for (const role of Object.keys(PRIORITY_CLASSES_DEFAULTS) as PriorityRole[]) {
    const s = settings[role];
    const at = `${env}: priorityClasses.${role}`;
    if (typeof s.enabled !== 'boolean') {
      throw new Error(`${at}.enabled: ${show(s.enabled)} is not true or false. Set false to leave these pods at the cluster's default priority.`);
    }
    if (!Number.isInteger(s.value) || s.value < 1 || s.value > MAX_USER_PRIORITY) {
      throw new Error(
        `${at}.value: ${show(s.value)} is not a priority the stack can create. ` +
          `Give a whole number from 1 to ${MAX_USER_PRIORITY} (larger values are reserved for Kubernetes's system classes), e.g. ${PRIORITY_CLASSES_DEFAULTS[role].value}.`,
      );
    }
    if (!PREEMPTION_POLICIES.includes(s.preemptionPolicy)) {
      throw new Error(`${at}.preemptionPolicy: ${show(s.preemptionPolicy)} is not a preemption policy. Use one of ${PREEMPTION_POLICIES.map((p) => show(p)).join(', ')}.`);
    }
    if (s.name !== undefined && s.existing !== undefined) {
      throw new Error(
        `${at}: both name ${show(s.name)} and existing ${show(s.existing)} are set. ` +
          'Set name to rename the class the stack creates, or existing to use a class the cluster already has, not both.',
      );
    }
    for (const field of ['name', 'existing'] as const) {
      const value = s[field];
      if (value === undefined) continue;
      checkDnsSubdomain(value, `${at}.${field}`, `${monitoringNamespace}-${DEFAULT_SUFFIX[role]}`);
      if (value.startsWith('system-')) {
        throw new Error(
          `${at}.${field}: ${show(value)} is a name Kubernetes reserves for its own classes` +
            (field === 'existing'
              ? ', which admit pods only in kube-system or in a namespace whose ResourceQuota is scoped to them. '
              : '; the API server refuses to create it. ') +
            `Give a class of the cluster's own or leave ${field} out to use the stack's, e.g. ${show(`${monitoringNamespace}-${DEFAULT_SUFFIX[role]}`)}.`,
        );
      }
    }
  }
  const agent = priorityClassOf(settings, 'nodeAgent', monitoringNamespace);
  const core = priorityClassOf(settings, 'core', monitoringNamespace);
  if (agent?.create && core?.create) {
    if (agent.name === core.name) {
      throw new Error(
        `${env}: priorityClasses.core.name: ${show(core.name)} is also the node agents' class, and the stack would create it twice. ` +
          'Give each class its own name, or set existing on one of them to share a class the cluster already has.',
      );
    }
    if (settings.nodeAgent.value <= settings.core.value) {
      throw new Error(
        `${env}: priorityClasses.nodeAgent.value: ${settings.nodeAgent.value} is not above priorityClasses.core.value ${settings.core.value}. ` +
          "A node agent runs only on its own node and must be able to preempt there: give it the higher value, e.g. nodeAgent.value 1000000 and core.value 100000.",
      );
    }
  }
}
