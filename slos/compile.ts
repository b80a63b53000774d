/**
 * Compiles SLOs into rule groups of the rule model (`rules/`), which validates and renders them like
 * every other group: per SLO, its bad and all events over 5m, the error ratio recorded over each
 * window of `SLO_WINDOWS` (the long windows from those recorded counts, in a group of their own
 * evaluated less often), then the `ErrorBudgetBurn` alerts of `BURN_RATE_ALERTS` reading the
 * recorded ratios.
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
 * The window of the recorded event counts, the building block of the long windows: short enough
 * that its raw read is cheap at every evaluation, long enough to hold two samples of a target
 * scraped every 2 minutes or more often (`rate` and `increase` need two samples).
 */
export const SLO_EVENTS_WINDOW = '5m' satisfies SloWindow;

/** Name of the recorded count of bad events over `SLO_EVENTS_WINDOW`, summed over all series. */
export const ERROR_EVENTS_RECORD = `slo:sli_errors:increase${SLO_EVENTS_WINDOW}`;

/** Name of the recorded count of all events over `SLO_EVENTS_WINDOW`, summed over all series. */
export const EVENTS_RECORD = `slo:sli_events:increase${SLO_EVENTS_WINDOW}`;

const selectorOf = (record: string, slo: Pick<Slo, 'name'>) => `${record}{slo=${JSON.stringify(slo.name)}}`;

/**
 * `part / all` (`1 - part / all` when `part` counts good events) without the 0/0 of a window with no
 * events: where `all` is 0 the ratio is 0 (no event failed), where `all` has no value (no series at
 * all) neither has the ratio.
 */
function guardedRatio(part: string, all: string, good = false): string {
  return `${good ? '1 - ' : ''}${part} / (${all} > 0) or ${all} * 0`;
}

/**
 * PromQL of the number of bad events over `SLO_EVENTS_WINDOW`, summed over every series. No error
 * series at all (no 5xx yet) means 0, not no data. For `uptime` an event is a scrape, so this is
 * the count of failed samples.
 */
export function errorEventsExpr(sli: Sli): string {
  const w = SLO_EVENTS_WINDOW;
  switch (sli.kind) {
    case 'error-ratio':
      return `sum(increase(${sli.errors}[${w}])) or vector(0)`;
    case 'good-ratio':
      return `sum(increase(${sli.total}[${w}])) - (sum(increase(${sli.good}[${w}])) or vector(0))`;
    case 'uptime':
      return `sum(count_over_time(${sli.selector}[${w}])) - sum(sum_over_time(${sli.selector}[${w}]))`;
  }
}

/** PromQL of the number of all events over `SLO_EVENTS_WINDOW`, summed over every series. */
export function eventsExpr(sli: Sli): string {
  const w = SLO_EVENTS_WINDOW;
  return sli.kind === 'uptime' ? `sum(count_over_time(${sli.selector}[${w}]))` : `sum(increase(${sli.total}[${w}]))`;
}

/**
 * PromQL of the share of bad events over a window (0 to 1) read from the raw series, summed over
 * every series, so each pod, endpoint and status weighs by its traffic. The windows from 30m to 6h
 * are recorded this way: exact at both edges of the window, which the pages' timing relies on,
 * and cheap enough at every evaluation. It is also the reference the recorded long windows are
 * proven against.
 */
export function rawErrorRatioExpr(sli: Sli, window: SloWindow): string {
  switch (sli.kind) {
    case 'error-ratio':
      return guardedRatio(`(sum(rate(${sli.errors}[${window}])) or vector(0))`, `sum(rate(${sli.total}[${window}]))`);
    case 'good-ratio':
      return guardedRatio(`(sum(rate(${sli.good}[${window}])) or vector(0))`, `sum(rate(${sli.total}[${window}]))`, true);
    case 'uptime':
      // Samples summed and counted over all series: each scrape is one event, whichever pod it hit.
      // A series with no sample in the window has no count, so this is never 0/0.
      return `1 - sum(sum_over_time(${sli.selector}[${window}])) / sum(count_over_time(${sli.selector}[${window}]))`;
  }
}

/**
 * PromQL of the error ratio over a window read from the recorded event counts: the 5m ratio from
 * this evaluation's counts, a longer window from the sums of the counts recorded within it. Each
 * count is recorded at every evaluation, so an event is counted in every record whose 5m it falls
 * in (about ten at a 30 s interval), bad and all events alike: the ratio stays weighted by events,
 * as if read from the raw series, while its cost depends on the window's length and the evaluation
 * interval, not on how many raw series the SLI sums. A stretch without records (Prometheus down)
 * drops the events of that stretch from the window instead of spoiling it.
 */
export function recordedErrorRatioExpr(slo: Pick<Slo, 'name'>, window: SloWindow): string {
  const [bad, all] = [ERROR_EVENTS_RECORD, EVENTS_RECORD].map((record) =>
    window === SLO_EVENTS_WINDOW ? selectorOf(record, slo) : `sum_over_time(${selectorOf(record, slo)}[${window}])`,
  );
  return guardedRatio(bad, all);
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
 * One SLO's two rule groups: `slo-<name>` records its event counts over 5m, then its error ratio
 * over the windows up to 6h, and holds the burn-rate alerts, at the global interval;
 * `slo-<name>-long` records 1d, 3d and 30d from the recorded counts every `SLO_LONG_WINDOW_INTERVAL`.
 */
export function sloRuleGroupsOf(slo: Slo): [RuleGroup, RuleGroup] {
  checkSlos([slo]);
  const labels = { slo: slo.name };
  const ratio = (window: SloWindow): RecordingRule => ({
    record: errorRatioRecord(window),
    expr: window === SLO_EVENTS_WINDOW || isLong(window) ? recordedErrorRatioExpr(slo, window) : rawErrorRatioExpr(slo.sli, window),
    labels,
  });
  // Prometheus evaluates a group in order: the 5m ratio reads the counts recorded just before it, and
  // the alerts this evaluation's short-window ratios; the long-window ones are those of the last
  // evaluation of the other group.
  const counts: RecordingRule[] = [
    { record: ERROR_EVENTS_RECORD, expr: errorEventsExpr(slo.sli), labels },
    { record: EVENTS_RECORD, expr: eventsExpr(slo.sli), labels },
  ];
  const short = SLO_WINDOWS.filter((window) => !isLong(window)).map(ratio);
  return [
    { name: sloGroupName(slo), rules: [...counts, ...short, ...BURN_RATE_ALERTS.map((policy) => burnAlert(slo, policy))] },
    { name: sloLongWindowGroupName(slo), interval: SLO_LONG_WINDOW_INTERVAL, rules: SLO_WINDOWS.filter(isLong).map(ratio) },
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
