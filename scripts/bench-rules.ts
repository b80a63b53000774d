/**
 * `npm run bench:rules` (scripts/bench-rules.js): what prod's rule groups and every dashboard query cost on
 * a real Prometheus (the toolchain's) holding `days` of synthetic API series, for a fleet of `pods` and of
 * 4 × `pods`, so growth with the fleet shows as a ratio. Each fleet:
 *
 * 1. writes the series as OpenMetrics (15 endpoints × 3 methods × 4 statuses, both histograms with the
 *    contract's buckets, 50 agents, `up`; busy days, quiet nights with more errors and slower answers)
 *    and backfills them with `promtool tsdb create-blocks-from openmetrics`;
 * 2. starts Prometheus on that data and backfills the SLOs' 5m event counts, which the long windows read,
 *    with `promtool tsdb create-blocks-from rules` at the evaluation interval: the rules themselves,
 *    evaluated over the past as they would have been live, the way an operator backfills them too;
 * 3. restarts Prometheus with both and evaluates every rule of every group as an instant query at the
 *    end of the data (`/api/v1/query?stats=all`), `runs` times: a group's evaluation time is the sum of
 *    its rules' (Prometheus evaluates a group's rules one after the other), samples read the sum of
 *    their `totalQueryableSamples`. The backfilled data ends before Prometheus starts, so its own
 *    scheduled evaluations (`prometheus_rule_group_last_duration_seconds`) would read a stretch with
 *    no recent raw samples; queries at the data's end read what a live evaluation reads;
 * 4. runs every PromQL query of every dashboard over the dashboard's default range. The SLO Dashboard's
 *    read the recorded ratios, which are not backfilled (the windows up to 6h would have to be read from
 *    the raw series at every step of the whole period): they find no samples, and their times show only
 *    that a query of absent series is free.
 *
 * `before: true` also measures the rules as they were before the 5m counts (every window on raw series).
 * Everything started is stopped and every temporary folder removed, also on failure or Ctrl-C.
 */
import { App } from 'cdk8s';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { compileEnvironment, durationToMs, resolveEnvironment, ENVIRONMENTS } from '../config';
import { ObservabilityStack } from '../constructs/stack';
import { Prometheus } from '../constructs/prometheus';
import { panelsOf, platformDashboards, substituteVariables, targetsOf, variableValues } from '../dashboards';
import { bucketLabel, METRICS } from '../metrics';
import type { CompiledRuleGroup } from '../rules';
import { configuredSlos, ERROR_EVENTS_RECORD, EVENTS_RECORD, rawErrorRatioExpr, recordedErrorRatioExpr, SLO_LONG_WINDOWS, type Sli, type SloWindow } from '../slos';
import { toYaml } from '../lib/yaml';
import { freePort, Servers } from '../test/support/servers';
import { enginePath } from '../test/support/toolchain';

export interface BenchOptions {
  readonly days: number;
  readonly pods: number;
  readonly scrapeSeconds: number;
  readonly runs: number;
  readonly before: boolean;
}

const ENDPOINTS = Array.from({ length: 15 }, (_, i) => `/api/v1/resource-${i}`);
const METHODS = ['GET', 'POST', 'DELETE'];
const STATUSES = ['200', '400', '404', '500'];
const AGENTS = Array.from({ length: 50 }, (_, i) => `agent-${i}`);
/** Share of requests at or under each bound of the request histogram, by day; nights are slower (see `shares`). */
const REQUEST_CDF = [0.02, 0.1, 0.3, 0.7, 0.97, 0.99, 0.998, 0.9995, 1];
const AGENT_CDF = [0.1, 0.2, 0.4, 0.6, 0.8, 0.95, 0.99, 0.999];

/** What a sample step looks like at a time of day: traffic factor and the shares of bad events. */
function shares(t: number): { traffic: number; errors: number; fast: number; failures: number } {
  const hour = new Date(t * 1000).getUTCHours();
  const night = hour < 6;
  // Quiet nights with more errors: a window's ratio weighs them by their few events, an average of 5m ratios does not.
  return night ? { traffic: 0.1, errors: 0.01, fast: 0.9, failures: 0.08 } : { traffic: 1, errors: 0.0005, fast: 0.97, failures: 0.03 };
}

/** Writes `days` of series for `pods` pods ending at `end` (seconds) as OpenMetrics; returns the sample count. */
function writeOpenMetrics(file: string, pods: number, days: number, step: number, end: number): number {
  const fd = fs.openSync(file, 'w');
  let buffer: string[] = [];
  let size = 0;
  let samples = 0;
  const emit = (line: string) => {
    buffer.push(line);
    size += line.length;
    if (size > 1 << 20) flush();
  };
  const flush = () => {
    fs.writeSync(fd, buffer.join(''));
    buffer = [];
    size = 0;
  };
  const times: number[] = [];
  for (let t = end - days * 86_400 + step; t <= end; t += step) times.push(t);
  const at = times.map(shares);
  /** A counter growing by `perSecond × weight(shares)` every step, integer-valued. */
  const counter = (series: string, perSecond: number, weight: (s: ReturnType<typeof shares>) => number) => {
    let value = 0;
    for (let i = 0; i < times.length; i++) {
      value += perSecond * step * at[i].traffic * weight(at[i]);
      emit(`${series} ${Math.round(value)} ${times[i]}\n`);
    }
    samples += times.length;
  };
  const podLabels = (pod: number) => `job="api",namespace="agent-platform",pod="api-${pod}",instance="api-${pod}:8000"`;

  emit(`# TYPE ${METRICS.httpRequestsTotal.name.replace(/_total$/, '')} counter\n`);
  for (let pod = 0; pod < pods; pod++)
    for (const endpoint of ENDPOINTS)
      for (const method of METHODS)
        for (const status of STATUSES) {
          const share = (s: ReturnType<typeof shares>) => (status === '500' ? s.errors : status === '200' ? (1 - s.errors) * 0.95 : (1 - s.errors) * 0.025);
          counter(`${METRICS.httpRequestsTotal.name}{${podLabels(pod)},method="${method}",endpoint="${endpoint}",status="${status}"}`, 1, share);
        }

  const histogram = (name: string, bounds: readonly number[], cdf: (s: ReturnType<typeof shares>, i: number) => number, perSecond: number, labelSets: string[]) => {
    emit(`# TYPE ${name} histogram\n`);
    for (const labels of labelSets) {
      [...bounds, Number.POSITIVE_INFINITY].forEach((le, i) =>
        counter(`${name}_bucket{${labels},le="${bucketLabel(le)}"}`, perSecond, (s) => (le === Number.POSITIVE_INFINITY ? 1 : cdf(s, i))),
      );
      counter(`${name}_count{${labels}}`, perSecond, () => 1);
      counter(`${name}_sum{${labels}}`, perSecond, () => 0.2);
    }
  };
  const requestBounds = METRICS.httpRequestDurationSeconds.buckets!;
  const fastAt = requestBounds.indexOf(0.5);
  histogram(
    METRICS.httpRequestDurationSeconds.name,
    requestBounds,
    // At or under 0.5 s scaled to the time's share of fast answers; above it, the rest spread as by day.
    (s, i) => (i <= fastAt ? (REQUEST_CDF[i] * s.fast) / REQUEST_CDF[fastAt] : s.fast + ((REQUEST_CDF[i] - REQUEST_CDF[fastAt]) * (1 - s.fast)) / (1 - REQUEST_CDF[fastAt])),
    3,
    Array.from({ length: pods }, (_, pod) => ENDPOINTS.flatMap((endpoint) => METHODS.map((method) => `${podLabels(pod)},method="${method}",endpoint="${endpoint}"`))).flat(),
  );

  emit(`# TYPE ${METRICS.agentExecutionsTotal.name.replace(/_total$/, '')} counter\n`);
  for (let pod = 0; pod < pods; pod++)
    for (const agent of AGENTS)
      for (const status of ['success', 'failure'])
        counter(`${METRICS.agentExecutionsTotal.name}{${podLabels(pod)},agent_id="${agent}",status="${status}"}`, 0.2, (s) => (status === 'failure' ? s.failures : 1 - s.failures));
  histogram(
    METRICS.agentExecutionDurationSeconds.name,
    METRICS.agentExecutionDurationSeconds.buckets!,
    (_s, i) => AGENT_CDF[i],
    0.2,
    Array.from({ length: pods }, (_, pod) => AGENTS.map((agent) => `${podLabels(pod)},agent_id="${agent}"`)).flat(),
  );

  emit('# TYPE up gauge\n');
  for (let pod = 0; pod < pods; pod++) {
    // One failed scrape in about 2000, at a different time on each pod.
    for (let i = 0; i < times.length; i++) emit(`up{${podLabels(pod)}} ${(i * 7919 + pod * 104_729) % 2000 === 0 ? 0 : 1} ${times[i]}\n`);
    samples += times.length;
  }
  emit('# EOF\n');
  flush();
  fs.closeSync(fd);
  return samples;
}

/** The rules as they were before the 5m counts: every window read from the raw series, NaN without traffic. */
function rawRatioBefore(sli: Sli, w: SloWindow): string {
  switch (sli.kind) {
    case 'error-ratio':
      return `(sum(rate(${sli.errors}[${w}])) or vector(0)) / sum(rate(${sli.total}[${w}]))`;
    case 'good-ratio':
      return `1 - (sum(rate(${sli.good}[${w}])) or vector(0)) / sum(rate(${sli.total}[${w}]))`;
    case 'uptime':
      return `1 - sum(sum_over_time(${sli.selector}[${w}])) / sum(count_over_time(${sli.selector}[${w}]))`;
  }
}

interface Group {
  readonly name: string;
  readonly interval: string;
  readonly exprs: readonly string[];
}

function shippedGroups(): { groups: Group[]; before: Group[]; counts: object; evaluationInterval: string; slos: ReturnType<typeof configuredSlos> } {
  const config = resolveEnvironment(ENVIRONMENTS.find((e) => e.name === 'prod')!);
  const app = new App({ outdir: path.join(os.tmpdir(), 'unused') });
  new ObservabilityStack(app, { environment: compileEnvironment(config) });
  const prometheus = app.node.findAll().find((c): c is Prometheus => c instanceof Prometheus)!;
  const evaluationInterval = config.prometheus.evaluationInterval;
  const toGroup = (compiled: CompiledRuleGroup): Group => {
    const g = compiled.file.groups[0];
    return { name: g.name, interval: g.interval ?? evaluationInterval, exprs: g.rules.map((r) => r.expr) };
  };
  const groups = prometheus.ruleGroups.map(toGroup);
  const slos = configuredSlos(config);
  const before: Group[] = slos.flatMap((slo) => {
    const [short, long] = [`slo-${slo.name}`, `slo-${slo.name}-long`].map((name) => groups.find((g) => g.name === name)!);
    const alerts = short.exprs.filter((e) => !e.includes(' or ') && e.includes(' and '));
    return [
      { name: `${short.name} (before)`, interval: short.interval, exprs: [...['5m', '30m', '1h', '2h', '6h'].map((w) => rawRatioBefore(slo.sli, w as SloWindow)), ...alerts] },
      { name: `${long.name} (before)`, interval: long.interval, exprs: SLO_LONG_WINDOWS.map((w) => rawRatioBefore(slo.sli, w)) },
    ];
  });
  const countRules = prometheus.ruleGroups
    .flatMap((c) => c.file.groups)
    .flatMap((g) => g.rules)
    .filter((r) => r.record === ERROR_EVENTS_RECORD || r.record === EVENTS_RECORD);
  return { groups, before, counts: { groups: [{ name: 'slo-counts', rules: countRules }] }, evaluationInterval, slos };
}

interface QueryResult {
  seconds: number;
  samples: number;
  value?: number;
}

async function query(base: string, params: Record<string, string>): Promise<QueryResult> {
  const range = 'start' in params;
  const response = await fetch(`${base}/api/v1/${range ? 'query_range' : 'query'}`, { method: 'POST', body: new URLSearchParams({ ...params, stats: 'all' }) });
  const body = (await response.json()) as {
    status: string;
    error?: string;
    data: { result: { value?: [number, string] }[]; stats: { timings: { evalTotalTime: number }; samples: { totalQueryableSamples: number } } };
  };
  if (body.status !== 'success') throw new Error(`query failed: ${body.error}\n${params.query}`);
  const first = body.data.result[0]?.value;
  return { seconds: body.data.stats.timings.evalTotalTime, samples: body.data.stats.samples.totalQueryableSamples, ...(first ? { value: Number(first[1]) } : {}) };
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

function run(command: string, args: string[], what: string): void {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (result.status !== 0) throw new Error(`${what} failed (${command} ${args.join(' ')}):\n${result.error?.message ?? result.signal ?? ''}\n${result.stdout}\n${result.stderr}`.slice(0, 4000));
}

interface FleetResult {
  pods: number;
  groups: Map<string, { interval: string; seconds: number; samples: number }>;
  ratios: Map<string, { raw?: number; recorded?: number }>;
  dashboards: Map<string, { seconds: number; samples: number }>;
  setup: string;
}

async function measureFleet(options: BenchOptions, pods: number, shipped: ReturnType<typeof shippedGroups>, servers: Servers, dir: string): Promise<FleetResult> {
  const step = options.scrapeSeconds;
  const end = Math.floor(Date.now() / 1000 / 3600) * 3600;
  const start = end - options.days * 86_400;
  const data = path.join(dir, 'data');
  const clock = Date.now();
  const lap = () => `${((Date.now() - clock) / 1000).toFixed(0)} s`;

  const om = path.join(dir, 'series.om');
  const samples = writeOpenMetrics(om, pods, options.days, step, end);
  const generated = lap();
  // Blocks as long as the data (within Prometheus's compaction ranges): promtool reads the whole file once per block.
  run(enginePath('promtool'), ['tsdb', 'create-blocks-from', 'openmetrics', `--max-block-duration=${Math.ceil(options.days * 24 + 24)}h`, om, data], 'backfilling the series');
  fs.rmSync(om);
  const backfilled = lap();

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const start_ = async () => {
    const child = servers.start('prometheus', 'prometheus', [
      `--config.file=${path.join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${data}`,
      `--storage.tsdb.retention.time=${options.days + 30}d`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--query.max-samples=500000000',
    ]);
    await servers.waitFor('Prometheus ready', async () => ((await fetch(`${base}/-/ready`)).ok ? true : undefined), 120_000);
    return child;
  };
  fs.writeFileSync(path.join(dir, 'prometheus.yml'), toYaml({ global: { evaluation_interval: shipped.evaluationInterval } }));
  fs.writeFileSync(path.join(dir, 'counts.yml'), toYaml(shipped.counts));
  let prometheus = await start_();
  const recorded = path.join(dir, 'recorded');
  run(
    enginePath('promtool'),
    [
      'tsdb',
      'create-blocks-from',
      'rules',
      `--start=${start}`,
      `--end=${end}`,
      `--url=${base}`,
      `--eval-interval=${shipped.evaluationInterval}`,
      `--output-dir=${recorded}`,
      path.join(dir, 'counts.yml'),
    ],
    'backfilling the 5m counts',
  );
  await new Promise<void>((resolve) => {
    prometheus.once('exit', () => resolve());
    prometheus.kill('SIGTERM');
  });
  for (const block of fs.readdirSync(recorded)) if (/^[0-9A-Z]{26}$/.test(block)) fs.renameSync(path.join(recorded, block), path.join(data, block));
  prometheus = await start_();
  const setup = `${samples.toLocaleString('en')} samples of ${(samples / (options.days * 86_400 / step)).toLocaleString('en')} series: generated in ${generated}, backfilled at ${backfilled}, counts backfilled and Prometheus ready at ${lap()}`;

  const groups = new Map<string, { interval: string; seconds: number; samples: number }>();
  for (const group of [...shipped.groups, ...(options.before ? shipped.before : [])]) {
    const totals: number[] = [];
    let read = 0;
    // One run more than measured: the first reads the blocks from disk into the page cache.
    for (let i = -1; i < options.runs; i++) {
      let seconds = 0;
      read = 0;
      for (const expr of group.exprs) {
        const result = await query(base, { query: expr, time: String(end) });
        seconds += result.seconds;
        read += result.samples;
      }
      if (i >= 0) totals.push(seconds);
    }
    groups.set(group.name, { interval: group.interval, seconds: median(totals), samples: read });
  }

  const ratios = new Map<string, { raw?: number; recorded?: number }>();
  for (const slo of shipped.slos) {
    const raw = await query(base, { query: rawErrorRatioExpr(slo.sli, '30d'), time: String(end) });
    const rec = await query(base, { query: recordedErrorRatioExpr(slo, '30d'), time: String(end) });
    ratios.set(slo.name, { raw: raw.value, recorded: rec.value });
  }

  const dashboards = new Map<string, { seconds: number; samples: number }>();
  const config = resolveEnvironment(ENVIRONMENTS.find((e) => e.name === 'prod')!);
  for (const { dashboard } of platformDashboards(compileEnvironment(config))) {
    const from = /^now-(\d+[smhd])$/.exec(dashboard.time?.from ?? '')?.[1] ?? '6h';
    const rangeSeconds = durationToMs(from as never, 'dashboard range') / 1000;
    // Grafana's step: the range over about 1000 points, never under the scrape interval.
    const stepSeconds = Math.max(step, Math.ceil(rangeSeconds / 1000));
    for (const panel of panelsOf(dashboard)) {
      for (const target of targetsOf(panel as never)) {
        if (((target.datasource?.type ?? (panel as { datasource?: { type?: string } }).datasource?.type) ?? '') !== 'prometheus' || !target.expr) continue;
        // As the dashboard opens: its own variables at "All".
        const expr = substituteVariables(String(target.expr), variableValues(dashboard));
        const params: Record<string, string> = (target as { instant?: boolean }).instant
          ? { query: expr, time: String(end) }
          : { query: expr, start: String(end - rangeSeconds), end: String(end), step: String(stepSeconds) };
        const times: number[] = [];
        let read = 0;
        for (let i = -1; i < options.runs; i++) {
          const result = await query(base, params);
          if (i >= 0) times.push(result.seconds);
          read = result.samples;
        }
        dashboards.set(`${dashboard.title} / ${(panel as { title?: string }).title} / ${target.refId} (${(target as { instant?: boolean }).instant ? 'instant' : `${from}, step ${stepSeconds}s`})`, {
          seconds: median(times),
          samples: read,
        });
      }
    }
  }
  await servers.stopAll();
  return { pods, groups, ratios, dashboards, setup };
}

const ms = (seconds: number) => `${(seconds * 1000).toFixed(seconds < 0.01 ? 2 : 1)} ms`;

export async function benchRules(options: BenchOptions): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-rules-'));
  const servers = new Servers();
  const cleanUp = () => fs.rmSync(dir, { recursive: true, force: true });
  const interrupted = () => {
    void servers.stopAll().then(() => {
      cleanUp();
      process.exit(130);
    });
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    const shipped = shippedGroups();
    console.log(
      `${os.cpus().length} cores; ${options.days} days of series every ${options.scrapeSeconds}s, prod's rule groups, ${options.runs} runs each after one warm-up` +
        (options.before ? ', and the rules before the 5m counts ("(before)")' : ''),
    );
    const fleets: FleetResult[] = [];
    for (const pods of [options.pods, options.pods * 4]) {
      fs.mkdirSync(path.join(dir, String(pods)));
      const result = await measureFleet(options, pods, shipped, servers, path.join(dir, String(pods)));
      fs.rmSync(path.join(dir, String(pods)), { recursive: true, force: true });
      console.log(`${pods} pod${pods === 1 ? '' : 's'}: ${result.setup}`);
      fleets.push(result);
    }
    const [one, four] = fleets;
    console.log(`\nRule groups: median evaluation time at ${one.pods} and ${four.pods} pods, share of the group's interval, samples read, growth ${four.pods}/${one.pods}`);
    console.log(`${'group'.padEnd(34)}${'interval'.padStart(9)}${'time 1x'.padStart(11)}${'% 1x'.padStart(9)}${'samples 1x'.padStart(13)}${'time 4x'.padStart(11)}${'% 4x'.padStart(9)}${'samples 4x'.padStart(13)}${'4x/1x'.padStart(7)}`);
    for (const [name, a] of one.groups) {
      const b = four.groups.get(name)!;
      const interval = durationToMs(a.interval as never, 'interval') / 1000;
      const pct = (s: number) => `${((100 * s) / interval).toFixed(3)} %`;
      console.log(
        `${name.padEnd(34)}${a.interval.padStart(9)}${ms(a.seconds).padStart(11)}${pct(a.seconds).padStart(9)}${a.samples.toLocaleString('en').padStart(13)}` +
          `${ms(b.seconds).padStart(11)}${pct(b.seconds).padStart(9)}${b.samples.toLocaleString('en').padStart(13)}${(b.seconds / a.seconds).toFixed(2).padStart(7)}`,
      );
    }
    console.log(`\n30d error ratio of each SLO at the end of the data (the window holds ${Math.min(options.days, 30)} days): read from the raw series, and from the recorded 5m counts`);
    for (const fleet of fleets) {
      for (const [name, { raw, recorded }] of fleet.ratios) {
        const relative = raw && recorded !== undefined ? `${(((recorded - raw) / raw) * 100).toFixed(3)} %` : '-';
        console.log(`${String(fleet.pods).padStart(3)} pods  ${name.padEnd(20)} raw ${String(raw?.toPrecision(8)).padEnd(14)} recorded ${String(recorded?.toPrecision(8)).padEnd(14)} difference ${relative}`);
      }
    }
    console.log(`\nDashboard queries over each dashboard's default range: median time and samples read at ${one.pods} and ${four.pods} pods`);
    console.log("(the SLO Dashboard's read recorded ratios, which are not backfilled: 0 samples)");
    for (const [name, a] of one.dashboards) {
      const b = four.dashboards.get(name)!;
      console.log(`${name.slice(0, 110).padEnd(110)} ${ms(a.seconds).padStart(10)} ${a.samples.toLocaleString('en').padStart(12)} ${ms(b.seconds).padStart(10)} ${b.samples.toLocaleString('en').padStart(12)}`);
    }
  } finally {
    await servers.stopAll();
    cleanUp();
    process.removeListener('SIGINT', interrupted);
    process.removeListener('SIGTERM', interrupted);
  }
}
