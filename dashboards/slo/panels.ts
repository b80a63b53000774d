/**
 * Service level objectives as typed data, and the panels that show one: how much of the objective
 * is met over its window, and how much of its error budget is left. The SLO dashboard builds its
 * panels only from `SloSpec`s, so further objectives become further rows without new query code.
 */
import type * as gauge from '@grafana/grafana-foundation-sdk/gauge';
import type * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as units from '@grafana/grafana-foundation-sdk/units';
import { durationToMs, type Duration } from '../../config';
import { apiSelector, METRICS, type MetricDefinition } from '../../metrics';
import { DASHBOARD_UIDS, dashboardLink, defaultGauge, defaultStat, promInstant, rate, thresholds } from '../common';

/** An SLI from a 0/1 gauge such as `up`: the share of samples that are 1. */
export interface UptimeSli {
  readonly kind: 'uptime';
  /** Selector of the 0/1 series, e.g. `up{job="api"}`. */
  readonly selector: string;
}

/** An SLI from two counters: the share of events that were not errors. */
export interface ErrorRatioSli {
  readonly kind: 'error-ratio';
  /** Selector of the counter of failed events. */
  readonly errors: string;
  /** Selector of the counter of all events. */
  readonly total: string;
}

export interface SloSpec {
  /** Names the objective in row and panel titles. */
  readonly name: string;
  /** Target share of good samples or events, in percent: 99.9 means an error budget of 0.1 %. */
  readonly objectivePercent: number;
  /** Compliance window of the objective and its budget, e.g. `30d`. */
  readonly window: Duration;
  /**
   * Below the objective but at or above this, the attainment shows yellow; below it, red.
   * @default - no yellow band: red below the objective
   */
  readonly warningPercent?: number;
  readonly sli: UptimeSli | ErrorRatioSli;
}

/** `up` is written by Prometheus for every scrape target: 1 when the scrape succeeded. */
const UP: MetricDefinition = { name: 'up', type: 'gauge', help: 'Whether the last scrape of the target succeeded', labels: [] };

/** The design's objectives for the API. */
export const API_SLOS = {
  /** Availability 99.9 %, measured by `up{job="api"}`, over 30 days. */
  availability: {
    name: 'Availability',
    objectivePercent: 99.9,
    warningPercent: 99.5,
    window: '30d',
    sli: { kind: 'uptime', selector: apiSelector(UP) },
  },
  /** Error rate under 0.1 %: 99.9 % of requests answered without a 5xx, over 30 days. */
  requests: {
    name: 'Request success',
    objectivePercent: 99.9,
    window: '30d',
    sli: {
      kind: 'error-ratio',
      errors: apiSelector(METRICS.httpRequestsTotal, { status: '=~5..' }),
      total: apiSelector(METRICS.httpRequestsTotal),
    },
  },
} as const satisfies Record<string, SloSpec>;

/** Checks an SLO spec; the messages name the SLO, the field, the value and the fix. */
export function checkSloSpec(spec: SloSpec): void {
  const at = `SLO ${JSON.stringify(spec.name)}`;
  if (!(spec.objectivePercent > 0 && spec.objectivePercent < 100)) {
    throw new Error(`${at}: objectivePercent ${spec.objectivePercent} is outside (0, 100). Give the target in percent, e.g. 99.9.`);
  }
  if (spec.warningPercent !== undefined && !(spec.warningPercent > 0 && spec.warningPercent < spec.objectivePercent)) {
    throw new Error(`${at}: warningPercent ${spec.warningPercent} must be above 0 and below objectivePercent ${spec.objectivePercent}. Lower it or leave it out.`);
  }
  durationToMs(spec.window, `${at}: window`);
}

/** The error budget as a fraction (99.9 % → 0.001), rounded so that 100 - 99.9 prints as 0.001. */
export function errorBudget(spec: SloSpec): number {
  return Number(((100 - spec.objectivePercent) / 100).toPrecision(12));
}

/**
 * PromQL of the share of samples that are 1 over the window (0 to 1). Summing samples and counting
 * them across series weighs each pod by how long it was scraped: a pod that lived an hour counts for
 * an hour, not as much as one that lived all month.
 */
function uptimeRatioExpr(sli: UptimeSli, window: Duration): string {
  return `sum(sum_over_time(${sli.selector}[${window}])) / sum(count_over_time(${sli.selector}[${window}]))`;
}

/** PromQL of the share of bad samples or events over the window (0 to 1). */
export function errorRatioExpr(spec: SloSpec): string {
  const sli = spec.sli;
  if (sli.kind === 'uptime') return `(1 - ${uptimeRatioExpr(sli, spec.window)})`;
  return `((sum(${rate(sli.errors, spec.window)}) or vector(0)) / sum(${rate(sli.total, spec.window)}))`;
}

/** PromQL of the attainment over the window, in percent. */
export function attainmentExpr(spec: SloSpec): string {
  const sli = spec.sli;
  return sli.kind === 'uptime' ? `100 * ${uptimeRatioExpr(sli, spec.window)}` : `100 * (1 - ${errorRatioExpr(spec)})`;
}

/** PromQL of the error budget left over the window, in percent of the budget (negative when overspent). */
export function budgetRemainingExpr(spec: SloSpec): string {
  return `100 * (1 - ${errorRatioExpr(spec)} / ${errorBudget(spec)})`;
}

/** Attainment of an objective over its window: green at or above the objective. */
export function attainmentPanel(spec: SloSpec, title = `${spec.name} (${spec.window})`): stat.PanelBuilder {
  checkSloSpec(spec);
  const steps: [number, 'yellow' | 'green'][] = [[spec.objectivePercent, 'green']];
  if (spec.warningPercent !== undefined) steps.unshift([spec.warningPercent, 'yellow']);
  return defaultStat(title, units.Percent)
    .description(`${spec.name} over the last ${spec.window}. Objective: ${spec.objectivePercent} %.`)
    .decimals(3)
    .thresholds(thresholds('red', ...steps))
    .links([dashboardLink('System overview', DASHBOARD_UIDS.systemOverview)])
    .withTarget(promInstant(attainmentExpr(spec), spec.name));
}

/** Error budget left over the window, in percent of the whole budget. */
export function errorBudgetPanel(spec: SloSpec, title = `${spec.name}: Error Budget Remaining`): gauge.PanelBuilder {
  checkSloSpec(spec);
  return defaultGauge(title, units.Percent)
    .description(
      `Share of the ${spec.window} error budget of "${spec.name}" (${Number((100 - spec.objectivePercent).toPrecision(12))} % of events may fail) not yet spent. ` +
        'Negative when the budget is overspent.',
    )
    .decimals(1)
    .min(0)
    .max(100)
    .thresholds(thresholds('red', [25, 'yellow'], [50, 'green']))
    .links([dashboardLink('System overview', DASHBOARD_UIDS.systemOverview)])
    .withTarget(promInstant(budgetRemainingExpr(spec), 'Budget remaining'));
}
