/**
 * The keys an environment may set, and the check that refuses any other. Synth bundles without
 * type-checking, so a misspelt key (`retension`) would otherwise be ignored and its default used
 * silently. The known keys are those of the resolved defaults, plus the optional keys each
 * component declares beside its settings (constructs/<component>-props.ts).
 */
import { show } from './units';

/** What may stand at a key: `true` (any value, its component checks it), a closed record, or one of the shapes below. */
export type KeyShape = true | KeyRecord | OpenMap | ListOf | Tagged;

export interface KeyRecord {
  readonly [key: string]: KeyShape;
}

/** A map whose keys the user chooses (`alerting.alerts`, `slos`, `headers`, `podLabels`). */
export class OpenMap {
  constructor(readonly value: KeyShape = true) {}
}

/** A list whose every element has one shape. */
export class ListOf {
  constructor(readonly element: KeyShape) {}
}

/** One of several records told apart by a field (`type` of a backend, `kind` of an SLI). */
export class Tagged {
  constructor(
    readonly field: string,
    readonly variants: Readonly<Record<string, KeyRecord>>,
  ) {}
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isRecordShape(shape: KeyShape): shape is KeyRecord {
  return shape !== true && !(shape instanceof OpenMap) && !(shape instanceof ListOf) && !(shape instanceof Tagged);
}

/** The keys of a value with defaults: every plain object closed to the keys it has. */
export function shapeOf(value: unknown): KeyShape {
  if (!isPlainObject(value)) return true;
  return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, shapeOf(child)]));
}

/** Adds optional keys (records merge key by key; any other shape replaces what the defaults gave). */
export function withKeys(base: KeyShape, extra: KeyShape): KeyShape {
  if (!isRecordShape(base) || !isRecordShape(extra)) return extra;
  const merged: Record<string, KeyShape> = { ...base };
  for (const [key, shape] of Object.entries(extra)) merged[key] = key in merged ? withKeys(merged[key], shape) : shape;
  return merged;
}

/** Edit distance (insertions, deletions, substitutions) between two keys. */
export function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

/** The known key closest to `key`, when close enough to be a likely typo. */
export function closest(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const distance = levenshtein(key.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(key.length / 3)) ? best : undefined;
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

/**
 * Throws on the first key of `value` that `shape` does not know, naming its path, its value and the
 * closest known key.
 * @param where names the environment in messages, e.g. `environment "prod"`
 */
export function checkKeys(value: unknown, shape: KeyShape, where: string, path = ''): void {
  if (shape === true || value === undefined) return;
  if (shape instanceof OpenMap) {
    if (!isPlainObject(value)) {
      throw new Error(`${where}: ${path}: expected a map of { name: value }, got ${show(value)}. Give an object, e.g. { "name": ... }.`);
    }
    for (const [key, child] of Object.entries(value)) checkKeys(child, shape.value, where, join(path, key));
    return;
  }
  if (shape instanceof ListOf) {
    if (!Array.isArray(value)) throw new Error(`${where}: ${path}: expected a list, got ${show(value)}. Write it as [ ... ].`);
    value.forEach((element, i) => checkKeys(element, shape.element, where, `${path}[${i}]`));
    return;
  }
  if (shape instanceof Tagged) {
    const tag = isPlainObject(value) ? value[shape.field] : undefined;
    // An unknown tag is left to the component's check, which lists the ones it supports.
    if (typeof tag === 'string' && tag in shape.variants) checkKeys(value, shape.variants[tag], where, path);
    return;
  }
  if (!isPlainObject(value)) {
    throw new Error(`${where}: ${path}: expected an object with ${Object.keys(shape).join(', ')}, got ${show(value)}. Give an object, e.g. { ${Object.keys(shape)[0]}: ... }.`);
  }
  const known = Object.keys(shape);
  for (const [key, child] of Object.entries(value)) {
    if (!(key in shape)) {
      const suggestion = closest(key, known);
      const owner = path === '' ? 'an environment' : path;
      throw new Error(
        `${where}: ${join(path, key)}: unknown key ${show(key)} (set to ${show(child)}). ` +
          (suggestion !== undefined ? `Did you mean ${show(suggestion)}? Rename it to ${join(path, suggestion)}. ` : 'Remove it or fix its name. ') +
          `Keys of ${owner}: ${known.join(', ')}.`,
      );
    }
    checkKeys(child, shape[key], where, join(path, key));
  }
}
