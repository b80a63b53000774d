/** Alloy's settings in an environment (one pod per node), their defaults and their checks. */
import type { KeyRecord } from '../config/keys';
import { checkOwnNamespace, checkResources, requestsAndLimit, type DaemonSettings, WORKLOAD_OPTIONAL_KEYS } from './workload-props';

/** Alloy keeps its read positions in a directory on each node, so it runs in a namespace of its own. */
export interface AlloySettings extends DaemonSettings {
  /**
   * Namespace of Alloy alone; its Pod Security level is `privileged`, the only level that allows a
   * host directory (`/var/lib/alloy/<namespace>` on each node, where the read positions survive a
   * re-created pod).
   */
  readonly namespace: string;
}

export const ALLOY_DEFAULTS: AlloySettings = { namespace: 'alloy', resources: requestsAndLimit('50m', '128Mi', '256Mi') };

/** Keys without a default (see config/keys.ts). */
export const ALLOY_OPTIONAL_KEYS: KeyRecord = WORKLOAD_OPTIONAL_KEYS;

/**
 * @param env names the environment in messages, e.g. `environment "prod"`
 * @param others the environment's other namespaces (platform, monitoring, node-exporter), which Alloy must not share
 */
export function checkAlloySettings(settings: AlloySettings, env: string, others: readonly string[]): void {
  checkResources(settings.resources, `${env}: alloy.resources`);
  checkOwnNamespace(settings.namespace, `${env}: alloy.namespace`);
  if (others.includes(settings.namespace)) {
    throw new Error(
      `${env}: alloy.namespace ${JSON.stringify(settings.namespace)} is also the platform, monitoring or node-exporter namespace. ` +
        'Give Alloy a namespace of its own (e.g. "alloy"): it allows a host directory, which the others must not.',
    );
  }
}
