/**
 * Checked primitive types shared by the environment config, the rules and the component configs.
 * Each parser throws a message naming where the value came from, the value, and what is allowed.
 */

/** A Prometheus-style duration such as `30s`, `5m`, `1h30m`, `30d`. */
export type Duration = string & { readonly __brand?: 'Duration' };

const DURATION_UNITS_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
  y: 31_536_000_000,
};

const DURATION_PATTERN = /^((\d+)(ms|s|m|h|d|w|y))+$/;

/**
 * Parses a Prometheus duration into milliseconds.
 * @param where names the object and field, e.g. `prometheus.retention` or `alert HighErrorRate: for`
 */
export function durationToMs(value: string, where: string): number {
  if (typeof value !== 'string' || !DURATION_PATTERN.test(value)) {
    throw new Error(
      `${where}: invalid duration ${JSON.stringify(value)}. ` +
        'Use a Prometheus duration: digits followed by a unit (ms, s, m, h, d, w, y), for example "30s", "5m" or "1h30m".',
    );
  }
  let total = 0;
  for (const match of value.matchAll(/(\d+)(ms|s|m|h|d|w|y)/g)) {
    total += Number(match[1]) * DURATION_UNITS_MS[match[2]];
  }
  return total;
}

/** Returns the duration unchanged after checking it, so call sites stay expressions. */
export function duration(value: string, where: string): Duration {
  durationToMs(value, where);
  return value;
}

/** A Kubernetes resource quantity such as `100m`, `0.5`, `256Mi`, `10Gi`. */
export type Quantity = string;

const QUANTITY_PATTERN = /^(\d+(\.\d+)?|\.\d+)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei|e\d+)?$/;

const QUANTITY_FACTORS: Record<string, number> = {
  '': 1,
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
      `${where}: invalid quantity ${JSON.stringify(value)}. ` +
        'Use a Kubernetes quantity, for example "250m" or "0.5" for CPU and "256Mi" or "10Gi" for memory and storage.',
    );
  }
  const suffix = match[3] ?? '';
  const number = Number(match[1]);
  if (suffix.startsWith('e')) return number * 10 ** Number(suffix.slice(1));
  return number * QUANTITY_FACTORS[suffix];
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
