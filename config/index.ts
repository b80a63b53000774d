/**
 * The environment registry: which environments exist and how each resolves to a full config.
 * To add an environment, create `config/environments/<name>.ts` and list it in `ENVIRONMENTS`.
 */
import { DEFAULTS, ENVIRONMENT_KEYS } from './defaults';
import { dev } from './environments/dev';
import { prod } from './environments/prod';
import { staging } from './environments/staging';
import { checkKeys } from './keys';
import type { EnvironmentConfig, EnvironmentDefinition } from './types';
import { show } from './units';
import { validateEnvironment } from './validate';

export * from './types';
export * from './units';
export { compileEnvironment, type CompiledEnvironment, type CompileEnvironmentOptions } from './compile';
export { DEFAULTS } from './defaults';
export { IMAGES } from './versions';

/** Every environment `npm run synth` writes, in this order. */
export const ENVIRONMENTS: readonly EnvironmentDefinition[] = [dev, staging, prod];

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deep-merges overrides into a base: objects merge key by key, arrays and scalars replace. */
export function mergeOverrides<T>(base: T, overrides: unknown): T {
  if (!isPlainObject(base) || !isPlainObject(overrides)) return (overrides === undefined ? base : overrides) as T;
  const result: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    result[key] = key in result ? mergeOverrides(result[key], value) : value;
  }
  return result as T;
}

/**
 * Resolves an environment definition over the defaults and validates the result: first that every
 * key is one the model knows (synth does not type-check), then every value.
 */
export function resolveEnvironment(definition: EnvironmentDefinition): EnvironmentConfig {
  const env = `environment ${show(definition?.name)}`;
  checkKeys(definition, { name: true, overrides: true }, env);
  if (definition.overrides !== undefined && !isPlainObject(definition.overrides)) {
    throw new Error(`${env}: overrides: expected an object of the fields that differ from the defaults, got ${show(definition.overrides)}. Give e.g. { cluster: "prod" }.`);
  }
  const config = { ...mergeOverrides(DEFAULTS, definition.overrides), name: definition.name } as EnvironmentConfig;
  checkKeys(config, ENVIRONMENT_KEYS, env);
  validateEnvironment(config);
  return config;
}

/**
 * Picks environments by name (all of them when none is given).
 * @throws when two known environments share a name (each writes dist/<name>/), or a name is not a known environment
 */
export function selectEnvironments(names: readonly string[], known: readonly EnvironmentDefinition[] = ENVIRONMENTS): EnvironmentDefinition[] {
  known.forEach((env, i) => {
    const first = known.findIndex((other) => other.name === env.name);
    if (first !== i) {
      throw new Error(
        `two environments are named ${JSON.stringify(env.name)} (entries ${first + 1} and ${i + 1} of ENVIRONMENTS in config/index.ts); ` +
          `each writes dist/${env.name}/, so one would overwrite the other. ` +
          `Give entry ${i + 1} a name of its own in its config/environments/<file>.ts (by convention the file's name).`,
      );
    }
  });
  if (names.length === 0) return [...known];
  return names.map((name) => {
    const found = known.find((env) => env.name === name);
    if (!found) {
      throw new Error(
        `unknown environment ${JSON.stringify(name)}; known environments: ${known.map((env) => env.name).join(', ')}. ` +
          `To add one, create config/environments/${name}.ts and list it in ENVIRONMENTS in config/index.ts.`,
      );
    }
    return found;
  });
}
