/**
 * Compiles SLOs into rule groups of the rule model (`rules/`), which validates and renders them like
 * every other group: per SLO, the error ratio recorded over each window of `SLO_WINDOWS` (the long
 * windows in a group of their own, evaluated less often), then the `ErrorBudgetBurn` alerts of
 * `BURN_RATE_ALERTS` reading those recorded series.
 */
import type { AlertingRule, RecordingRule, RuleGroup } from '../rules/model';
import {
  BURN_RATE_ALERTS,
  checkSlos,
  errorBudget,
  SLO_LONG_WINDOW_INTERVAL,
  SLO_LONG_WINDOWS,
  SLO_PERIOD,
  SLO_WINDOWS,
  sloGroupName,
  sloLongWindowGroupName,
  type BurnRateAlert,
  type Sli,
  type Slo,
  type SloWindow,
} from './model';

/** The alert every burn-rate condition raises; `slo`, `long` and `short` labels tell them apart. */
export const ERROR_BUDGET_BURN = 'ErrorBudgetBurn';

/** Name of the recorded error ratio over a window, e.g. `slo:sli_error:ratio_rate5m`. */
export function errorRatioRecord(window: SloWindow): string {
  return `slo:sli_error:ratio_rate${window}`;
}

/** Selector of one SLO's recorded error ratio over a window. */
export function errorRatioSeries(slo: Pick<Slo, 'name'>, window: SloWindow): string {
  return `${errorRatioRecord(window)}{slo=${JSON.stringify(slo.name)}}`;
}

/**
 * PromQL of the share of bad events over a window (0 to 1), summed over every series, so each pod,
 * endpoint and status weighs by its traffic. No error series at all (no 5xx yet) means 0, not no data.
 * Every window, 30d included, reads the raw series: the ratio is exact and traffic-weighted (an
 * average of short-window ratios would weigh a quiet night like a busy day), and only these rules pay
 * for the long ranges, once per evaluation; alerts and panels read the recorded results.
 */
export function errorRatioExpr(sli: Sli, window: SloWindow): string {
  switch (sli.kind) {
    case 'error-ratio':
      return `(sum(rate(${sli.errors}[${window}])) or vector(0)) / sum(rate(${sli.total}[${window}]))`;
    case 'good-ratio':
      return `1 - (sum(rate(${sli.good}[${window}])) or vector(0)) / sum(rate(${sli.total}[${window}]))`;
    case 'uptime':
      // Samples summed and counted over all series: each scrape is one event, whichever pod it hit.
      return `1 - sum(sum_over_time(${sli.selector}[${window}])) / sum(count_over_time(${sli.selector}[${window}]))`;
  }
}

/** `0.001` → `0.1 %`, without floating-point noise. */
export function percentText(fraction: number): string {
  return `${Number((fraction * 100).toPrecision(12))} %`;
}

/** How long a whole 30-day budget lasts at a burn rate: `50 hours`, `5 days`. */
function budgetLasts(factor: number): string {
  const hours = 720 / factor;
  return hours < 72 ? `${Math.round(hours)} hours` : `${Math.round(hours / 24)} days`;
}

function burnAlert(slo: Slo, policy: BurnRateAlert): AlertingRule {
  const budget = errorBudget(slo);
  // Dividing by the budget makes the value the burn rate, which the description prints.
  const burn = (window: SloWindow) => `${errorRatioSeries(slo, window)} / ${budget} > ${policy.factor}`;
  return {
    alert: ERROR_BUDGET_BURN,
    expr: `${burn(policy.long)} and ${burn(policy.short)}`,
    for: policy.for,
    severity: policy.severity,
    labels: { slo: slo.name, long: policy.long, short: policy.short },
    summary: `${slo.title}: error budget burning faster than ${policy.factor}x over the last ${policy.long} and ${policy.short}`,
    description:
      `${slo.title} (objective ${slo.objective} % over ${SLO_PERIOD}, error budget ${percentText(budget)}): ` +
      `over the last ${policy.long} the budget was spent {{ printf "%.1f" $value }} times as fast as the objective allows, ` +
      `and over the last ${policy.short} still more than ${policy.factor} times. At ${policy.factor}x the whole ${SLO_PERIOD} budget lasts ${budgetLasts(policy.factor)}.`,
  };
}

const isLong = (window: SloWindow) => (SLO_LONG_WINDOWS as readonly SloWindow[]).includes(window);

/**
 * One SLO's two rule groups: `slo-<name>` records the windows up to 6h and holds the burn-rate
 * alerts, at the global interval; `slo-<name>-long` records 1d, 3d and 30d every
 * `SLO_LONG_WINDOW_INTERVAL`.
 */
export function sloRuleGroupsOf(slo: Slo): [RuleGroup, RuleGroup] {
  checkSlos([slo]);
  const record = (window: SloWindow): RecordingRule => ({ record: errorRatioRecord(window), expr: errorRatioExpr(slo.sli, window), labels: { slo: slo.name } });
  // Recording rules before the alerts: Prometheus evaluates a group in order, so the alerts read this
  // evaluation's short-window ratios; the long-window ones are those of the last evaluation of the other group.
  const short = SLO_WINDOWS.filter((window) => !isLong(window)).map(record);
  return [
    { name: sloGroupName(slo), rules: [...short, ...BURN_RATE_ALERTS.map((policy) => burnAlert(slo, policy))] },
    { name: sloLongWindowGroupName(slo), interval: SLO_LONG_WINDOW_INTERVAL, rules: SLO_WINDOWS.filter(isLong).map(record) },
  ];
}

/**
 * The rule groups of a list of SLOs, two per SLO (see `sloRuleGroupsOf`).
 * @throws an Error naming the SLO, the field and the fix when an SLO is invalid or two share a name or title
 */
export function sloRuleGroups(slos: readonly Slo[]): RuleGroup[] {
  checkSlos(slos);
  return slos.flatMap(sloRuleGroupsOf);
}
