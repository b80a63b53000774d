/**
 * Scenarios: synthetic series and the alerts expected from them, run by `promtool test rules`
 * (test/rules.test.ts). Each rule group's scenarios live next to it in `<group>.scenarios.ts`.
 */
import type { Duration } from '../config/units';
import { bucketLabel } from '../metrics';
import type { AlertTuning } from './model';

/** One input series in promtool notation, e.g. `values: '0+10x30'` (start 0, +10 per interval, 30 times). */
export interface InputSeries {
  readonly series: string;
  readonly values: string;
}

/** An alert expected to be firing: every label (including `alertname` and `severity`) and every annotation. */
export interface ExpectedAlert {
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

export interface AlertCheck {
  /** Time since the first sample. */
  readonly at: Duration;
  /** The firing alerts of the scenario's name at that time; empty means none (pending ones do not count). */
  readonly firing: readonly ExpectedAlert[];
}

export interface AlertScenario {
  readonly alert: string;
  /** What the scenario shows, as a sentence. */
  readonly name: string;
  /**
   * Time between two values of each series.
   * @default 1m
   */
  readonly interval?: Duration;
  /**
   * Tuning applied to the rules before the run, as an environment would.
   * @default - none
   */
  readonly tuning?: Readonly<Record<string, AlertTuning>>;
  readonly series: readonly InputSeries[];
  readonly checks: readonly AlertCheck[];
}

/** An alert's runbook_url under the default `alerting.runbookBaseUrl`, as the expectations state it. */
export function runbook(alert: string): string {
  return `docs/runbooks/${alert}.md`;
}

/** An alert expected to be firing: its name, severity and other labels, and its three annotations. */
export function firingAlert(alert: string, severity: string, labels: Readonly<Record<string, string>>, summary: string, description: string): ExpectedAlert {
  return { labels: { alertname: alert, ...labels, severity }, annotations: { summary, description, runbook_url: runbook(alert) } };
}

/** `name{a="1",b="2"}` from a metric name and labels. */
export function series(name: string, labels: Readonly<Record<string, string>>): string {
  return `${name}{${Object.entries(labels)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(',')}}`;
}

/**
 * The cumulative `_bucket` series of a histogram observed at a steady pace: `perInterval` maps a
 * bucket's upper bound to the observations falling into it (above the previous bound) per interval.
 */
export function histogramBuckets(
  name: string,
  labels: Readonly<Record<string, string>>,
  bounds: readonly number[],
  perInterval: Readonly<Record<number, number>>,
  samples: number,
): InputSeries[] {
  let cumulative = 0;
  const out: InputSeries[] = [];
  for (const le of [...bounds, Infinity]) {
    cumulative += perInterval[le] ?? 0;
    out.push({ series: series(`${name}_bucket`, { ...labels, le: bucketLabel(le) }), values: `0+${cumulative}x${samples}` });
  }
  return out;
}

/** The promtool test group of a scenario. */
export function promtoolTestGroup(scenario: AlertScenario): object {
  return {
    interval: scenario.interval ?? '1m',
    input_series: scenario.series.map((s) => ({ series: s.series, values: s.values })),
    alert_rule_test: scenario.checks.map((check) => ({
      eval_time: check.at,
      alertname: scenario.alert,
      exp_alerts: check.firing.map((a) => ({ exp_labels: a.labels, exp_annotations: a.annotations })),
    })),
  };
}
