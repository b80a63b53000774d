/** Alloy's settings in an environment (one pod per node), their defaults and their checks. */
import { checkResources, requestsAndLimit, type DaemonSettings } from './workload-props';

export type AlloySettings = DaemonSettings;

export const ALLOY_DEFAULTS: AlloySettings = { resources: requestsAndLimit('50m', '128Mi', '256Mi') };

/** @param env names the environment in messages, e.g. `environment "prod"` */
export function checkAlloySettings(settings: AlloySettings, env: string): void {
  checkResources(settings.resources, `${env}: alloy.resources`);
}
