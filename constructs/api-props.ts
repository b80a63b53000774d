/** The platform API's settings in an environment, their defaults and their checks. */
import type { KeyRecord } from '../config/keys';
import { show } from '../config/units';
import { checkIngressSettings, INGRESS_KEYS, type IngressSettings } from './ingress-props';
import { IMAGE_OPTIONAL_KEYS, WORKLOAD_OPTIONAL_KEYS, checkImage, checkWorkload, requestsAndLimit, type ImageRef, type WorkloadSettings } from './workload-props';

/**
 * A HorizontalPodAutoscaler (autoscaling/v2) on the API's CPU use. It reads the resource metrics
 * API, which the cluster's metrics-server serves.
 */
export interface ApiAutoscalingSettings {
  /** Let the autoscaler set the API's replica count between `minReplicas` and `maxReplicas`; `replicas` is then not used. */
  readonly enabled: boolean;
  /** The fewest replicas it keeps: at least 2, so that a node drain or a scale-down never leaves one. */
  readonly minReplicas: number;
  readonly maxReplicas: number;
  /** Average CPU use of the pods it aims at, in percent of their CPU request. */
  readonly targetCpuUtilization: number;
}

export interface ApiSettings extends WorkloadSettings {
  /** The API's image, pinned to a release. */
  readonly image: ImageRef;
  readonly autoscaling: ApiAutoscalingSettings;
  /**
   * An Ingress serving the API over HTTPS (see README, "Ingress").
   * @default - none: the API is reached inside the cluster or with `kubectl port-forward`
   */
  readonly ingress?: IngressSettings;
}

export const API_DEFAULTS: ApiSettings = {
  image: { registry: 'ghcr.io', repository: 'agent-platform/api', tag: '1.0.0' },
  replicas: 1,
  resources: requestsAndLimit('100m', '128Mi', '256Mi'),
  autoscaling: { enabled: false, minReplicas: 2, maxReplicas: 6, targetCpuUtilization: 70 },
};

/** Keys without a default (see config/keys.ts). */
export const API_OPTIONAL_KEYS: KeyRecord = { ...WORKLOAD_OPTIONAL_KEYS, image: IMAGE_OPTIONAL_KEYS, ingress: INGRESS_KEYS };

/** How many API pods the scheduler must find room for: the autoscaler's minimum, or the fixed count. */
export function apiReplicas(api: ApiSettings): number {
  return api.autoscaling.enabled ? api.autoscaling.minReplicas : api.replicas;
}

/** @param env names the environment in messages, e.g. `environment "prod"` */
export function checkApiSettings(api: ApiSettings, env: string): void {
  checkImage(api.image, `${env}: api.image`);
  checkWorkload(api, `${env}: api`);
  const { enabled, minReplicas, maxReplicas, targetCpuUtilization } = api.autoscaling;
  const at = `${env}: api.autoscaling`;
  if (typeof enabled !== 'boolean') {
    throw new Error(`${at}.enabled: ${show(enabled)} is not true or false. Set true to scale the API on its CPU use, false to run api.replicas.`);
  }
  if (!Number.isInteger(minReplicas) || minReplicas < 2) {
    throw new Error(
      `${at}.minReplicas: ${show(minReplicas)} is not a whole number of at least 2. ` +
        'An autoscaled API keeps at least two replicas, so that a node drain or a scale-down never leaves a single one; set minReplicas to 2 or more.',
    );
  }
  if (!Number.isInteger(maxReplicas) || maxReplicas < minReplicas) {
    throw new Error(`${at}.maxReplicas: ${show(maxReplicas)} is below minReplicas ${minReplicas} or not a whole number. Set it to at least ${minReplicas}.`);
  }
  if (!Number.isInteger(targetCpuUtilization) || targetCpuUtilization < 1) {
    throw new Error(`${at}.targetCpuUtilization: ${show(targetCpuUtilization)} is not a whole percentage above 0. Give the CPU use to aim at in percent of the request, e.g. 70.`);
  }
  if (enabled && api.replicas !== API_DEFAULTS.replicas) {
    throw new Error(
      `${env}: api.replicas: ${show(api.replicas)} is not used while api.autoscaling is enabled: the autoscaler sets the count between minReplicas and maxReplicas. ` +
        `Remove api.replicas, and set api.autoscaling.minReplicas (now ${minReplicas}) to the fewest replicas you want.`,
    );
  }
  checkIngressSettings(api.ingress, env, 'api.ingress');
}
