/** Synthesises environments, or single constructs, in memory for tests. */
import { App, Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import * as os from 'node:os';
import * as path from 'node:path';
import { compileEnvironment, ENVIRONMENTS, mergeOverrides, resolveEnvironment, type EnvironmentConfig, type EnvironmentDefinition } from '../../config';
import { ObservabilityStack } from '../../constructs/stack';

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [key: string]: any;
}

export interface SynthResult {
  config: EnvironmentConfig;
  stack: ObservabilityStack;
  /** Objects per chart id, in the order the charts are written. */
  charts: { id: string; objects: K8sObject[] }[];
  objects: K8sObject[];
}

export const ENVIRONMENT_NAMES = ENVIRONMENTS.map((env) => env.name);

function definitionOf(name: string): EnvironmentDefinition {
  const definition = ENVIRONMENTS.find((env) => env.name === name);
  if (!definition) throw new Error(`no environment ${name}`);
  return definition;
}

export function configFor(name: string): EnvironmentConfig {
  return resolveEnvironment(definitionOf(name));
}

/** Environment `name` with `overrides` merged over its own, resolved (and so validated: this throws what the synth would). */
export function configWith(name: string, overrides: EnvironmentDefinition['overrides']): EnvironmentConfig {
  return resolveEnvironment({ name, overrides: mergeOverrides(definitionOf(name).overrides, overrides) });
}

const results = new Map<string, SynthResult>();

/** Synthesises a config (cached by environment name when `config` is not given). */
export function synth(name: string, config?: EnvironmentConfig): SynthResult {
  const cached = config ? undefined : results.get(name);
  if (cached) return cached;
  const resolved = config ?? configFor(name);
  const app = new App({ outdir: path.join(os.tmpdir(), 'unused') });
  const stack = new ObservabilityStack(app, { environment: compileEnvironment(resolved) });
  const charts = app.charts.map((chart) => ({ id: chart.node.id, objects: chart.toJson() as K8sObject[] }));
  const result = { config: resolved, stack, charts, objects: charts.flatMap((c) => c.objects) };
  if (!config) results.set(name, result);
  return result;
}

export function find(objects: K8sObject[], kind: string, name: string, namespace?: string): K8sObject {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name && (namespace === undefined || o.metadata.namespace === namespace));
  if (!found) throw new Error(`no ${kind} ${namespace ? `${namespace}/` : ''}${name} in the output`);
  return found;
}

/** Builds one construct alone in a chart of its own: the construct, and the objects it synthesises. */
export function synthAlone<P, C extends Construct>(
  type: new (scope: Construct, id: string, props: P) => C,
  props: P,
): { construct: C; objects: K8sObject[] } {
  const chart = new Chart(new App(), 'test');
  const construct = new type(chart, type.name, props);
  return { construct, objects: chart.toJson() as K8sObject[] };
}
