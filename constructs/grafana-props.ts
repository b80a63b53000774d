/** Grafana's settings in an environment, their defaults and their checks. */
import type { DashboardFile } from '../dashboards/model';
import type { KeyRecord } from '../config/keys';
import { checkIngressSettings, INGRESS_KEYS, ingressUrl, type IngressSettings } from './ingress-props';
import { checkExternalUrl, checkWorkload, requestsAndLimit, STORAGE_OPTIONAL_KEYS, WORKLOAD_OPTIONAL_KEYS, type StorageConfig, type WorkloadSettings } from './workload-props';

export interface GrafanaSettings extends WorkloadSettings {
  readonly storage: StorageConfig;
  /**
   * Dashboards provisioned besides the platform's, each in its `folder`; validated with them.
   * @default - none
   */
  readonly extraDashboards?: readonly DashboardFile[];
  /**
   * The URL people open Grafana at, e.g. `https://grafana.example.com`: Grafana's `root_url`, and
   * the base of every alert's `dashboard_url`.
   * @default - the Ingress's `https://<host><path>` when `ingress` is set; otherwise none, and
   * `dashboard_url` is a path from Grafana's root (`/d/<uid>?viewPanel=...`)
   */
  readonly externalUrl?: string;
  /**
   * An Ingress serving Grafana over HTTPS (see README, "Ingress").
   * @default - none: Grafana is reached with `kubectl port-forward`
   */
  readonly ingress?: IngressSettings;
}

export const GRAFANA_DEFAULTS: GrafanaSettings = {
  replicas: 1,
  resources: requestsAndLimit('50m', '128Mi', '256Mi'),
  storage: { size: '1Gi' },
};

/** Keys without a default (see config/keys.ts); dashboards are checked by their own model. */
export const GRAFANA_OPTIONAL_KEYS: KeyRecord = { ...WORKLOAD_OPTIONAL_KEYS, ...STORAGE_OPTIONAL_KEYS, extraDashboards: true, externalUrl: true, ingress: INGRESS_KEYS };

/** @param env names the environment in messages, e.g. `environment "prod"` */
export function checkGrafanaSettings(settings: GrafanaSettings, env: string): void {
  checkWorkload(settings, `${env}: grafana`);
  checkExternalUrl(settings.externalUrl, env, 'grafana');
  checkIngressSettings(settings.ingress, env, 'grafana.ingress');
  if (settings.replicas !== 1) {
    throw new Error(
      `${env}: grafana.replicas: Grafana keeps users, sessions and settings in SQLite on one ReadWriteOnce volume, so it runs exactly one replica, got ${settings.replicas}. ` +
        'Set grafana.replicas to 1.',
    );
  }
}

/**
 * The address people open Grafana at: `externalUrl`, else its Ingress's URL. Grafana's `root_url`
 * and the base of alerts' `dashboard_url` both read it.
 * @returns undefined when neither is set
 */
export function grafanaExternalUrl(grafana: GrafanaSettings): string | undefined {
  return grafana.externalUrl ?? (grafana.ingress !== undefined ? ingressUrl(grafana.ingress) : undefined);
}
