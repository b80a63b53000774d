/**
 * The lines and colour steps panels draw, read from the environment's compiled rules and SLOs: an
 * alert's threshold as Prometheus evaluates it (tuning applied), an SLO's objective as its rules
 * record it. Tuning an alert or an objective moves the panel that shows it.
 */
import type { EnvironmentConfig } from '../config/types';
import { alertThreshold, type CompiledRuleGroup } from '../rules/compile';
import { errorBudget, type Slo } from '../slos/model';

/** What a dashboard of an environment reads: its config, its compiled rules and its SLOs. */
export interface DashboardSources {
  readonly config: EnvironmentConfig;
  /** Every rule file Prometheus loads, tuned and validated. */
  readonly ruleGroups: readonly CompiledRuleGroup[];
  /** The environment's SLOs, without the disabled ones. */
  readonly slos: readonly Slo[];
}

/** A number as a panel's text shows it, without floating-point noise (`0.1`, not `0.09999999999999432`). */
export function shown(value: number): number {
  return Number(value.toPrecision(12));
}

/** The threshold of an alert in the environment, or undefined where it is disabled. */
export function alertLine(sources: DashboardSources, alert: string): number | undefined {
  return alertThreshold(sources.ruleGroups, alert);
}

/** An SLO of the environment by name, or undefined where it is disabled. */
export function sloNamed(sources: DashboardSources, name: string): Slo | undefined {
  return sources.slos.find((slo) => slo.name === name);
}

/** The share of events an SLO lets fail, in percent: 99.9 % leaves 0.1 %. */
export function errorBudgetPercent(slo: Slo): number {
  return shown(errorBudget(slo) * 100);
}

/**
 * The latency bound of a latency SLO, in seconds: the `le` of the histogram bucket its good events
 * are counted from. Undefined for an SLO that counts good events otherwise.
 */
export function latencyBoundSeconds(slo: Slo): number | undefined {
  if (slo.sli.kind !== 'good-ratio') return undefined;
  const le = /[{,]le="([^"]+)"/.exec(slo.sli.good)?.[1];
  return le === undefined ? undefined : Number(le);
}

/** "Dashed lines: the 0.1 % objective and the 5 % alert." for the lines a panel draws; empty without any. */
export function linesText(lines: readonly (string | undefined)[], suffix = ''): string {
  const drawn = lines.filter((line): line is string => line !== undefined);
  if (drawn.length === 0) return '';
  return ` Dashed line${drawn.length > 1 ? 's' : ''}: ${drawn.join(' and ')}${suffix}.`;
}
