/** Alloy's settings in an environment (one pod per node), their defaults and their checks. */
import type { KeyRecord } from '../config/keys';
import { checkResources, requestsAndLimit, type DaemonSettings, WORKLOAD_OPTIONAL_KEYS } from './workload-props';

export type AlloySettings = DaemonSettings;

export const ALLOY_DEFAULTS: AlloySettings = { resources: requestsAndLimit('50m', '128Mi', '256Mi') };

/** Keys without a default (see config/keys.ts). */
export const ALLOY_OPTIONAL_KEYS: KeyRecord = WORKLOAD_OPTIONAL_KEYS;

/** @param env names the environment in messages, e.g. `environment "prod"` */
export function checkAlloySettings(settings: AlloySettings, env: string): void {
  checkResources(settings.resources, `${env}: alloy.resources`);
}
