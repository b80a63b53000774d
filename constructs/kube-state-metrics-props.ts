/** kube-state-metrics' settings in an environment, their defaults and their checks. */
import type { KeyRecord } from '../config/keys';
import { checkWorkload, requestsAndLimit, type WorkloadSettings, WORKLOAD_OPTIONAL_KEYS } from './workload-props';

export type KubeStateMetricsSettings = WorkloadSettings;

export const KUBE_STATE_METRICS_DEFAULTS: KubeStateMetricsSettings = { replicas: 1, resources: requestsAndLimit('25m', '64Mi', '128Mi') };

/** Keys without a default (see config/keys.ts). */
export const KUBE_STATE_METRICS_OPTIONAL_KEYS: KeyRecord = WORKLOAD_OPTIONAL_KEYS;

/** @param env names the environment in messages, e.g. `environment "prod"` */
export function checkKubeStateMetricsSettings(settings: KubeStateMetricsSettings, env: string): void {
  checkWorkload(settings, `${env}: kubeStateMetrics`);
  if (settings.replicas !== 1) {
    throw new Error(
      `${env}: kubeStateMetrics.replicas: ${JSON.stringify(settings.replicas)} replicas would each export every object, multiplying every sum over their series. ` +
        'Set kubeStateMetrics.replicas to 1; it restarts in seconds, and alerts on its series wait out their `for`.',
    );
  }
}
