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
 * - Scenarios that only read recorded values evaluate the rules at the start and at the time they
 *   read, nothing in between (`evaluationInterval` is that time): a recorded value depends only on
 *   the samples in its window, and promtool would otherwise evaluate every rule at every step.
 */
import { bucketLabel, METRICS } from '../metrics';
import { series, type ExpectedAlert, type InputSeries } from '../rules/scenario';
import { counterValues, runValues, type Phase, type SloScenario } from './scenario';

const NAMESPACE = 'agent-platform';
const api = (pod: string, extra: Record<string, string> = {}) => ({ job: 'api', namespace: NAMESPACE, pod, instance: `${pod}:8000`, ...extra });
const samplesOf = (phases: readonly { samples: number }[]) => phases.reduce((sum, p) => sum + p.samples, 0);
/** A counter that exists but never grows (histogram buckets are exported from the start). */
const flat = (phases: readonly Phase[]) => runValues([[0, 1 + samplesOf(phases)]]);

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
}

/**
 * `up` of `targets` API pods. Failures are spread evenly: with `down: 0.1`, one target fails at every
 * tenth sample (samples 9, 19, 29, …); with `down: 2`, two targets fail at every sample. A Grafana
 * target that is always down is not the API's.
 */
function scrapes(targets: number, phases: readonly ScrapePhase[]): InputSeries[] {
  const downs: number[] = [];
  let failed = 0;
  for (const phase of phases) {
    for (let i = 0; i < phase.samples; i++) {
      const before = Math.floor(failed + 1e-9);
      failed += phase.down;
      downs.push(Math.floor(failed + 1e-9) - before);
    }
  }
  return [
    ...Array.from({ length: targets }, (_, target) => ({
      series: series('up', api(`api-${target}`)),
      values: runValues(downs.map((down) => [target < down ? 0 : 1, 1] as const)),
    })),
    { series: series('up', { job: 'grafana', namespace: 'monitoring', pod: 'grafana-0' }), values: runValues([[0, downs.length]]) },
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
  /** The hourly scenario's phases (120, 648, 48, 18, 5 and 1 hours) and its ratios at 35 days. */
  readonly hourly: { readonly phases: readonly Phase[]; readonly ratios: Record<'2h' | '6h' | '1d' | '3d' | '30d', number> };
  /** Events per hour over 30 days at 0.5x, and the SLI the dashboard then shows. */
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
      evaluationInterval: '7h',
      series: s.fixture(s.step.phases),
      recorded: { at: '7h', ratios: { ...s.step.ratios, '3d': s.step.ratios['1d'], '30d': s.step.ratios['1d'] } },
      panels: { at: '7h', shows: { [`${s.title}: Burn Rate`]: s.step.burn } },
    },
    {
      slo: s.slo,
      name: 'the recorded ratios over 1h to 30d match the increments of each window after 35 days of hourly samples',
      interval: '1h',
      evaluationInterval: '840h',
      series: s.fixture(s.hourly.phases),
      // One sample per hour: a 5m, 30m or (left-open) 1h window never holds two samples, so it has no rate.
      recorded: { at: '840h', ratios: { '5m': null, '30m': null, '1h': null, ...s.hourly.ratios } },
    },
    {
      slo: s.slo,
      name: 'a steady 0.5x burn over the whole 30 days leaves half the error budget',
      interval: '1h',
      evaluationInterval: '720h',
      series: s.fixture([{ samples: 720, total: s.period.total, bad: s.period.bad }]),
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

/**
 * The hourly scenario's phases: 120 hours at `q1` failures an hour (before the 30-day window), 648 at
 * `q2`, 48 at `q3`, 18 at `q4`, 5 at `q5`, then 1 hour at `q6`. Read at 840h (35 days), a w window
 * holds the last w hours' samples, so w - 1 increments: 1h none (no rate); 2h: q6; 6h: q6 + 4 q5;
 * 1d (23): q6 + 5 q5 + 17 q4; 3d (71): q6 + 5 q5 + 18 q4 + 47 q3; 30d (719): … + 48 q3 + 647 q2.
 */
const hourlyPhases = (total: number, [q1, q2, q3, q4, q5, q6]: readonly number[]): Phase[] =>
  [120, 648, 48, 18, 5, 1].map((samples, i) => ({ samples, total, bad: [q1, q2, q3, q4, q5, q6][i] }));

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
    hourly: {
      // 60 000 requests an hour; 6000 an hour fail before the window, which must not count.
      phases: hourlyPhases(60_000, [6000, 10, 15, 50, 300, 1200]),
      ratios: {
        '2h': 0.02, // 1200 / 60 000
        '6h': 0.008, // (1200 + 4 × 300) / 300 000 = 2400 / 300 000
        '1d': 0.00257246, // (1200 + 5 × 300 + 17 × 50) / 1 380 000 = 3550 / 1 380 000 = 0.0025724637…
        '3d': 0.00101056, // (2700 + 18 × 50 + 47 × 15) / 4 260 000 = 4305 / 4 260 000 = 0.0010105633…
        '30d': 0.00025012, // (3600 + 48 × 15 + 647 × 10) / 43 140 000 = 10 790 / 43 140 000 = 0.0002501159…
      },
    },
    // 30 of 60 000 an hour = 0.05 %: the SLI is 99.95 %, half the 0.1 % budget is spent.
    period: { total: 60_000, bad: 30, sli: 99.95 },
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
  hourly: {
    // 6000 events an hour; half fail before the window.
    phases: hourlyPhases(6000, [3000, 10, 15, 50, 300, 1200]),
    // Ten times api-errors' ratios: 1200 / 6000, 2400 / 30 000, 3550 / 138 000, 4305 / 426 000, 10 790 / 4 314 000.
    ratios: { '2h': 0.2, '6h': 0.08, '1d': 0.02572464, '3d': 0.01010563, '30d': 0.00250116 },
  },
  // 150 of 6000 an hour = 2.5 %: the SLI is 97.5 %, half the 5 % budget is spent.
  period: { total: 6000, bad: 150, sli: 97.5 },
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
    // Failures at samples 9, 19, …: from 29m on the ratio since the start stays above 0.3 % (3 of 30 × 25 samples),
    // from 9m above 0.1 %. The 1d and 3d ratios are recorded every 2m30s and an alert may read the previous
    // record: the 1d/2h ticket holds from the 30m record (read at 31m at the latest) and fires from 91m, the 3d/6h
    // one from the 10m record, firing from 191m. At 101m the alert reads the 1d ratio recorded at 100m: 10 failures
    // in 101 × 25 samples = 0.396 % = 4.0x (at 100m it may still read the 97.5m one, 9 in 98 × 25 = 3.7x).
    // At 195m the one recorded at 192.5m or 195m: 19 failures in 193 or 196 × 25 samples, 3.9x either way.
    alerts: [
      { at: '30m', firing: [] },
      { at: '101m', firing: [burnAlert(AVAILABILITY, 'fastTicket', '4.0')] },
      { at: '195m', firing: [burnAlert(AVAILABILITY, 'fastTicket', '3.9'), burnAlert(AVAILABILITY, 'slowTicket', '3.9')] },
    ],
  },
  {
    slo: AVAILABILITY.slo,
    // Samples 0-60 with 1 of 20 pods down, 61-300 with none, 301-390 with 1, 391-420 with 2. Read at 7h30s,
    // a w-minute window holds the last w samples of each pod.
    name: 'the recorded ratios over 5m to 30d match the failed share of the samples in each window after 7 hours',
    evaluationInterval: '7h30s',
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
    evaluationInterval: '7h30s',
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
    // Ten pods, hourly: samples 0-120 all down (before the window), 121-768 one down, 769-816 none,
    // 817-834 one, 835-839 one, 840 four. Read at 840h30m, a w window holds the last w hours of samples.
    name: 'the recorded ratios over 1h to 30d match the failed share of the samples in each window after 35 days of hourly samples',
    interval: '1h',
    evaluationInterval: '840h30m',
    series: scrapes(10, [
      { samples: 121, down: 10 },
      { samples: 648, down: 1 },
      { samples: 48, down: 0 },
      { samples: 18, down: 1 },
      { samples: 5, down: 1 },
      { samples: 1, down: 4 },
    ]),
    recorded: {
      at: '840h30m',
      ratios: {
        '5m': null, // no sample in the last 5 minutes
        '1h': 0.4, // 4 / 10
        '2h': 0.25, // (4 + 1) / 20
        '6h': 0.15, // (4 + 5 × 1) / 60
        '1d': 0.1125, // (9 + 18 × 1) / 240
        '3d': 0.0375, // (27 + 48 × 0) / 720
        '30d': 0.09375, // (27 + 648 × 1) / 7200
      },
    },
  },
  {
    slo: AVAILABILITY.slo,
    // One pod scraped every 5m24s: 30 days are 8000 samples. Read at 720h30m,
    // the window holds samples 6 to 8005; samples 1006, 3006, 5006 and 7006 fail: 4 / 8000 = 0.05 % = 0.5x.
    name: 'four failed scrapes in 30 days of one pod (0.05 % = 0.5x) leave half the error budget',
    interval: '5m24s',
    evaluationInterval: '720h30m',
    series: scrapes(1, [
      { samples: 6, down: 0 },
      ...[1, 2, 3, 4].flatMap(() => [
        { samples: 1000, down: 0 },
        { samples: 1, down: 1 },
        { samples: 999, down: 0 },
      ]),
    ]),
    panels: {
      at: '720h30m',
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
