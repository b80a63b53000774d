/** The Loki configuration as shipped, and the toolchain's `loki` checking it. */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { LOKI_PATHS, type LokiConfigFile } from '../../constructs/loki-config';
import { writeFiles } from './promtool';
import { LOKI_TARGETS } from '../../constructs/loki-props';
import { configFor, find, synth } from './synth';
import { enginePath } from './toolchain';

/** `value` (a Loki config, or part of one) with every path under Loki's volume moved into `dir`. */
export function underFolder<T>(value: T, dir: string): T {
  if (typeof value === 'string') {
    return (value === LOKI_PATHS.data || value.startsWith(`${LOKI_PATHS.data}/`) ? `${dir}${value.slice(LOKI_PATHS.data.length)}` : value) as T;
  }
  if (Array.isArray(value)) return value.map((item) => underFolder(item, dir)) as T;
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, underFolder(v, dir)])) as T;
  return value;
}

/** `loki.yaml` exactly as the environment's synthesised ConfigMap holds it. */
export function shippedLokiConfig(env: string): { text: string; file: LokiConfigFile } {
  const { stack, objects } = synth(env);
  const configMap = find(objects, 'ConfigMap', stack.loki.configMap.name, stack.loki.configMap.metadata.namespace);
  const text = configMap.data[LOKI_PATHS.configFile] as string;
  return { text, file: yaml.load(text) as LokiConfigFile };
}

/**
 * The Services Grafana queries and Alloy pushes to in an environment, as its Loki deployment mode
 * has them: `loki` for both when monolithic, the read and write targets' Services when simple scalable.
 */
export function lokiServices(env: string): { query: string; push: string } {
  return configFor(env).loki.deployment.mode === 'monolithic' ? { query: 'loki', push: 'loki' } : { query: 'loki-read', push: 'loki-write' };
}

/** The `-target` each pod of an environment runs: `all`, or the simple scalable deployment's targets. */
export function lokiTargets(env: string): readonly string[] {
  const { deployment } = configFor(env).loki;
  return deployment.mode === 'monolithic' ? ['all'] : LOKI_TARGETS;
}

/**
 * `loki -verify-config` on a config text: parses it strictly (unknown keys are errors) and runs
 * every module's validation for `target`, without starting Loki or reaching object storage.
 */
export function verifyLokiConfig(text: string, target = 'all'): { status: number | null; output: string } {
  const dir = writeFiles({ [LOKI_PATHS.configFile]: text }, 'loki-verify-');
  try {
    const result = spawnSync(enginePath('loki'), [`-config.file=${path.join(dir, LOKI_PATHS.configFile)}`, `-target=${target}`, '-verify-config'], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    if (result.error) throw new Error(`loki could not run (${result.error.message}); see test/support/toolchain.ts`);
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
