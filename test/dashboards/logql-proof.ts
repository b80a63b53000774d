/**
 * Proves LogQL panel queries on a running Loki, as test/dashboards/proof.ts does for PromQL with
 * promtool: every Loki query of every dashboard is found, run through Loki's HTTP API the way the
 * panel runs it, and compared with a case that says which synthetic lines it shows or what value.
 *
 * How a panel runs its query, as Grafana's Loki datasource does:
 * - over the dashboard's time range (`now-1h` → `now`), or the panel's own `timeFrom`;
 * - `queryType: 'instant'` → `GET /loki/api/v1/query` at the end of the range;
 * - otherwise `GET /loki/api/v1/query_range`: log lines newest first (`direction=backward`) up to the
 *   datasource's `maxLines`; metric queries with `step` equal to `$__auto`, since Grafana makes
 *   `$__auto` the query's step. `$__auto` and the other variables take the fixed values of
 *   GRAFANA_VARIABLE_VALUES (dashboards/model.ts): `$__auto` is 1m, so the step is 60 s.
 */
import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { durationToMs } from '../../config';
import { GRAFANA_VARIABLE_VALUES, panelsOf, substituteVariables, targetsOf, type DashboardFile } from '../../dashboards';

export type Labels = Readonly<Record<string, string>>;

/** A LogQL query of a panel. */
export interface LogqlQuery {
  /** `<dashboard uid>/<panel title>/<refId>`: the key of its case. */
  readonly key: string;
  readonly dashboard: string;
  readonly panel: string;
  readonly refId: string;
  /** As stored in the dashboard. */
  readonly expr: string;
  /** As sent to Loki: Grafana's variables substituted. */
  readonly evaluated: string;
  readonly instant: boolean;
  /** How far back from now the panel looks, in ms. */
  readonly rangeMs: number;
}

/** Every query of every panel whose datasource is Loki. */
export function logqlQueries(files: readonly DashboardFile[]): LogqlQuery[] {
  const out: LogqlQuery[] = [];
  for (const { dashboard: model } of files) {
    for (const panel of panelsOf(model)) {
      if (panel.type === 'row') continue;
      const p = panel as dashboard.Panel;
      const targets = targetsOf(p).filter((t) => (t.datasource?.type ?? p.datasource?.type) === 'loki');
      if (targets.length === 0) continue;
      // A panel's relative time ("1h") replaces the dashboard's "now-1h".
      const from = p.timeFrom ? `now-${p.timeFrom}` : (model.time?.from ?? 'now-6h');
      const match = /^now-(\w+)$/.exec(from);
      if (!match || (model.time?.to ?? 'now') !== 'now') throw new Error(`${model.title} / ${p.title}: time range ${from} → ${model.time?.to} is not "now-<duration> → now"`);
      for (const t of targets) {
        out.push({
          key: `${model.uid}/${p.title}/${t.refId}`,
          dashboard: model.title ?? '',
          panel: p.title ?? '',
          refId: String(t.refId),
          expr: String(t.expr),
          evaluated: substituteVariables(String(t.expr)),
          instant: t.queryType === 'instant',
          rangeMs: durationToMs(match[1], `${model.title} / ${p.title} time range`),
        });
      }
    }
  }
  return out;
}

/** What a panel received: log lines, or series with one value each (see `valueOf`). */
export type PanelResult = { readonly kind: 'lines'; readonly lines: readonly string[] } | { readonly kind: 'series'; readonly series: readonly { labels: Labels; value: number }[] };

const STEP_SECONDS = durationToMs(GRAFANA_VARIABLE_VALUES.__auto, '$__auto') / 1000;

async function getJson(url: URL): Promise<any> {
  const response = await fetch(url);
  const body = await response.text();
  if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status}: ${body}`);
  return JSON.parse(body);
}

/**
 * Runs a query the way its panel does, at `nowMs`. A range metric query's points are added up per
 * series: its windows are one step long and tile the range, so the sum is independent of where the
 * steps fall (a rate's points add up to the lines counted divided by the step).
 */
export async function runAsPanel(baseUrl: string, query: LogqlQuery, nowMs: number, maxLines: number): Promise<PanelResult> {
  const ns = (ms: number) => `${BigInt(ms) * 1_000_000n}`;
  const url = new URL(query.instant ? '/loki/api/v1/query' : '/loki/api/v1/query_range', baseUrl);
  url.searchParams.set('query', query.evaluated);
  if (query.instant) {
    url.searchParams.set('time', ns(nowMs));
  } else {
    url.searchParams.set('start', ns(nowMs - query.rangeMs));
    url.searchParams.set('end', ns(nowMs));
    url.searchParams.set('limit', String(maxLines));
    url.searchParams.set('direction', 'backward');
    url.searchParams.set('step', String(STEP_SECONDS));
  }
  const { data } = await getJson(url);
  switch (data.resultType) {
    case 'streams':
      return { kind: 'lines', lines: data.result.flatMap((s: any) => s.values.map((v: [string, string]) => v[1])) };
    case 'matrix':
      return { kind: 'series', series: data.result.map((s: any) => ({ labels: s.metric, value: s.values.reduce((sum: number, v: [number, string]) => sum + Number(v[1]), 0) })) };
    case 'vector':
      return { kind: 'series', series: data.result.map((s: any) => ({ labels: s.metric, value: Number(s.value[1]) })) };
    default:
      throw new Error(`${query.key}: unexpected result type ${data.resultType}`);
  }
}

/** A log query's case: the lines it shows, and lines it must not show, each with the reason. */
export interface LinesCase<Id extends string> {
  readonly story: string;
  readonly shows: readonly Id[];
  readonly hides: Readonly<Partial<Record<Id, string>>>;
}

/**
 * A metric query's case: every series with its value (an instant query's value, or a range
 * query's points added up), and lines that reached Loki but must not be counted, with the reason.
 */
export interface SeriesCase<Id extends string> {
  readonly story: string;
  readonly shows: readonly { readonly labels: Labels; readonly value: number }[];
  readonly hides: Readonly<Partial<Record<Id, string>>>;
}

export type LogqlCase<Id extends string> = LinesCase<Id> | SeriesCase<Id>;

const renderLabels = (labels: Labels) => `{${Object.keys(labels).sort().map((k) => `${k}=${JSON.stringify(labels[k])}`).join(', ')}}`;

/**
 * Where a panel's result differs from its case, in words (empty when it matches). `idOf` names a
 * line by its text. Series values match to 9 decimals: a rate is a count divided by the step.
 */
export function mismatches<Id extends string>(result: PanelResult, expected: LogqlCase<Id>, idOf: (line: string) => Id | undefined): string[] {
  const out: string[] = [];
  const wanted = expected.shows as readonly (Id | { labels: Labels; value: number })[];
  const wantsLines = wanted.every((s) => typeof s === 'string');
  if (result.kind === 'lines') {
    if (!wantsLines) return [`shows log lines, the case expects series`];
    const shown = result.lines.map((line) => idOf(line) ?? `unknown line ${line}`);
    for (const id of wanted as readonly Id[]) if (!shown.includes(id)) out.push(`does not show ${id}`);
    for (const id of shown) if (!(wanted as readonly string[]).includes(id)) out.push(`shows ${id}${id in expected.hides ? `, which it must not: ${expected.hides[id as Id]}` : ''}`);
    return out;
  }
  if (wantsLines && wanted.length > 0) return [`shows series, the case expects log lines`];
  const got = new Map(result.series.map((s) => [renderLabels(s.labels), s.value]));
  for (const { labels, value } of wanted as readonly { labels: Labels; value: number }[]) {
    const actual = got.get(renderLabels(labels));
    if (actual === undefined) out.push(`has no series ${renderLabels(labels)}`);
    else if (Math.abs(actual - value) > 1e-9) out.push(`shows ${actual} for ${renderLabels(labels)}, expected ${value}`);
    got.delete(renderLabels(labels));
  }
  for (const [labels, value] of got) out.push(`shows an unexpected series ${labels} = ${value}`);
  return out;
}

/** Queries without a case and cases without a query, by key. */
export function coverageProblems(queries: readonly LogqlQuery[], cases: Readonly<Record<string, unknown>>): string[] {
  const keys = new Set(queries.map((q) => q.key));
  return [
    ...queries.filter((q) => !(q.key in cases)).map((q) => `no case for LogQL query ${q.key}: ${q.expr}`),
    ...Object.keys(cases).filter((key) => !keys.has(key)).map((key) => `case ${key} has no LogQL query in the dashboards`),
  ];
}
