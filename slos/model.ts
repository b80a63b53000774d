/**
 * The SLO model: a service level objective as typed data, and its checks. Objectives are compiled
 * into recording rules, burn-rate alerts (`slos/compile.ts`) and the SLO dashboard's panels
 * (`dashboards/slo/`), all from the same `Slo`.
 */
import { OpenMap } from '../config/keys';
import { show, type Duration } from '../config/units';
import { promqlError, promqlTree } from '../lib/query-syntax';
import type { Severity } from '../rules/model';

/**
 * The windows over which every SLO's error ratio is recorded, shortest first: the alert windows
 * below and the compliance period.
 */
export const SLO_WINDOWS = ['5m', '30m', '1h', '2h', '6h', '1d', '3d', '30d'] as const;

export type SloWindow = (typeof SLO_WINDOWS)[number];

/**
 * The windows of a day and longer. Each evaluation of their ratios reads a day to a month of raw
 * samples, and the ratios move slowly, so they are recorded in a group of their own that is
 * evaluated every `SLO_LONG_WINDOW_INTERVAL` rather than at the global evaluation interval.
 */
export const SLO_LONG_WINDOWS = ['1d', '3d', '30d'] as const satisfies readonly SloWindow[];

/**
 * How often the long windows are recorded: five times less often than the default 30 s. Not 5m:
 * a query (an alert, a panel) sees a recorded series only while its last sample is within
 * Prometheus's 5m lookback, so at 5m every query that runs while the next evaluation is still
 * reading its 30 days finds nothing, and the ticket alerts reading the 1d and 3d ratios would
 * reset their `for`. At 2m30s the previous sample is still inside the lookback. The lag it adds
 * (at most 2m30s plus one evaluation) is small next to the 1h and 3h `for` of those alerts.
 */
export const SLO_LONG_WINDOW_INTERVAL: Duration = '2m30s';

/**
 * The compliance period of every objective and its error budget. The burn-rate factors below are
 * worked out for it (14.4 = 2 % of a 30-day budget spent in one hour), so it is fixed rather than
 * configurable: another period would need other factors.
 */
export const SLO_PERIOD = '30d' satisfies SloWindow;

/** One multi-window burn-rate condition: both windows must burn faster than `factor`. */
export interface BurnRateAlert {
  /** `critical` pages, `warning` opens a ticket. */
  readonly severity: Severity;
  /** How many times faster than the objective allows the budget is being spent. */
  readonly factor: number;
  /** The window that makes the alert significant (enough budget spent). */
  readonly long: SloWindow;
  /** The window that makes the alert stop soon after the burn stops. */
  readonly short: SloWindow;
  readonly for: Duration;
}

/**
 * The SRE workbook's multi-window, multi-burn-rate alerts for a 30-day budget: page when 2 % of the
 * budget goes in an hour or 5 % in six hours, open a ticket when 10 % goes in a day or 10 % in three.
 */
export const BURN_RATE_ALERTS: readonly BurnRateAlert[] = [
  { severity: 'critical', factor: 14.4, long: '1h', short: '5m', for: '2m' },
  { severity: 'critical', factor: 6, long: '6h', short: '30m', for: '15m' },
  { severity: 'warning', factor: 3, long: '1d', short: '2h', for: '1h' },
  { severity: 'warning', factor: 1, long: '3d', short: '6h', for: '3h' },
];

/** Events counted by two counters; the SLI is the share of events that were not errors. */
export interface ErrorRatioSli {
  readonly kind: 'error-ratio';
  /** Selector of the counter of failed events, e.g. `http_requests_total{job="api",status=~"5.."}`. */
  readonly errors: string;
  /** Selector of the counter of all events, e.g. `http_requests_total{job="api"}`. */
  readonly total: string;
}

/** Events counted by two counters; the SLI is the share of good events. */
export interface GoodRatioSli {
  readonly kind: 'good-ratio';
  /** Selector of the counter of good events, e.g. a histogram's `_bucket{le="0.5"}`. */
  readonly good: string;
  /** Selector of the counter of all events, e.g. the histogram's `_count`. */
  readonly total: string;
}

/**
 * A 0/1 gauge such as `up`; the SLI is the share of samples that are 1, over all series: every
 * scrape is one event, so a pod counts for as long as it existed.
 */
export interface UptimeSli {
  readonly kind: 'uptime';
  /** Selector of the 0/1 series, e.g. `up{job="api"}`. */
  readonly selector: string;
}

export type Sli = ErrorRatioSli | GoodRatioSli | UptimeSli;

/** The selector fields of each kind of SLI, in the order they are checked. */
export const SLI_FIELDS: { readonly [K in Sli['kind']]: readonly Exclude<keyof Extract<Sli, { kind: K }>, 'kind'>[] } = {
  'error-ratio': ['errors', 'total'],
  'good-ratio': ['good', 'total'],
  uptime: ['selector'],
};

export interface Slo {
  /**
   * Kebab-case identifier: the `slo` label of its recorded series and alerts, and part of its rule
   * group's name (`slo-<name>`).
   */
  readonly name: string;
  /** Human name in dashboards and alert texts, e.g. `Availability`. */
  readonly title: string;
  /** What the SLI measures, one sentence; shown in the dashboard. */
  readonly description: string;
  /** Target share of good events over the 30-day period, in percent: 99.9 leaves an error budget of 0.1 %. */
  readonly objective: number;
  readonly sli: Sli;
  /**
   * Below the objective but at or above this SLI (percent), the dashboard shows yellow instead of red.
   * @default - no yellow band
   */
  readonly warningLevel?: number;
}

/** An SLO as an environment lists it, under its name; `disabled: true` drops a default one. */
export type SloDefinition = Omit<Slo, 'name'> & {
  /** Leaves the SLO out: no rules, no alerts, no panels. @default false */
  readonly disabled?: boolean;
};

/** The keys of `slos` (see config/keys.ts): SLO names are the user's, each SLO has fixed fields. */
export const SLO_DEFINITION_KEYS = new OpenMap({
  title: true,
  description: true,
  objective: true,
  warningLevel: true,
  disabled: true,
  // checkSli refuses a field its kind does not use, and explains how an override merges into a default's sli.
  sli: true,
});

const SLO_NAME = /^[a-z0-9]([-a-z0-9]{0,46}[a-z0-9])?$/;

/** Name of an SLO's rule group (and rule file): its short windows and its alerts. */
export function sloGroupName(slo: Pick<Slo, 'name'>): string {
  return `slo-${slo.name}`;
}

/** Name of the rule group (and rule file) recording an SLO's `SLO_LONG_WINDOWS`. */
export function sloLongWindowGroupName(slo: Pick<Slo, 'name'>): string {
  return `${sloGroupName(slo)}-long`;
}

/** The part of a lezer syntax node used here. */
interface Node {
  readonly type: { readonly name: string; is(group: string): boolean };
  readonly firstChild: Node | null;
  readonly nextSibling: Node | null;
}

/** Whether a parsing expression is one plain series selector, the only thing `rate(...[w])` accepts. */
function isSelector(expr: string): boolean {
  const top = promqlTree(expr) as unknown as Node;
  let root: Node | null = top.firstChild;
  while (root && !root.type.is('Expr')) root = root.nextSibling;
  return root?.type.name === 'VectorSelector' && root.nextSibling === null;
}

function checkSli(sli: Sli, where: string): void {
  const kinds = Object.keys(SLI_FIELDS);
  if (typeof sli !== 'object' || sli === null || !kinds.includes(sli.kind)) {
    throw new Error(`${where}: sli.kind ${JSON.stringify((sli as { kind?: unknown } | null)?.kind)} is not one of ${kinds.join(', ')}. Use one of those.`);
  }
  const fields: readonly string[] = SLI_FIELDS[sli.kind];
  const extra = Object.keys(sli).filter((key) => key !== 'kind' && !fields.includes(key));
  if (extra.length > 0) {
    throw new Error(
      `${where}: sli has ${extra.join(', ')}, which an SLI of kind ${JSON.stringify(sli.kind)} does not use (it takes ${fields.join(', ')}). ` +
        'Remove them; an environment that overrides a default SLO merges into its sli, so to measure it another way disable it and add an SLO under a new name.',
    );
  }
  for (const field of fields) {
    const value = (sli as unknown as Record<string, unknown>)[field];
    if (typeof value !== 'string') {
      throw new Error(`${where}: sli.${field} is ${JSON.stringify(value)}. Give the selector of a series, e.g. http_requests_total{job="api"}.`);
    }
    const error = promqlError(value);
    if (error) throw new Error(`${where}: sli.${field} does not parse: ${error}. Selector: ${value}. Fix the PromQL (try it in the Prometheus query page).`);
    if (!isSelector(value)) {
      throw new Error(
        `${where}: sli.${field} ${JSON.stringify(value)} is not a series selector. ` +
          'Give the selector alone, e.g. http_requests_total{job="api",status=~"5.."}: the rules apply rate() or *_over_time() over each window themselves.',
      );
    }
  }
}

/**
 * Checks one SLO. `where` names it in messages, e.g. `SLO "api-latency"` or
 * `environment "dev": slos.api-latency`.
 */
export function checkSlo(slo: Slo, where = `SLO ${JSON.stringify(slo?.name)}`): void {
  if (typeof slo.name !== 'string' || !SLO_NAME.test(slo.name)) {
    throw new Error(`${where}: name ${JSON.stringify(slo.name)} is not kebab-case. Use lower-case letters, digits and "-", at most 48 characters, e.g. "api-latency".`);
  }
  for (const field of ['title', 'description'] as const) {
    if (typeof slo[field] !== 'string' || slo[field].trim() === '') {
      throw new Error(`${where}: ${field} is missing or empty. Every SLO needs a title and a description: set it.`);
    }
  }
  if (typeof slo.objective !== 'number' || !(slo.objective > 0 && slo.objective < 100)) {
    throw new Error(`${where}: objective ${show(slo.objective)} is outside (0, 100). Give the target in percent, e.g. 99.9.`);
  }
  // An objective of at most 1 % is no service level: it is a fraction written where a percentage is meant.
  if (slo.objective <= 1) {
    throw new Error(
      `${where}: objective ${show(slo.objective)} looks like a fraction; objectives are percentages. Write ${show(Number((slo.objective * 100).toPrecision(12)))}.`,
    );
  }
  if (slo.warningLevel !== undefined && !(typeof slo.warningLevel === 'number' && slo.warningLevel > 0 && slo.warningLevel < slo.objective)) {
    throw new Error(`${where}: warningLevel ${show(slo.warningLevel)} must be above 0 and below the objective ${slo.objective}. Lower it or leave it out.`);
  }
  checkSli(slo.sli, where);
}

/**
 * Checks every SLO and that names and titles are unique: two SLOs of one name would write the same
 * series, two of one title would be indistinguishable in the dashboard and in alerts.
 * @param where names the list in messages, e.g. `environment "dev"`
 */
export function checkSlos(slos: readonly Slo[], where?: string): void {
  const prefix = (slo: Slo) => (where ? `${where}: slos.${slo.name}` : `SLO ${JSON.stringify(slo.name)}`);
  const names = new Set<string>();
  const titles = new Map<string, string>();
  const groups = new Map<string, string>();
  for (const slo of slos) {
    checkSlo(slo, prefix(slo));
    if (names.has(slo.name)) {
      throw new Error(`${prefix(slo)}: defined twice. Give each SLO a distinct name: it is the slo label of its series and alerts.`);
    }
    names.add(slo.name);
    // Each SLO writes two rule groups (and files): a name that is another SLO's long-window group clashes.
    for (const group of [sloGroupName(slo), sloLongWindowGroupName(slo)]) {
      const owner = groups.get(group);
      if (owner !== undefined) {
        throw new Error(
          `${prefix(slo)}: its rule group ${JSON.stringify(group)} has the name of a rule group of SLO ${JSON.stringify(owner)}. ` +
            'Rename one of the two SLOs: a name may not be another SLO\'s name followed by "-long" (that SLO\'s long windows are recorded in slo-<name>-long).',
        );
      }
      groups.set(group, slo.name);
    }
    const other = titles.get(slo.title);
    if (other !== undefined) {
      throw new Error(`${prefix(slo)}: title ${JSON.stringify(slo.title)} is also the title of SLO ${JSON.stringify(other)}. Give each SLO a distinct title.`);
    }
    titles.set(slo.title, slo.name);
  }
}

/** The enabled SLOs of a definition map, each named by its key, in the map's order. */
export function slosOf(definitions: Readonly<Record<string, SloDefinition>>): Slo[] {
  return Object.entries(definitions)
    .filter(([, definition]) => definition.disabled !== true)
    .map(([name, { disabled: _disabled, ...definition }]) => ({ name, ...definition }));
}

/** The error budget as a fraction (99.9 → 0.001), rounded so that 100 − 99.9 gives 0.001 exactly. */
export function errorBudget(slo: Pick<Slo, 'objective'>): number {
  return Number(((100 - slo.objective) / 100).toPrecision(12));
}
