/**
 * Checked primitive types shared by the environment config, the rules and the component configs.
 * Each parser throws a message naming where the value came from, the value, and what is allowed.
 */

/**
 * A value as a message shows it: strings quoted, and the numbers JSON cannot write (NaN, Infinity)
 * by name rather than as `null`.
 */
export function show(value: unknown): string {
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (value === undefined) return 'nothing';
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'bigint') return `${value}n`;
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v)) ?? String(value);
}

/** A Prometheus-style duration such as `30s`, `5m`, `1h30m`, `30d`. */
export type Duration = string & { readonly __brand?: 'Duration' };

/** Prometheus's units, largest first: the order they must appear in. */
const DURATION_UNITS: readonly (readonly [string, number])[] = [
  ['y', 31_536_000_000],
  ['w', 604_800_000],
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1000],
  ['ms', 1],
];
const DURATION_UNITS_MS: Record<string, number> = Object.fromEntries(DURATION_UNITS);

/** Prometheus's own grammar (common/model.ParseDuration): each unit at most once, largest to smallest. */
const DURATION_PATTERN = /^(\d+y)?(\d+w)?(\d+d)?(\d+h)?(\d+m)?(\d+s)?(\d+ms)?$/;
/** Any sequence of number-unit pairs: what a reordering of the units would make valid. */
const LOOSE_DURATION = /^(\d+(ms|s|m|h|d|w|y))+$/;

/** A duration in milliseconds as Prometheus writes it: `90000` → `1m30s`. */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  let rest = ms;
  let text = '';
  for (const [unit, size] of DURATION_UNITS) {
    if (rest >= size) {
      text += `${Math.floor(rest / size)}${unit}`;
      rest %= size;
    }
  }
  return text;
}

/**
 * Parses a Prometheus duration into milliseconds.
 * @param where names the object and field, e.g. `prometheus.retention` or `alert HighErrorRate: for`
 */
export function durationToMs(value: string, where: string): number {
  if (typeof value === 'string' && value !== '' && DURATION_PATTERN.test(value)) {
    let total = 0;
    for (const match of value.matchAll(/(\d+)(ms|s|m|h|d|w|y)/g)) total += Number(match[1]) * DURATION_UNITS_MS[match[2]];
    return total;
  }
  if (typeof value === 'string' && LOOSE_DURATION.test(value)) {
    let total = 0;
    for (const match of value.matchAll(/(\d+)(ms|s|m|h|d|w|y)/g)) total += Number(match[1]) * DURATION_UNITS_MS[match[2]];
    throw new Error(
      `${where}: invalid duration ${show(value)}: Prometheus refuses a unit that repeats or follows a smaller one. ` +
        `Write each unit once, from largest to smallest (y w d h m s ms): ${show(formatDuration(total))}.`,
    );
  }
  throw new Error(
    `${where}: invalid duration ${show(value)}. ` +
      'Use a Prometheus duration: digits followed by a unit (ms, s, m, h, d, w, y), for example "30s", "5m" or "1h30m".',
  );
}

/** Returns the duration unchanged after checking it, so call sites stay expressions. */
export function duration(value: string, where: string): Duration {
  durationToMs(value, where);
  return value;
}

/** Parses a duration that must be longer than zero (a retention, an interval), in milliseconds. */
export function positiveDurationToMs(value: string, where: string, example: string): number {
  const ms = durationToMs(value, where);
  if (ms <= 0) throw new Error(`${where}: ${show(value)} is zero, which makes no sense here. Use a positive duration, for example ${show(example)}.`);
  return ms;
}

/** A Kubernetes resource quantity such as `100m`, `0.5`, `256Mi`, `10Gi`. */
export type Quantity = string;

/** Kubernetes's grammar (apimachinery resource.Quantity): a signed decimal, then a binary, decimal or exponent suffix. */
const QUANTITY_PATTERN = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;

const QUANTITY_FACTORS: Record<string, number> = {
  '': 1,
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** Parses a Kubernetes quantity into its base unit (cores or bytes). */
export function quantityValue(value: string, where: string): number {
  const match = typeof value === 'string' ? QUANTITY_PATTERN.exec(value) : null;
  if (!match) {
    throw new Error(
      `${where}: invalid quantity ${show(value)}. ` +
        'Use a Kubernetes quantity, for example "250m" or "0.5" for CPU and "256Mi" or "10Gi" for memory and storage.',
    );
  }
  const sign = match[1] === '-' ? -1 : 1;
  const suffix = match[3] ?? '';
  const number = sign * Number(match[2]);
  if (/^[eE]/.test(suffix)) return number * 10 ** Number(suffix.slice(1));
  return number * QUANTITY_FACTORS[suffix];
}

/** Parses a CPU quantity (cores), which may not be negative. */
export function cpuQuantity(value: string, where: string): number {
  const cores = quantityValue(value, where);
  if (cores < 0) throw new Error(`${where}: ${show(value)} is negative. Give a CPU amount such as "250m" (a quarter core) or "1".`);
  return cores;
}

/**
 * Parses an amount of memory or storage in bytes: larger than zero, and without the fractional
 * suffixes (`m`, `u`, `n`) that Kubernetes accepts but that mean thousandths of a byte.
 */
export function byteQuantity(value: string, where: string): number {
  const bytes = quantityValue(value, where);
  const suffix = /(n|u|m)$/.exec(value)?.[1];
  if (suffix) {
    throw new Error(
      `${where}: ${show(value)} is in ${suffix === 'm' ? 'millibytes' : suffix === 'u' ? 'microbytes' : 'nanobytes'}: "${suffix}" is not a byte unit. ` +
        `Use Ki, Mi, Gi, Ti (or k, M, G, T), e.g. ${show(value.replace(/[num]$/, 'Mi'))}.`,
    );
  }
  if (!(bytes > 0)) throw new Error(`${where}: ${show(value)} is not larger than zero. Give a size such as "256Mi" or "10Gi".`);
  return bytes;
}

/**
 * An absolute http(s) URL that a path can be appended to: a host, no credentials (they would be
 * written into the manifests), no query or fragment, no trailing "/".
 */
export function isBaseUrl(value: unknown): boolean {
  if (typeof value !== 'string' || /\s/.test(value) || value.endsWith('/')) return false;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return (
    (url.protocol === 'http:' || url.protocol === 'https:') &&
    url.hostname !== '' &&
    url.username === '' &&
    url.password === '' &&
    url.search === '' &&
    url.hash === '' &&
    !value.endsWith('?') &&
    !value.endsWith('#')
  );
}
