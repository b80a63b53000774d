/** node-exporter's settings in an environment, their defaults and their checks. */
import type { KeyRecord } from '../config/keys';
import { checkOwnNamespace, checkResources, requestsAndLimit, type DaemonSettings, WORKLOAD_OPTIONAL_KEYS } from './workload-props';

/** node-exporter reads the host's /proc, /sys and filesystems, so it runs in a namespace of its own. */
export interface NodeExporterSettings extends DaemonSettings {
  /** Namespace of node-exporter alone; its Pod Security level is `privileged` (host network and paths). */
  readonly namespace: string;
}

export const NODE_EXPORTER_DEFAULTS: NodeExporterSettings = { namespace: 'node-exporter', resources: requestsAndLimit('25m', '32Mi', '64Mi') };

/** Keys without a default (see config/keys.ts). */
export const NODE_EXPORTER_OPTIONAL_KEYS: KeyRecord = WORKLOAD_OPTIONAL_KEYS;

/**
 * @param env names the environment in messages, e.g. `environment "prod"`
 * @param others the environment's other namespaces, which node-exporter must not share
 */
export function checkNodeExporterSettings(settings: NodeExporterSettings, env: string, others: readonly string[]): void {
  checkResources(settings.resources, `${env}: nodeExporter.resources`);
  checkOwnNamespace(settings.namespace, `${env}: nodeExporter.namespace`);
  if (others.includes(settings.namespace)) {
    throw new Error(
      `${env}: nodeExporter.namespace ${JSON.stringify(settings.namespace)} is also the platform or monitoring namespace. ` +
        'Give node-exporter a namespace of its own: it allows host access, which the others must not.',
    );
  }
}
