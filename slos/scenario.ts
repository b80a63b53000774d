/**
 * SLO scenarios: synthetic series of one SLO and what its rules and panels must make of them, run by
 * `promtool test rules` with the SLO's rule group (test/slos.test.ts). Each SLO's scenarios live in
 * `<file>.scenarios.ts` next to its definition.
 */
import type { Duration } from '../config/units';
import type { AlertCheck, InputSeries } from '../rules/scenario';
import type { SloWindow } from './model';

export interface SloScenario {
  /** The SLO's name (its `slo` label). */
  readonly slo: string;
  /** What the scenario shows, as a sentence. */
  readonly name: string;
  /**
   * Time between two values of each series.
   * @default 1m
   */
  readonly interval?: Duration;
  /**
   * How often promtool evaluates the rules.
   * @default 1m
   */
  readonly evaluationInterval?: Duration;
  readonly series: readonly InputSeries[];
  /** The `ErrorBudgetBurn` alerts of this SLO firing at each time (pending ones do not count). */
  readonly alerts?: readonly AlertCheck[];
  /**
   * The recorded error ratio per window at a time, to eight decimals; `null` when the window holds
   * too few samples for a value. Windows left out are not checked.
   */
  readonly recorded?: { readonly at: Duration; readonly ratios: Readonly<Partial<Record<SloWindow, number | null>>> };
  /**
   * The error ratio per window read from the raw series at a time (`rawErrorRatioExpr`, the way the
   * windows up to 6h are recorded), to eight decimals: the reference the recorded long windows are
   * compared with.
   */
  readonly raw?: { readonly at: Duration; readonly ratios: Readonly<Partial<Record<SloWindow, number>>> };
  /**
   * What the SLO dashboard shows at a time: by panel title, then by query legend, rounded to the
   * decimals the panel displays.
   */
  readonly panels?: { readonly at: Duration; readonly shows: Readonly<Record<string, Readonly<Record<string, number>>>> };
}

/** A stretch of steady traffic: `samples` samples, each adding `total` events of which `bad` failed. */
export interface Phase {
  readonly samples: number;
  readonly total: number;
  readonly bad: number;
  /**
   * `false` when Prometheus was down: the counters grow as usual but no sample is taken.
   * @default true
   */
  readonly scraped?: boolean;
}

/** Runs of equal values `[value, count]` in promtool notation: `1x3` is four samples of 1; `null` is no sample (`_x3`: three). */
export function runValues(runs: readonly (readonly [number | null, number])[]): string {
  const merged: [number | null, number][] = [];
  for (const [value, count] of runs) {
    if (count <= 0) continue;
    const last = merged[merged.length - 1];
    if (last && last[0] === value) last[1] += count;
    else merged.push([value, count]);
  }
  return merged.map(([value, count]) => (value === null ? `_x${count}` : count === 1 ? String(value) : `${value}x${count - 1}`)).join(' ');
}

/**
 * A counter that starts at 0 and, in each phase, grows by `step(phase)` at each of `phase.samples`
 * samples: `1 + Σ samples` values. `undefined` when it never grows, as a labelled counter that was
 * never incremented is never exported.
 */
export function counterValues(phases: readonly Phase[], step: (phase: Phase) => number): string | undefined {
  let value = 0;
  const parts = ['0'];
  for (const phase of phases) {
    const by = step(phase);
    if (phase.samples <= 0) continue;
    if (phase.scraped === false) parts.push(`_x${phase.samples}`);
    else parts.push(by === 0 ? `${value}x${phase.samples - 1}` : `${value + by}+${by}x${phase.samples - 1}`);
    value += by * phase.samples;
  }
  return value === 0 ? undefined : parts.join(' ');
}
