/**
 * Proves panel expressions on data: each scenario is a `promtool test rules` test group with
 * synthetic input series and, per query of the panel, the values the panel shows. All scenarios
 * run in one promtool process; a failure is attributed to its panel by the expression promtool prints.
 */
import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { panelsOf, substituteVariables, targetsOf, variableValues, type DashboardFile, type VariableSelection } from '../../dashboards';
import { bucketLabel, type MetricDefinition } from '../../metrics';
import type { CompiledRuleGroup } from '../../rules';
import { promtoolTestBatchRun, promtoolTestRules, type RuleTestFile, type ToolResult } from '../support/promtool';

export type Labels = Readonly<Record<string, string>>;

export interface InputSeries {
  readonly series: string;
  readonly values: string;
}

/** One series the panel shows for a query: its labels (none for a plain sum) and its value. */
export interface Shown {
  readonly labels?: Labels;
  readonly value: number;
}

export interface Scenario {
  /** What the series describe, in words. */
  readonly story: string;
  /** @default 1m */
  readonly interval?: string;
  readonly series: readonly InputSeries[];
  /** When the panel is read, as a promtool duration from the first sample. */
  readonly at: string;
  /**
   * Values selected for the dashboard's own variables (a node, a namespace), put in as Grafana does.
   * @default every variable at "All"
   */
  readonly variables?: VariableSelection;
  /** What the panel shows, by query refId. */
  readonly shows: Readonly<Record<string, readonly Shown[]>>;
}

/** A query as a proof evaluates it. */
export interface ProvenQuery {
  /** `<dashboard title> / <panel title> / <refId>`. */
  readonly name: string;
  readonly refId: string;
  /** The query's legend format, which names it in the panel. */
  readonly legend?: string;
  /** The expression as stored in the dashboard. */
  readonly expr: string;
  /**
   * What promtool evaluates: variables substituted (the dashboard's own at "All"), rounded to the
   * decimals the panel displays.
   */
  readonly evaluated: string;
  /** What promtool evaluates with values selected for the dashboard's own variables. */
  readonly evaluatedFor: (variables: VariableSelection) => string;
}

export interface ProvenPanel {
  readonly key: string;
  readonly dashboard: string;
  readonly panel: string;
  readonly queries: readonly ProvenQuery[];
}

export function renderLabels(labels: Labels = {}): string {
  return `{${Object.entries(labels)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(', ')}}`;
}

/** A series selector for input_series. */
export function series(name: string, labels: Labels): string {
  return `${name}${renderLabels(labels)}`;
}

/** A counter growing by `step` at every sample, for `samples` samples after the first. */
export function counter(name: string, labels: Labels, step: number, samples = 30): InputSeries {
  return { series: series(name, labels), values: `0+${step}x${samples}` };
}

/** A gauge holding `value` for `samples` samples after the first. */
export function gauge(name: string, labels: Labels, value: number, samples = 30): InputSeries {
  return { series: series(name, labels), values: `${value}x${samples}` };
}

/**
 * The bucket counters of a histogram that observes, every minute, `count` values of `value` seconds
 * for each `[value, count]` pair. Buckets are the metric contract's, plus `+Inf`.
 */
export function histogram(metric: MetricDefinition, labels: Labels, perMinute: readonly (readonly [number, number])[], minutes = 30): InputSeries[] {
  const bounds = [...(metric.buckets ?? []), Number.POSITIVE_INFINITY];
  return bounds.map((le) => {
    const cumulative = perMinute.filter(([value]) => value <= le).reduce((sum, [, count]) => sum + count, 0);
    return counter(`${metric.name}_bucket`, { ...labels, le: bucketLabel(le) }, cumulative, minutes);
  });
}

/** Every panel with Prometheus queries, keyed `<dashboard uid>/<panel title>`. */
export function prometheusPanels(files: readonly DashboardFile[]): ProvenPanel[] {
  const out: ProvenPanel[] = [];
  for (const { dashboard: model } of files) {
    for (const panel of panelsOf(model)) {
      if (panel.type === 'row') continue;
      const p = panel as dashboard.Panel;
      const queries = targetsOf(p)
        .filter((t) => (t.datasource?.type ?? p.datasource?.type) === 'prometheus')
        .map((t) => {
          const decimals = p.fieldConfig?.defaults?.decimals ?? 3;
          const scale = 10 ** decimals;
          // The value shown is rounded to the panel's decimals; rounding here makes the comparison exact.
          const evaluatedFor = (variables: VariableSelection) =>
            `round((${substituteVariables(String(t.expr), variableValues(model, variables))}) * ${scale}) / ${scale}`;
          return {
            name: `${model.title} / ${p.title} / ${t.refId}`,
            refId: String(t.refId),
            ...(typeof t.legendFormat === 'string' ? { legend: t.legendFormat } : {}),
            expr: String(t.expr),
            evaluated: evaluatedFor({}),
            evaluatedFor,
          };
        });
      if (queries.length > 0) out.push({ key: `${model.uid}/${p.title}`, dashboard: model.title ?? '', panel: p.title ?? '', queries });
    }
  }
  return out;
}

/** A promtool test group proving one scenario of a panel. */
export function testGroup(panel: ProvenPanel, scenario: Scenario): object {
  const missing = panel.queries.filter((q) => !(q.refId in scenario.shows)).map((q) => q.refId);
  const extra = Object.keys(scenario.shows).filter((refId) => !panel.queries.some((q) => q.refId === refId));
  if (missing.length > 0 || extra.length > 0) {
    throw new Error(`scenario "${scenario.story}" for ${panel.key}: queries without expectation ${missing.join(', ') || '-'}, expectations without query ${extra.join(', ') || '-'}`);
  }
  return {
    interval: scenario.interval ?? '1m',
    input_series: scenario.series,
    promql_expr_test: panel.queries.map((q) => ({
      expr: evaluatedIn(q, scenario),
      eval_time: scenario.at,
      exp_samples: scenario.shows[q.refId].map((s) => ({ labels: renderLabels(s.labels), value: s.value })),
    })),
  };
}

/** The expression a scenario evaluates for a query: with the variables it selects, or at "All". */
export function evaluatedIn(query: ProvenQuery, scenario: Scenario): string {
  return scenario.variables === undefined ? query.evaluated : query.evaluatedFor(scenario.variables);
}

/** A raw promtool test group for an arbitrary expression (used for the design's own expressions). */
export function exprGroup(expr: string, scenario: Omit<Scenario, 'shows'>, shows: readonly Shown[], decimals = 4): object {
  const scale = 10 ** decimals;
  return {
    interval: scenario.interval ?? '1m',
    input_series: scenario.series,
    promql_expr_test: [
      {
        expr: `round((${expr}) * ${scale}) / ${scale}`,
        eval_time: scenario.at,
        exp_samples: shows.map((s) => ({ labels: renderLabels(s.labels), value: s.value })),
      },
    ],
  };
}

/**
 * Runs the test groups in one promtool process, with the given rule files loaded: promtool evaluates
 * their recording rules on each group's series, so panels reading recorded series see them.
 */
export function runGroups(groups: object[], ruleFiles: Readonly<Record<string, object>> = {}): ToolResult {
  return promtoolTestRules({ ruleFiles: { ...ruleFiles }, tests: groups });
}

/** A test group and the rule files promtool must evaluate on its series. */
export interface GroupWithRules {
  readonly group: object;
  readonly ruleFiles: Readonly<Record<string, object>>;
}

/**
 * Runs the test groups in one promtool process, each with only its own rule files loaded: groups that
 * load the same files share a test file. promtool evaluates every loaded rule at every evaluation step
 * up to a group's last eval_time (every minute of 30 days for a 30-day story), so a group that reads
 * no recorded series is evaluated in a test file that loads none. Status and output are promtool's.
 */
export function runGroupsWithRules(entries: readonly GroupWithRules[]): ToolResult {
  const inputs: Record<string, RuleTestFile> = {};
  for (const { group, ruleFiles } of entries) {
    const key = Object.keys(ruleFiles).sort().join(' ') || '(no rule files)';
    inputs[key] ??= { ruleFiles: { ...ruleFiles }, tests: [] };
    (inputs[key].tests as object[]).push(group);
  }
  return promtoolTestBatchRun(inputs).result;
}

/** The rule files holding a recording rule that one of the panels reads, by file name. */
export function recordingRulesRead(panels: readonly ProvenPanel[], groups: readonly CompiledRuleGroup[]): Record<string, object> {
  const exprs = panels.flatMap((p) => p.queries.map((q) => q.expr));
  const reads = (record: string) => exprs.some((expr) => new RegExp(`(^|[^\\w:])${record.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\w:])`).test(expr));
  return Object.fromEntries(
    groups.filter((g) => g.file.groups.some((fg) => fg.rules.some((r) => r.record !== undefined && reads(r.record)))).map((g) => [g.fileName, g.file]),
  );
}

/** The failure blocks promtool printed for an evaluated expression (empty when it passed). */
export function failuresOf(result: ToolResult, evaluated: string): string[] {
  const output = `${result.stdout}\n${result.stderr}`;
  const needle = `expr: ${JSON.stringify(evaluated)}`;
  const blocks: string[] = [];
  let at = output.indexOf(needle);
  while (at !== -1) {
    const end = output.indexOf('    expr: ', at + needle.length);
    blocks.push(output.slice(at, end === -1 ? undefined : end).trim());
    at = output.indexOf(needle, at + needle.length);
  }
  return blocks;
}
