/** The platform API's settings in an environment, their defaults and their checks. */
import type { KeyRecord } from '../config/keys';
import { checkIngressSettings, INGRESS_KEYS, type IngressSettings } from './ingress-props';
import { IMAGE_OPTIONAL_KEYS, WORKLOAD_OPTIONAL_KEYS, checkImage, checkWorkload, requestsAndLimit, type ImageRef, type WorkloadSettings } from './workload-props';

export interface ApiSettings extends WorkloadSettings {
  /** The API's image, pinned to a release. */
  readonly image: ImageRef;
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
};

/** Keys without a default (see config/keys.ts). */
export const API_OPTIONAL_KEYS: KeyRecord = { ...WORKLOAD_OPTIONAL_KEYS, image: IMAGE_OPTIONAL_KEYS, ingress: INGRESS_KEYS };

/** @param env names the environment in messages, e.g. `environment "prod"` */
export function checkApiSettings(api: ApiSettings, env: string): void {
  checkImage(api.image, `${env}: api.image`);
  checkWorkload(api, `${env}: api`);
  checkIngressSettings(api.ingress, env, 'api.ingress');
}
