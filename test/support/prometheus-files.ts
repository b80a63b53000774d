/**
 * Lays out what the Prometheus pod sees: its ConfigMaps at the container's mount paths and the
 * ServiceAccount files, under a temporary root. Absolute paths in the config are moved under that
 * root. Kubernetes discovery stays as written unless the caller swaps it for another mechanism (a
 * server on loopback has no cluster to discover, so the integration test uses file discovery).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import type { PrometheusConfigFile, ScrapeConfig } from '../../constructs/prometheus-config';
import { SERVICE_ACCOUNT_DIR } from '../../constructs/prometheus-config';
import type { K8sObject } from './synth';

/** Keys whose values are file paths in a Prometheus config. */
const PATH_KEYS = new Set(['rule_files', 'ca_file', 'cert_file', 'key_file', 'credentials_file', 'password_file', 'files']);

function reroot(value: unknown, root: string, key = ''): unknown {
  if (Array.isArray(value)) return value.map((v) => reroot(v, root, key));
  if (typeof value === 'string') return PATH_KEYS.has(key) && value.startsWith('/') ? path.join(root, value) : value;
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, reroot(v, root, k)]));
  }
  return value;
}

export interface PodFiles {
  root: string;
  /** The config file, with paths moved under `root`. */
  configPath: string;
  config: PrometheusConfigFile;
  /** Rule file names found under the rules mount. */
  ruleFiles: string[];
}

/**
 * Writes the pod's files under a new temp root and returns the rewritten config.
 * @param swapDiscovery replaces `kubernetes_sd_configs` of a scrape config; none keeps them as written
 */
export function layOutPrometheusPod(
  objects: K8sObject[],
  namespace: string,
  swapDiscovery?: (job: ScrapeConfig) => Partial<ScrapeConfig>,
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'prometheus-pod-')),
): PodFiles {
  const configMaps = new Map(objects.filter((o) => o.kind === 'ConfigMap' && o.metadata.namespace === namespace).map((o) => [o.metadata.name, o]));
  const sts = objects.find((o) => o.kind === 'StatefulSet' && o.metadata.name === 'prometheus' && o.metadata.namespace === namespace)!;
  const spec = sts.spec.template.spec;
  const container = spec.containers.find((c: any) => c.name === 'prometheus');
  const ruleFiles: string[] = [];
  for (const mount of container.volumeMounts) {
    const volume = spec.volumes.find((v: any) => v.name === mount.name);
    if (!volume) continue;
    const sources = volume.configMap ? [volume.configMap.name] : (volume.projected?.sources ?? []).map((s: any) => s.configMap.name);
    for (const name of sources) {
      for (const [key, text] of Object.entries(configMaps.get(name)!.data as Record<string, string>)) {
        const file = path.join(root, mount.mountPath, key);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, text);
        if (volume.projected) ruleFiles.push(key);
      }
    }
  }
  fs.mkdirSync(path.join(root, SERVICE_ACCOUNT_DIR), { recursive: true });
  fs.writeFileSync(path.join(root, SERVICE_ACCOUNT_DIR, 'token'), 'test-token');
  fs.writeFileSync(path.join(root, SERVICE_ACCOUNT_DIR, 'ca.crt'), '');

  const configArg: string = container.args.find((a: string) => a.startsWith('--config.file=')).slice('--config.file='.length);
  const configPath = path.join(root, configArg);
  const original = yaml.load(fs.readFileSync(configPath, 'utf8')) as PrometheusConfigFile;
  const swapped = {
    ...original,
    scrape_configs: original.scrape_configs.map((job) => {
      if (!job.kubernetes_sd_configs || !swapDiscovery) return job;
      const { kubernetes_sd_configs: _dropped, ...rest } = job;
      return { ...rest, ...swapDiscovery(job) };
    }),
  };
  const config = reroot(swapped, root) as PrometheusConfigFile;
  fs.writeFileSync(configPath, yaml.dump(config, { lineWidth: -1 }));
  return { root, configPath, config, ruleFiles };
}
