/**
 * Scenarios of the platform's SLOs (slos/platform.ts), run by test/slos.test.ts with each SLO's rule
 * group. Every expected value is worked out by hand from the series, in the comments next to it.
 *
 * Arithmetic used throughout:
 * - A burn rate is the error ratio divided by the error budget: 0.1 % for the 99.9 % objectives,
 *   5 % for the 95 % ones. 20x is 2 % or 100 % errors, 4x is 0.4 % or 20 %, 0.5x is 0.05 % or 2.5 %.
 * - Counters start at 0 and grow by a fixed step per sample in each phase. Prometheus 3 (promtool
 *   3.5.3) reads a range left-open, (t - w, t]: a w window evaluated at a sample's time holds
 *   w / interval samples, so w / interval - 1 increments (Prometheus 2 also took the sample at
 *   t - w, one increment more). Numerator and denominator are sampled at the same times, so rate()
 *   extrapolates both by the same factor and a ratio of two rates is the ratio of the increments.
 * - `up` samples are events: a w window evaluated half an interval after a sample holds exactly
 *   w / interval samples of each target.
 * - The 5m event counts are recorded at every evaluation, and the 1d, 3d and 30d windows sum the
 *   counts recorded within them. Evaluated every 5m, the records tile time: a record at t holds the
 *   samples of (t - 5m, t], so over 1m samples the last 4 increments, extrapolated by rate() to the
 *   5 of its five minutes (when its first sample is a minute after the window's start and the
 *   counter at it at least one step above 0). Phases that change on a multiple of 5 minutes keep
 *   every record within one phase, so the records add up to every increment since the first sample.
 * - 30-day scenarios sample every 2m30s, so a 5m window holds two samples (one increment,
 *   extrapolated to two), and evaluate once a day: each day's record stands for that day, whose
 *   traffic is steady. promtool evaluates every rule at every step, and a step per 5m over 35 days
 *   would take it minutes.
 */
import { bucketLabel, METRICS } from '../metrics';
import { series, type ExpectedAlert, type InputSeries } from '../rules/scenario';
import { counterValues, runValues, type Phase, type SloScenario } from './scenario';

const NAMESPACE = 'agent-platform';
const api = (pod: string, extra: Record<string, string> = {}) => ({ job: 'api', namespace: NAMESPACE, pod, instance: `${pod}:8000`, ...extra });
/** A counter that exists but never grows (histogram buckets are exported from the start), unsampled while Prometheus is down. */
const flat = (phases: readonly Phase[]) =>
  ['0', ...phases.filter((p) => p.samples > 0).map((p) => (p.scraped === false ? `_x${p.samples}` : `0x${p.samples - 1}`))].join(' ');

// --- Series of each SLI --------------------------------------------------------------------------------

/** Good requests answered 200 by api-a, failed ones 503 by api-b; a worker's 5xx are not the API's. */
function requests(phases: readonly Phase[]): InputSeries[] {
  const name = METRICS.httpRequestsTotal.name;
  const good = counterValues(phases, (p) => p.total - p.bad);
  const bad = counterValues(phases, (p) => p.bad);
  return [
    ...(good ? [{ series: series(name, api('api-a', { method: 'GET', endpoint: '/agents', status: '200' })), values: good }] : []),
    ...(bad ? [{ series: series(name, api('api-b', { method: 'POST', endpoint: '/agents/{id}/execute', status: '503' })), values: bad }] : []),
    { series: series(name, { job: 'worker', namespace: NAMESPACE, pod: 'worker-0', status: '500' }), values: counterValues(phases, (p) => p.total)! },
  ];
}

/**
 * Request durations: good requests take 0.3 s on api-a (inside the 0.5 s bucket, above the 0.25 s
 * one), slow ones 0.8 s on api-b. Every bucket and `_count` of both pods are exported.
 */
function latency(phases: readonly Phase[]): InputSeries[] {
  const histogram = METRICS.httpRequestDurationSeconds;
  const pods: [string, number, (p: Phase) => number][] = [
    ['api-a', 0.3, (p) => p.total - p.bad],
    ['api-b', 0.8, (p) => p.bad],
  ];
  return pods.flatMap(([pod, seconds, step]) => {
    const labels = api(pod, { method: 'GET', endpoint: '/agents' });
    const observed = counterValues(phases, step) ?? flat(phases);
    return [
      ...[...histogram.buckets!, Infinity].map((le) => ({
        series: series(`${histogram.name}_bucket`, { ...labels, le: bucketLabel(le) }),
        values: seconds <= le ? observed : flat(phases),
      })),
      { series: series(`${histogram.name}_count`, labels), values: observed },
    ];
  });
}

/** Agent executions: successes of agent research, failures of agent summarize. */
function executions(phases: readonly Phase[]): InputSeries[] {
  const name = METRICS.agentExecutionsTotal.name;
  const good = counterValues(phases, (p) => p.total - p.bad);
  const bad = counterValues(phases, (p) => p.bad);
  return [
    ...(good ? [{ series: series(name, api('api-a', { agent_id: 'research', status: 'success' })), values: good }] : []),
    ...(bad ? [{ series: series(name, api('api-a', { agent_id: 'summarize', status: 'failure' })), values: bad }] : []),
  ];
}

/** A stretch of scrapes: `samples` samples of every target, `down` of them failing per sample on average. */
interface ScrapePhase {
  readonly samples: number;
  readonly down: number;
  /** `false` when Prometheus was down: no sample of any target. @default true */
  readonly scraped?: boolean;
}

/**
 * `up` of `targets` API pods. Failures are spread evenly: with `down: 0.1`, one target fails at every
 * tenth sample (samples 9, 19, 29, …); with `down: 2`, two targets fail at every sample. A Grafana
 * target that is always down is not the API's.
 */
function scrapes(targets: number, phases: readonly ScrapePhase[]): InputSeries[] {
  const downs: (number | null)[] = [];
  let failed = 0;
  for (const phase of phases) {
    for (let i = 0; i < phase.samples; i++) {
      if (phase.scraped === false) {
        downs.push(null);
        continue;
      }
      const before = Math.floor(failed + 1e-9);
      failed += phase.down;
      downs.push(Math.floor(failed + 1e-9) - before);
    }
  }
  return [
    ...Array.from({ length: targets }, (_, target) => ({
      series: series('up', api(`api-${target}`)),
      values: runValues(downs.map((down) => [down === null ? null : target < down ? 0 : 1, 1] as const)),
    })),
    { series: series('up', { job: 'grafana', namespace: 'monitoring', pod: 'grafana-0' }), values: runValues(downs.map((down) => [down === null ? null : 0, 1] as const)) },
  ];
}

// --- Expected alerts -------------------------------------------------------------------------------------

/** What the alert texts say of an SLO, written out here as the contract. */
interface SloTexts {
  readonly slo: string;
  readonly title: string;
  /** e.g. `99.9` */
  readonly objective: string;
  /** e.g. `0.1 %` */
  readonly budget: string;
}

/** The four burn-rate conditions: factor, windows, severity, how long a budget lasts at the factor. */
const CONDITIONS = {
  fastPage: { factor: '14.4', long: '1h', short: '5m', severity: 'critical', lasts: '50 hours' },
  slowPage: { factor: '6', long: '6h', short: '30m', severity: 'critical', lasts: '5 days' },
  fastTicket: { factor: '3', long: '1d', short: '2h', severity: 'warning', lasts: '10 days' },
  slowTicket: { factor: '1', long: '3d', short: '6h', severity: 'warning', lasts: '30 days' },
} as const;

/** The ErrorBudgetBurn alert of a condition, `burn` being the long window's burn rate as printed. */
function burnAlert(slo: SloTexts, condition: keyof typeof CONDITIONS, burn: string): ExpectedAlert {
  const c = CONDITIONS[condition];
  return {
    labels: { alertname: 'ErrorBudgetBurn', slo: slo.slo, long: c.long, short: c.short, severity: c.severity },
    annotations: {
      summary: `${slo.title}: error budget burning faster than ${c.factor}x over the last ${c.long} and ${c.short}`,
      description:
        `${slo.title} (objective ${slo.objective} % over 30d, error budget ${slo.budget}): over the last ${c.long} the budget was spent ` +
        `${burn} times as fast as the objective allows, and over the last ${c.short} still more than ${c.factor} times. ` +
        `At ${c.factor}x the whole 30d budget lasts ${c.lasts}.`,
      runbook_url: 'docs/runbooks/ErrorBudgetBurn.md',
    },
  };
}

// --- SLOs on counters -----------------------------------------------------------------------------------

/** The traffic and the hand-worked answers of one counter-based SLO's scenarios. */
interface CounterSlo extends SloTexts {
  readonly fixture: (phases: readonly Phase[]) => InputSeries[];
  /** Events per minute in the burn scenarios, and the failed ones at 20x, 4x and 0.5x. */
  readonly perMinute: { readonly total: number; readonly at20x: number; readonly at4x: number; readonly atHalf: number; readonly halfTotal: number };
  /** The one-minute step scenario's phases (60, 240, 90 and 30 minutes) and its ratios at 7h. */
  readonly step: { readonly phases: readonly Phase[]; readonly ratios: Record<'5m' | '30m' | '1h' | '2h' | '6h' | '1d', number>; readonly burn: Record<string, number> };
  /**
   * The 35-day scenario's phases (see `monthPhases`), its recorded ratios at 35 days, the same
   * windows read from the raw series, and the 30d average of its recorded 5m ratios.
   */
  readonly month: {
    readonly phases: readonly Phase[];
    readonly ratios: Record<'5m' | '1d' | '3d' | '30d', number>;
    readonly raw: Record<'1d' | '3d' | '30d', number>;
  };
  /** Events per 2m30s sample over 30 days at 0.5x, and the SLI the dashboard then shows. */
  readonly period: { readonly total: number; readonly bad: number; readonly sli: number };
}

function counterScenarios(s: CounterSlo): SloScenario[] {
  const m = s.perMinute;
  return [
    {
      slo: s.slo,
      name: `a steady 20x burn (${m.at20x} of ${m.total} a minute fail) pages within ten minutes; the six-hour page follows at 16m`,
      series: s.fixture([{ samples: 30, total: m.total, bad: m.at20x }]),
      // Both windows hold 20x from the first rate at 1m: pending from 1m, firing from 3m (for 2m) and from 16m (for 15m).
      alerts: [
        { at: '2m', firing: [] },
        { at: '10m', firing: [burnAlert(s, 'fastPage', '20.0')] },
        { at: '20m', firing: [burnAlert(s, 'fastPage', '20.0'), burnAlert(s, 'slowPage', '20.0')] },
      ],
    },
    {
      slo: s.slo,
      name: `a steady 0.5x burn (${m.atHalf} of ${m.halfTotal} a minute fail) raises no burn alert over six hours`,
      series: s.fixture([{ samples: 360, total: m.halfTotal, bad: m.atHalf }]),
      alerts: [
        { at: '1h', firing: [] },
        { at: '3h', firing: [] },
        { at: '6h', firing: [] },
      ],
    },
    {
      slo: s.slo,
      name: `a steady 4x burn (${m.at4x} of ${m.total} a minute fail) opens both tickets and never pages`,
      series: s.fixture([{ samples: 200, total: m.total, bad: m.at4x }]),
      // 4x is above 3 and 1 but below 6 and 14.4: the 1d/2h ticket fires from 61m (for 1h), the 3d/6h one from 181m (for 3h).
      alerts: [
        { at: '30m', firing: [] },
        { at: '100m', firing: [burnAlert(s, 'fastTicket', '4.0')] },
        { at: '195m', firing: [burnAlert(s, 'fastTicket', '4.0'), burnAlert(s, 'slowTicket', '4.0')] },
      ],
    },
    {
      slo: s.slo,
      name: 'the recorded ratios over 5m to 1d match the increments of each window after 7 hours of changing error rates',
      evaluationInterval: '5m',
      series: s.fixture(s.step.phases),
      recorded: { at: '7h', ratios: { ...s.step.ratios, '3d': s.step.ratios['1d'], '30d': s.step.ratios['1d'] } },
      panels: { at: '7h', shows: { [`${s.title}: Burn Rate`]: s.step.burn } },
    },
    {
      slo: s.slo,
      name: 'the recorded 1d, 3d and 30d ratios equal the raw series’ after 35 days, through days without traffic and a day Prometheus was down',
      interval: '2m30s',
      evaluationInterval: '24h',
      series: s.fixture(s.month.phases),
      recorded: { at: '840h', ratios: s.month.ratios },
      raw: { at: '840h', ratios: s.month.raw },
    },
    {
      slo: s.slo,
      name: 'a steady 0.5x burn over the whole 30 days leaves half the error budget',
      interval: '2m30s',
      evaluationInterval: '24h',
      series: s.fixture([{ samples: 17_280, total: s.period.total, bad: s.period.bad }]),
      panels: {
        at: '720h',
        shows: {
          [`${s.title} (30d)`]: { SLI: s.period.sli, Objective: Number(s.objective) },
          [`${s.title}: Error Budget Remaining`]: { 'Budget remaining': 50 },
          'Error Budget Remaining': { [s.title]: 50 },
        },
      },
    },
  ];
}

/**
 * The step scenario's phases, by minute: 60 minutes at `a` failures a minute, 240 at `b`, 90 at `c`,
 * then 30 at `d` (increments 1-60, 61-300, 301-390, 391-420, numbered by the sample they end at).
 * Read at 7h (sample 420), a w-minute window holds samples 421 - w to 420, so the last w - 1
 * increments: 5m and 30m: d only; 1h: 30 d + 29 c; 2h: 30 d + 89 c; 6h: 30 d + 90 c + 239 b;
 * 1d and longer: all 420 (the window reaches back past the first sample).
 */
const stepPhases = (total: number, [a, b, c, d]: readonly [number, number, number, number]): Phase[] => [
  { samples: 60, total, bad: a },
  { samples: 240, total, bad: b },
  { samples: 90, total, bad: c },
  { samples: 30, total, bad: d },
];

/** Samples of a day at one every 2m30s. */
const DAY = 576;

/**
 * Phases of whole days, scraped only in the last 5 minutes of each day (two samples): the counters
 * grow all day, a raw window counts the whole day's growth across the unscraped stretch, and promtool
 * refuses a query that loads more than about 10 000 samples, which a raw 30d read of dense series
 * would. A record at the end of each day sees the same two samples either way.
 */
function dayEnds<P extends { samples: number; scraped?: boolean }>(phases: readonly P[]): P[] {
  return phases.flatMap((phase) =>
    phase.scraped === false
      ? [phase]
      : Array.from({ length: phase.samples / DAY }, () => [
          { ...phase, samples: DAY - 2, scraped: false },
          { ...phase, samples: 2 },
        ]).flat(),
  );
}

/**
 * The 35-day scenario's phases, by day (day k is (k - 1, k] days; the scenario is read at the end of
 * day 35, so 30d holds days 6-35, 3d days 33-35 and 1d day 35):
 * days 1-5 `before` failures of `total` per 2m30s (outside every window, must not count); day 6 no
 * traffic; days 7-20 `a` of `total`; day 21 Prometheus down (no sample, no record) while `gap` of
 * `total` fail; days 22-32 `b` of `quiet` (a tenth of the traffic); day 33 none; day 34 `c` of
 * `total`; day 35 none. Left-open, a raw window misses the growth up to its first sample, which
 * here lies in a day without traffic, so raw and recorded windows see the same days; they differ
 * only by day 21, whose events the raw series count across the gap and no record holds.
 */
const monthPhases = (total: number, quiet: number, [before, a, gap, b, c]: readonly number[]): Phase[] =>
  dayEnds([
    { samples: 5 * DAY, total, bad: before },
    { samples: DAY, total: 0, bad: 0 },
    { samples: 14 * DAY, total, bad: a },
    { samples: DAY, total, bad: gap, scraped: false },
    { samples: 11 * DAY, total: quiet, bad: b },
    { samples: DAY, total: 0, bad: 0 },
    { samples: DAY, total, bad: c },
    { samples: DAY, total: 0, bad: 0 },
  ]);

const ERRORS_TEXTS: SloTexts = { slo: 'api-errors', title: 'Error rate', objective: '99.9', budget: '0.1 %' };

export const apiErrorsScenarios: readonly SloScenario[] = [
  ...counterScenarios({
    ...ERRORS_TEXTS,
    fixture: requests,
    // 20 / 1000 = 2 % = 20x; 4 / 1000 = 0.4 % = 4x; 1 / 2000 = 0.05 % = 0.5x.
    perMinute: { total: 1000, at20x: 20, at4x: 4, atHalf: 1, halfTotal: 2000 },
    step: {
      // a, b, c, d = 3, 1, 10, 40 of 1000 a minute.
      phases: stepPhases(1000, [3, 1, 10, 40]),
      ratios: {
        '5m': 0.04, // 4 × 40 / 4000
        '30m': 0.04, // 29 × 40 / 29 000
        '1h': 0.02525424, // (30 × 40 + 29 × 10) / 59 000 = 1490 / 59 000 = 0.0252542372…
        '2h': 0.01756303, // (1200 + 89 × 10) / 119 000 = 2090 / 119 000 = 0.0175630252…
        '6h': 0.00651532, // (1200 + 900 + 239 × 1) / 359 000 = 2339 / 359 000 = 0.0065153203…
        '1d': 0.006, // (1200 + 900 + 240 × 1 + 60 × 3) / 420 000 = 2520 / 420 000
      },
      // The ratios over the 0.001 budget, as the panel rounds them to two decimals.
      burn: { '5m': 40, '30m': 40, '1h': 25.25, '2h': 17.56, '6h': 6.52, '1d': 6, '3d': 6, '30d': 6 },
    },
    month: {
      // 2500 requests a sample (1000 a minute), 250 on the quiet days; 250 fail a sample before the window.
      phases: monthPhases(2500, 250, [250, 1, 25, 1, 10]),
      // Records: one a day, each the day's last increment twice (two samples in 5m, extrapolated to two increments).
      ratios: {
        '5m': 0, // day 35 has no traffic: 0 of 0, not NaN
        '1d': 0, // day 35 only: 0 of 0
        '3d': 0.004, // days 33-35: (0 + 2 × 10 + 0) / (0 + 2 × 2500 + 0) = 20 / 5000
        // days 6-35 without 21: 2 × (14 × 1 + 11 × 1 + 10) / 2 × (14 × 2500 + 11 × 250 + 2500) = 35 / 40 250 = 0.000869565…
        '30d': 0.00086957,
      },
      raw: {
        '1d': 0, // day 35's growth: 0 of 0
        '3d': 0.004, // 576 × 10 / 576 × 2500 (day 33's and day 35's growth add nothing)
        // days 6-35, day 21 included (its 576 increments are in the jump across the gap):
        // (14 × 1 + 25 + 11 × 1 + 10) / (14 × 2500 + 2500 + 11 × 250 + 2500) = 60 / 42 750 = 0.001403508…
        '30d': 0.00140351,
      },
    },
    // 1 of 2000 a sample = 0.05 %: the SLI is 99.95 %, half the 0.1 % budget is spent.
    period: { total: 2000, bad: 1, sli: 99.95 },
  }),
  {
    slo: ERRORS_TEXTS.slo,
    // The ten-minute page above starts from an empty window. With clean traffic before it, the 1h window
    // averages 20 × k / 60 after k minutes of burn, above 14.4 from k = 44 (the workbook's 14.4 / 20 × 60 min);
    // paging from 46m (for 2m). At 50 minutes in: 50 × 20 / 60 000 = 1.67 % = 16.7x. The 6h window needs
    // 20 × k / 360 > 6, k > 108, so the six-hour page stays pending or quiet within the hour.
    name: 'after six clean hours, a 20x burn pages once the 1h window averages above 14.4x, 46 minutes in',
    series: requests([
      { samples: 360, total: 1000, bad: 0 },
      { samples: 60, total: 1000, bad: 20 },
    ]),
    alerts: [
      { at: '400m', firing: [] },
      { at: '410m', firing: [burnAlert(ERRORS_TEXTS, 'fastPage', '16.7')] },
    ],
  },
];

/** The step and hourly numbers of the two 95 % objectives: a tenth of the traffic of api-errors, the same failures. */
const NINETY_FIVE = {
  // 100 / 100 = 100 % = 20x (everything fails); 20 / 100 = 20 % = 4x; 5 / 200 = 2.5 % = 0.5x.
  perMinute: { total: 100, at20x: 100, at4x: 20, atHalf: 5, halfTotal: 200 },
  step: {
    phases: stepPhases(100, [3, 1, 10, 40]),
    // As for api-errors, over 100 instead of 1000 requests a minute: ten times the ratios
    // (1490 / 5900, 2090 / 11 900, 2339 / 35 900, 2520 / 42 000).
    ratios: { '5m': 0.4, '30m': 0.4, '1h': 0.25254237, '2h': 0.17563025, '6h': 0.0651532, '1d': 0.06 },
    // The ratios over the 0.05 budget, to two decimals: 5.0508…, 3.5126…, 1.3030…
    burn: { '5m': 8, '30m': 8, '1h': 5.05, '2h': 3.51, '6h': 1.3, '1d': 1.2, '3d': 1.2, '30d': 1.2 },
  },
  month: {
    // 250 events a sample, 25 on the quiet days, the same failures: ten times api-errors' ratios.
    phases: monthPhases(250, 25, [125, 1, 25, 1, 10]),
    // 20 / 500; 70 / 8050 = 0.00869565…
    ratios: { '5m': 0, '1d': 0, '3d': 0.04, '30d': 0.00869565 },
    // 10 / 250; 60 / 4275 = 0.01403508…
    raw: { '1d': 0, '3d': 0.04, '30d': 0.01403509 },
  },
  // 5 of 200 a sample = 2.5 %: the SLI is 97.5 %, half the 5 % budget is spent.
  period: { total: 200, bad: 5, sli: 97.5 },
};

export const apiLatencyScenarios: readonly SloScenario[] = counterScenarios({
  slo: 'api-latency',
  title: 'Latency',
  objective: '95',
  budget: '5 %',
  fixture: latency,
  ...NINETY_FIVE,
});

export const agentSuccessScenarios: readonly SloScenario[] = counterScenarios({
  slo: 'agent-success',
  title: 'Agent success rate',
  objective: '95',
  budget: '5 %',
  fixture: executions,
  ...NINETY_FIVE,
});

// --- Availability, from up ---------------------------------------------------------------------------------

const AVAILABILITY: SloTexts = { slo: 'api-availability', title: 'Availability', objective: '99.9', budget: '0.1 %' };

export const apiAvailabilityScenarios: readonly SloScenario[] = [
  {
    slo: AVAILABILITY.slo,
    name: 'one of 50 pods failing every scrape (2 % = 20x) pages within ten minutes; the six-hour page follows at 15m',
    series: scrapes(50, [{ samples: 31, down: 1 }]),
    // A ratio of samples exists from the first sample: pending from 0, firing from 2m (for 2m) and 15m (for 15m).
    alerts: [
      { at: '1m', firing: [] },
      { at: '10m', firing: [burnAlert(AVAILABILITY, 'fastPage', '20.0')] },
      { at: '20m', firing: [burnAlert(AVAILABILITY, 'fastPage', '20.0'), burnAlert(AVAILABILITY, 'slowPage', '20.0')] },
    ],
  },
  {
    slo: AVAILABILITY.slo,
    name: 'one failed scrape in every 100 samples of 20 pods (0.05 % = 0.5x) raises no burn alert over six hours',
    series: scrapes(20, [{ samples: 361, down: 0.01 }]),
    alerts: [
      { at: '1h', firing: [] },
      { at: '3h', firing: [] },
      { at: '6h', firing: [] },
    ],
  },
  {
    slo: AVAILABILITY.slo,
    name: 'one failed scrape in every 10 samples of 25 pods (0.4 % = 4x) opens both tickets and never pages',
    series: scrapes(25, [{ samples: 201, down: 0.1 }]),
    // Failures at samples 9, 19, …: from 29m on the 2h ratio (all samples since the start) stays above 0.3 %
    // (3 of 30 × 25 samples), the 6h one from 9m above 0.1 %. The 5m counts are recorded every minute, a record
    // at t holding each pod's samples in (t - 5m, t]; the 1d and 3d windows reach back past the first sample and
    // weigh each sample by the records holding it: 5, and 4, 3, 2, 1 for the last four. Recorded at minute R ≥ 4
    // they weigh 25 × (5R - 5) samples. The long ratios are recorded every 2m30s and an alert reads the last record.
    // 1d/2h: the 1d ratio is above 0.3 % from the 27.5m record (failures 9 and 19 weigh 10 of 25 × 130: 0.31 %),
    // so the ticket holds from 29m and fires from 89m. 3d/6h: from the 10m record (failure 9 weighs 2 of 25 × 45:
    // 0.18 %), firing from 190m. At 101m the alert reads the 100m record: failures 9-89 weigh 5, 99 weighs 2:
    // 47 of 25 × 495 = 12 375 = 0.380 % = 3.8x. At 195m the 195m record: 19 × 5 = 95 of 25 × 970 = 24 250 = 3.9x.
    alerts: [
      { at: '30m', firing: [] },
      { at: '101m', firing: [burnAlert(AVAILABILITY, 'fastTicket', '3.8')] },
      { at: '195m', firing: [burnAlert(AVAILABILITY, 'fastTicket', '3.9'), burnAlert(AVAILABILITY, 'slowTicket', '3.9')] },
    ],
  },
  {
    slo: AVAILABILITY.slo,
    // Samples 0-60 with 1 of 20 pods down, 61-300 with none, 301-390 with 1, 391-420 with 2. Read at 7h30s,
    // a w-minute window holds the last w samples of each pod.
    // Evaluated every 5m, the records of the 5m counts hold each sample once: 1d and longer, all 421 samples.
    name: 'the recorded ratios over 5m to 30d match the failed share of the samples in each window after 7 hours',
    evaluationInterval: '5m',
    series: scrapes(20, [
      { samples: 61, down: 1 },
      { samples: 240, down: 0 },
      { samples: 90, down: 1 },
      { samples: 30, down: 2 },
    ]),
    recorded: {
      at: '7h30s',
      ratios: {
        '5m': 0.1, // 2 / 20
        '30m': 0.1,
        '1h': 0.075, // (30 × 2 + 30 × 1) / (60 × 20) = 90 / 1200
        '2h': 0.0625, // (60 + 90 × 1) / (120 × 20) = 150 / 2400
        '6h': 0.02083333, // (150 + 240 × 0) / (360 × 20) = 150 / 7200
        '1d': 0.02505938, // (150 + 61 × 1) / (421 × 20) = 211 / 8420: all samples
        '3d': 0.02505938,
        '30d': 0.02505938,
      },
    },
    // The ratios over the 0.001 budget, to two decimals.
    panels: { at: '7h30s', shows: { 'Availability: Burn Rate': { '5m': 100, '30m': 100, '1h': 75, '2h': 62.5, '6h': 20.83, '1d': 25.06, '3d': 25.06, '30d': 25.06 } } },
  },
  {
    slo: AVAILABILITY.slo,
    // pod-a is up at all 421 samples; pod-b exists only for the last 60 (samples 361-420) and fails the first 30 of them.
    // Each scrape counts once: 1h holds 60 + 60 samples, 2h 120 + 60, 6h 360 + 60, 1d all 421 + 60. An average of the
    // pods' averages would count pod-b's half hour of failures as half of all the time (25 %).
    name: 'a pod that lived one hour weighs by its scrapes, not as much as a pod that lived all along',
    evaluationInterval: '5m',
    series: [
      { series: series('up', api('api-a')), values: runValues([[1, 421]]) },
      { series: series('up', api('api-b')), values: `_x361 ${runValues([[0, 30], [1, 30]])}` },
    ],
    recorded: {
      at: '7h30s',
      ratios: {
        '5m': 0,
        '30m': 0,
        '1h': 0.25, // 30 / 120
        '2h': 0.16666667, // 30 / 180
        '6h': 0.07142857, // 30 / 420
        '1d': 0.06237006, // 30 / 481
        '30d': 0.06237006,
      },
    },
  },
  {
    slo: AVAILABILITY.slo,
    // Ten pods sampled every 2m30s, evaluated once a day; day k is (k - 1, k] days, read at the end of day 35.
    // Days 1-5 all down (outside every window), 6-20 one down, day 21 Prometheus down (no sample), 22-33 none,
    // 34 two, 35 four. Scraped in the last 5 minutes of each day (see dayEnds): a record and the raw window
    // both hold each pod's two samples of each day. Without a sample neither counts day 21.
    name: 'the recorded 1d, 3d and 30d ratios equal the raw samples’ after 35 days, through a day Prometheus was down',
    interval: '2m30s',
    evaluationInterval: '24h',
    series: scrapes(10, [
      { samples: 1, down: 10 },
      ...dayEnds([
        { samples: 5 * DAY, down: 10 },
        { samples: 15 * DAY, down: 1 },
        { samples: DAY, down: 0, scraped: false },
        { samples: 12 * DAY, down: 0 },
        { samples: DAY, down: 2 },
        { samples: DAY, down: 4 },
      ]),
    ]),
    recorded: {
      at: '840h',
      ratios: {
        '5m': 0.4, // 4 / 10
        '1d': 0.4, // 2 × 4 / (2 × 10)
        '3d': 0.2, // 2 × (0 + 2 + 4) / (3 × 2 × 10) = 12 / 60
        '30d': 0.07241379, // 2 × (15 × 1 + 2 + 4) / (29 × 2 × 10) = 42 / 580 = 0.0724137931…
      },
    },
    raw: {
      at: '840h',
      ratios: {
        '1d': 0.4, // 2 × 4 / (2 × 10)
        '3d': 0.2, // 2 × 6 / (3 × 2 × 10)
        '30d': 0.07241379, // 2 × 21 / (29 × 2 × 10)
      },
    },
  },
  {
    slo: AVAILABILITY.slo,
    // 100 pods sampled every 2m30s for 30 days, evaluated once a day: the 30 records in (0, 720h] hold each
    // pod's two samples of the last 5 minutes of each day, 6000 in all. api-0 fails at the end of days 5, 15
    // and 25 (samples 2880, 8640, 14 400), which the records count: 3 / 6000 = 0.05 % = 0.5x.
    name: 'three failed scrapes in the recorded samples of 30 days (0.05 % = 0.5x) leave half the error budget',
    interval: '2m30s',
    evaluationInterval: '24h',
    series: scrapes(100, [
      { samples: 5 * DAY, down: 0 },
      ...[1, 2].flatMap(() => [
        { samples: 1, down: 1 },
        { samples: 10 * DAY - 1, down: 0 },
      ]),
      { samples: 1, down: 1 },
      { samples: 5 * DAY, down: 0 },
    ]),
    panels: {
      at: '720h',
      shows: {
        'Availability (30d)': { SLI: 99.95, Objective: 99.9 },
        'Availability: Error Budget Remaining': { 'Budget remaining': 50 },
        'Error Budget Remaining': { Availability: 50 },
      },
    },
  },
];

/** Every SLO scenario, by SLO. */
export const PLATFORM_SLO_SCENARIOS: readonly SloScenario[] = [
  ...apiAvailabilityScenarios,
  ...apiLatencyScenarios,
  ...apiErrorsScenarios,
  ...agentSuccessScenarios,
];
