/**
 * SLOs as code: the four objectives proven on data with the real promtool (burn-rate alerts,
 * recorded ratios, the SLO dashboard's panels), the SLO checks, and an environment changing SLOs.
 * Every scenario is one promtool test file with its SLO's rule group; all run in one promtool process.
 */
import * as yaml from 'js-yaml';
import { compileEnvironment, resolveEnvironment, DEFAULTS, type EnvironmentConfig } from '../config';
import { DASHBOARD_UIDS, platformDashboards } from '../dashboards';
import { sloDashboard } from '../dashboards/slo';
import { durationToMs } from '../config/units';
import { compileRuleGroups, type RuleGroup } from '../rules';
import { checkSlos, configuredSlos, latencySli, rawErrorRatioExpr, sloRuleGroups, sloRuleGroupsOf, type Slo, type SloWindow } from '../slos';
import { PLATFORM_SLO_SCENARIOS } from '../slos/platform.scenarios';
import type { SloScenario } from '../slos/scenario';
import { prometheusPanels, renderLabels, type ProvenPanel } from './dashboards/proof';
import { promtoolTestBatch, runTool, type RuleTestFile } from './support/promtool';
import { configFor, ENVIRONMENT_NAMES, synth } from './support/synth';
import { describeWithEngines } from './support/toolchain';

/** The recorded windows, written out here as the contract. */
const WINDOWS = ['5m', '30m', '1h', '2h', '6h', '1d', '3d', '30d'];
const OPTIONS = { runbookBaseUrl: DEFAULTS.alerting.runbookBaseUrl, highCardinalityLabels: DEFAULTS.alerting.highCardinalityLabels };
const defaults = resolveEnvironment({ name: 'defaults', overrides: {} });
const SLOS = configuredSlos(defaults);
const sloPanels: ProvenPanel[] = prometheusPanels(platformDashboards(compileEnvironment(configFor('dev')))).filter((p) => p.key.startsWith(`${DASHBOARD_UIDS.slo}/`));

const round8 = (expr: string) => `round((${expr}) * 1e8) / 1e8`;

/**
 * promtool (3.5.3 as 2.x) evaluates every group at every step and ignores a group's own interval. A group with
 * one records, at each step, what Prometheus recorded at the group's last evaluation: the value of
 * the expression at the last multiple of the interval (test time starts at 0).
 */
function asEvaluatedEveryInterval(group: RuleGroup): RuleGroup {
  if (!group.interval) return group;
  const every = group.interval;
  return { ...group, rules: group.rules.map((r) => ('record' in r ? { ...r, expr: `last_over_time((${r.expr})[${every}:${every}])` } : r)) };
}

/** The promtool test file of a scenario, with the rule files of its SLO's groups. */
function testFile(scenario: SloScenario, groups: readonly RuleGroup[]): RuleTestFile {
  const compiled = compileRuleGroups(groups.map(asEvaluatedEveryInterval), OPTIONS);
  const exprTests: object[] = [];
  for (const [window, ratio] of Object.entries(scenario.recorded?.ratios ?? {})) {
    exprTests.push({
      expr: round8(`slo:sli_error:ratio_rate${window}{slo="${scenario.slo}"}`),
      eval_time: scenario.recorded!.at,
      exp_samples: ratio === null ? [] : [{ labels: renderLabels({ slo: scenario.slo }), value: ratio }],
    });
  }
  const sli = [...SLOS, ONE_SECOND].find((s) => s.name === scenario.slo)!.sli;
  for (const [window, ratio] of Object.entries(scenario.raw?.ratios ?? {})) {
    exprTests.push({ expr: round8(rawErrorRatioExpr(sli, window as SloWindow)), eval_time: scenario.raw!.at, exp_samples: [{ labels: '{}', value: ratio }] });
  }
  for (const [title, shows] of Object.entries(scenario.panels?.shows ?? {})) {
    const panel = sloPanels.find((p) => p.panel === title);
    if (!panel) throw new Error(`scenario "${scenario.name}": no panel titled ${JSON.stringify(title)} on the SLO dashboard`);
    for (const [legend, value] of Object.entries(shows)) {
      const query = panel.queries.find((q) => q.legend === legend);
      if (!query) throw new Error(`scenario "${scenario.name}": panel ${JSON.stringify(title)} has no query ${JSON.stringify(legend)}`);
      // Queries of recorded series keep the slo label; the objective is a constant without labels.
      exprTests.push({ expr: query.evaluated, eval_time: scenario.panels!.at, exp_samples: [{ labels: renderLabels(legend === 'Objective' ? {} : { slo: scenario.slo }), value }] });
    }
  }
  return {
    ruleFiles: Object.fromEntries(compiled.map((c) => [c.fileName, c.file])),
    evaluationInterval: scenario.evaluationInterval ?? '1m',
    // promtool evaluates groups in no fixed order unless told: the long windows of a step read the counts
    // recorded at that step, as they read the latest ones in Prometheus.
    groupEvalOrder: groups.map((g) => g.name),
    tests: [
      {
        interval: scenario.interval ?? '1m',
        input_series: scenario.series.map((s) => ({ series: s.series, values: s.values })),
        alert_rule_test: (scenario.alerts ?? []).map((check) => ({
          eval_time: check.at,
          alertname: 'ErrorBudgetBurn',
          exp_alerts: check.firing.map((a) => ({ exp_labels: a.labels, exp_annotations: a.annotations })),
        })),
        promql_expr_test: exprTests,
      },
    ],
  };
}

const groupsOf = (name: string): RuleGroup[] => sloRuleGroupsOf(SLOS.find((s) => s.name === name)!);

const RATIO = 'slo:sli_error:ratio_rate';

/** The same groups with the expression of every recorded ratio (of the given windows) replaced. */
function withRatio(groups: readonly RuleGroup[], expr: (window: string) => string, windows = WINDOWS): RuleGroup[] {
  const replaced = (record: string) => record.startsWith(RATIO) && windows.includes(record.slice(RATIO.length));
  return groups.map((group) => ({ ...group, rules: group.rules.map((r) => ('record' in r && replaced(r.record) ? { ...r, expr: expr(r.record.slice(RATIO.length)) } : r)) }));
}

const MONTH = 'the recorded 1d, 3d and 30d ratios equal the raw series’ after 35 days, through days without traffic and a day Prometheus was down';

// Naive SLIs the scenarios must reject: each is wrong in a way only data shows.
const NAIVE: Record<string, { slo: string; scenario: string; expr: (w: string) => string; windows?: string[] }> = {
  // Averaging each pod's average weighs a pod that lived an hour like one that lived all along.
  'availability as an average of per-pod averages': {
    slo: 'api-availability',
    scenario: 'a pod that lived one hour weighs by its scrapes, not as much as a pod that lived all along',
    expr: (w) => `1 - avg(avg_over_time(up{job="api"}[${w}]))`,
  },
  // Without sums, each 5xx series is divided by the series of the same labels only: nothing matches.
  'an error ratio without sums': {
    slo: 'api-errors',
    scenario: 'the recorded ratios over 5m to 1d match the increments of each window after 7 hours of changing error rates',
    expr: (w) => `rate(http_requests_total{job="api",status=~"5.."}[${w}]) / rate(http_requests_total{job="api"}[${w}])`,
  },
  // The 0.25 s bucket instead of the 0.5 s one counts the 0.3 s requests as slow.
  'latency from the wrong bucket': {
    slo: 'api-latency',
    scenario: 'the recorded ratios over 5m to 1d match the increments of each window after 7 hours of changing error rates',
    expr: (w) =>
      `1 - (sum(rate(http_request_duration_seconds_bucket{job="api",le="0.25"}[${w}])) or vector(0)) / sum(rate(http_request_duration_seconds_count{job="api"}[${w}]))`,
  },
  // Sloth's long windows: every 5m ratio weighs the same, a quiet day's like a busy one's.
  'long windows as the average of the 5m ratios': {
    slo: 'api-errors',
    scenario: MONTH,
    expr: (w) => `avg_over_time(slo:sli_error:ratio_rate5m{slo="api-errors"}[${w}])`,
    windows: ['1d', '3d', '30d'],
  },
  // The ratio before the guard: a window without traffic is 0 / 0 = NaN, and NaN spoils every sum over it.
  'a ratio of rates that is NaN without traffic': {
    slo: 'agent-success',
    scenario: MONTH,
    expr: (w) => `1 - (sum(rate(agent_executions_total{job="api",status="success"}[${w}])) or vector(0)) / sum(rate(agent_executions_total{job="api"}[${w}]))`,
  },
};

/** A latency objective at 1 s, a whole second: the Python client writes that bucket le="1.0". */
const ONE_SECOND: Slo = { name: 'api-latency-1s', title: 'Latency within 1 s', description: 'Share of API requests answered within 1 s.', objective: 95, sli: latencySli(1) };
/** Series as app/core/metrics.py exposes them: 60 of 100 requests a minute within 0.5 s, 80 within 1 s, all within 2.5 s. */
const clientBucket = (le: string, perMinute: number) => ({
  series: `http_request_duration_seconds_bucket{job="api",method="GET",endpoint="/agents",le="${le}"}`,
  values: `0+${perMinute}x20`,
});
const ONE_SECOND_SCENARIO: SloScenario = {
  slo: ONE_SECOND.name,
  name: 'a 1 s threshold counts the requests of the le="1.0" bucket as good',
  series: [
    clientBucket('0.5', 60),
    clientBucket('1.0', 80),
    clientBucket('2.5', 100),
    clientBucket('+Inf', 100),
    { series: 'http_request_duration_seconds_count{job="api",method="GET",endpoint="/agents"}', values: '0+100x20' },
  ],
  // 20 of 100 requests a minute take longer than 1 s.
  recorded: { at: '10m', ratios: { '5m': 0.2, '1h': 0.2 } },
};

/** Steady traffic with 0.4 % errors from the first sample, read between and after the long group's evaluations. */
const steadyErrors = (at: string, ratios: Partial<Record<SloWindow, number | null>>): SloScenario => ({
  slo: 'api-errors',
  name: `recorded values at ${at}`,
  series: [
    { series: 'http_requests_total{job="api",status="200"}', values: '0+996x10' },
    { series: 'http_requests_total{job="api",status="503"}', values: '0+4x10' },
  ],
  recorded: { at, ratios },
});
// A window needs two samples for a rate: the short windows have one from 1m. The long ones are recorded
// at 0 (one sample, no rate) and next at 2m30s, so at 2m they have no value yet and at 3m they have.
const LONG_WINDOW_TIMING = {
  'at 2m': steadyErrors('2m', { '2h': 0.004, '6h': 0.004, '1d': null, '3d': null, '30d': null }),
  'at 3m': steadyErrors('3m', { '2h': 0.004, '1d': 0.004, '3d': 0.004, '30d': 0.004 }),
};

const scenarioKey = (s: SloScenario) => `${s.slo}: ${s.name}`;
const files: Record<string, RuleTestFile> = {};
for (const scenario of PLATFORM_SLO_SCENARIOS) files[scenarioKey(scenario)] = testFile(scenario, groupsOf(scenario.slo));
for (const [bug, naive] of Object.entries(NAIVE)) {
  const scenario = PLATFORM_SLO_SCENARIOS.find((s) => s.slo === naive.slo && s.name === naive.scenario)!;
  files[`naive: ${bug}`] = testFile(scenario, withRatio(groupsOf(naive.slo), naive.expr, naive.windows));
}
files['1 s threshold'] = testFile(ONE_SECOND_SCENARIO, sloRuleGroupsOf(ONE_SECOND));
// The bound as String(1) writes it: le="1" matches none of the client's buckets.
files['naive: 1 s threshold as le="1"'] = testFile(
  ONE_SECOND_SCENARIO,
  withRatio(sloRuleGroupsOf(ONE_SECOND), (w) => `1 - (sum(rate(http_request_duration_seconds_bucket{job="api",le="1"}[${w}])) or vector(0)) / sum(rate(http_request_duration_seconds_count{job="api"}[${w}]))`),
);
for (const [when, scenario] of Object.entries(LONG_WINDOW_TIMING)) files[`long windows ${when}`] = testFile(scenario, groupsOf('api-errors'));
// Every scenario in one promtool process; the outcome of each, by key, is `SUCCESS` or its failures.
const outcomes = promtoolTestBatch(files);

describeWithEngines('SLO scenarios (promtool test rules, one process)', ['promtool'], () => {
  test.each(PLATFORM_SLO_SCENARIOS.map((s) => [s.slo, s.name, scenarioKey(s)] as const))('%s: %s', (_slo, _name, key) => {
    // On failure, the outcome names the expression, the expected and the actual value.
    expect({ key, outcome: outcomes[key] }).toEqual({ key, outcome: 'SUCCESS' });
  });

  // The naive rules compile (compileRuleGroups parses them), so their scenario fails on values alone.
  test.each(Object.keys(NAIVE))('the scenarios reject %s', (bug) => {
    expect(outcomes[`naive: ${bug}`]).not.toBe('SUCCESS');
  });

  test('a whole-second latency threshold selects the bucket the Python client writes as le="1.0"', () => {
    expect(ONE_SECOND.sli).toEqual({
      kind: 'good-ratio',
      good: 'http_request_duration_seconds_bucket{job="api",le="1.0"}',
      total: 'http_request_duration_seconds_count{job="api"}',
    });
    expect({ outcome: outcomes['1 s threshold'] }).toEqual({ outcome: 'SUCCESS' });
    // With le="1" the good counter is empty, `or vector(0)` makes every request bad and the ratio 1.
    expect(outcomes['naive: 1 s threshold as le="1"']).not.toBe('SUCCESS');
    expect(outcomes['naive: 1 s threshold as le="1"']).toMatch(/ratio_rate5m\{slo=\\"api-latency-1s\\"\}\) \* 1e8\) \/ 1e8", time: 10m,\n\s+exp: \{slo="api-latency-1s"\} 2E-01\n\s+got: \{slo="api-latency-1s"\} 1E\+00/);
  });

  test.each(Object.keys(LONG_WINDOW_TIMING))('the long windows are recorded every 2m30s, the short ones at every evaluation: values %s', (when) => {
    const key = `long windows ${when}`;
    expect({ key, outcome: outcomes[key] }).toEqual({ key, outcome: 'SUCCESS' });
  });

  test('promtool ran every file', () => {
    expect(Object.entries(outcomes).filter(([, outcome]) => outcome === 'not run')).toEqual([]);
  });

  describe.each(SLOS.map((s) => [s.name, s] as const))('%s has the proofs the SLO contract asks for', (name) => {
    const own = PLATFORM_SLO_SCENARIOS.filter((s) => s.slo === name);
    const minutes = (d: string) => [...d.matchAll(/(\d+)([dhms])/g)].reduce((sum, [, n, u]) => sum + Number(n) * { d: 1440, h: 60, m: 1, s: 1 / 60 }[u as 'd' | 'h' | 'm' | 's'], 0);

    test('a sustained fast burn pages within ten minutes', () => {
      const pages = own.filter((s) => (s.alerts ?? []).some((c) => minutes(c.at) <= 10 && c.firing.some((a) => a.labels.severity === 'critical' && a.labels.long === '1h')));
      expect(pages.map((s) => s.name)).toEqual([expect.stringContaining('20x')]);
    });

    test('a 0.5x burn stays quiet for six hours', () => {
      const quiet = own.filter((s) => s.alerts && s.alerts.every((c) => c.firing.length === 0) && s.alerts.some((c) => minutes(c.at) >= 360));
      expect(quiet.some((s) => s.name.includes('0.5x'))).toBe(true);
    });

    test('a 4x burn opens the ticket but never pages', () => {
      const tickets = own.filter((s) => /(?<![\d.])4x/.test(s.name));
      expect(tickets).toHaveLength(1);
      const fired = tickets[0].alerts!.flatMap((c) => c.firing.map((a) => a.labels.severity));
      expect(fired).toContain('warning');
      expect(fired).not.toContain('critical');
    });

    test('every recorded window is matched against a hand-computed ratio', () => {
      const proven = new Set(own.flatMap((s) => Object.entries(s.recorded?.ratios ?? {}).filter(([, v]) => v !== null).map(([w]) => w)));
      expect([...proven].sort()).toEqual([...WINDOWS].sort());
    });

    test('the error budget panel shows half the budget left under a 0.5x burn over 30 days', () => {
      const title = SLOS.find((s) => s.name === name)!.title;
      const budget = own.find((s) => s.panels?.shows[`${title}: Error Budget Remaining`]);
      expect(budget?.panels?.shows[`${title}: Error Budget Remaining`]).toEqual({ 'Budget remaining': 50 });
      expect(budget?.name).toContain('0.5x');
    });
  });

  test('every query of every SLO dashboard panel is proven by a scenario', () => {
    const unproven = sloPanels.flatMap((panel) =>
      panel.queries.filter((q) => !PLATFORM_SLO_SCENARIOS.some((s) => s.panels?.shows[panel.panel]?.[q.legend ?? ''] !== undefined)).map((q) => `${panel.panel} / ${q.legend}`),
    );
    expect(unproven).toEqual([]);
    expect(sloPanels.length).toBe(13);
  });
});

describeWithEngines('generated rules', ['promtool'], () => {
  const compiled = (name: string) => compileRuleGroups(groupsOf(name), OPTIONS).map((c) => c.file.groups[0]);
  const group = (name: string) => compiled(name)[0];
  const expr5mAndLong = (name: string) =>
    Object.fromEntries(['5m', '30d'].map((w) => [w, compiled(name).flatMap((g) => g.rules).find((r) => r.record === `slo:sli_error:ratio_rate${w}`)!.expr]));
  /** The windows of a day and longer, recorded in a group of their own; written out here as the contract. */
  const LONG = ['1d', '3d', '30d'];

  test('each SLO records its bad and all events over 5m, its error ratio over the windows up to 6h, then its four burn-rate alerts, at the global interval', () => {
    for (const slo of SLOS) {
      const main = group(slo.name);
      expect(main.name).toBe(`slo-${slo.name}`);
      expect(main.interval).toBeUndefined();
      expect(main.rules.filter((r) => r.record).map((r) => [r.record, r.labels])).toEqual([
        ['slo:sli_errors:increase5m', { slo: slo.name }],
        ['slo:sli_events:increase5m', { slo: slo.name }],
        ...WINDOWS.filter((w) => !LONG.includes(w)).map((w) => [`slo:sli_error:ratio_rate${w}`, { slo: slo.name }]),
      ]);
      expect(main.rules.filter((r) => r.alert).map((r) => [r.alert, r.for, r.labels])).toEqual([
        ['ErrorBudgetBurn', '2m', { slo: slo.name, long: '1h', short: '5m', severity: 'critical' }],
        ['ErrorBudgetBurn', '15m', { slo: slo.name, long: '6h', short: '30m', severity: 'critical' }],
        ['ErrorBudgetBurn', '1h', { slo: slo.name, long: '1d', short: '2h', severity: 'warning' }],
        ['ErrorBudgetBurn', '3h', { slo: slo.name, long: '3d', short: '6h', severity: 'warning' }],
      ]);
    }
  });

  test('each SLO records its 1d, 3d and 30d ratios in a second group evaluated every 2m30s', () => {
    for (const slo of SLOS) {
      const groups = compiled(slo.name);
      expect(groups).toHaveLength(2);
      expect(groups[1].name).toBe(`slo-${slo.name}-long`);
      expect(groups[1].interval).toBe('2m30s');
      expect(groups[1].rules.map((r) => [r.record, r.labels])).toEqual(LONG.map((w) => [`slo:sli_error:ratio_rate${w}`, { slo: slo.name }]));
      expect(groups[1].rules.every((r) => r.record && new RegExp(`\\[${r.record.replace('slo:sli_error:ratio_rate', '')}\\]`).test(r.expr))).toBe(true);
    }
  });

  test('the long-window interval saves evaluations yet keeps two samples inside the 5m lookback of the queries that read them', () => {
    const interval = durationToMs(compiled('api-errors')[1].interval!, 'interval');
    expect(interval).toBeGreaterThan(durationToMs(DEFAULTS.prometheus.evaluationInterval, 'evaluationInterval'));
    // Prometheus's default --query.lookback-delta; the stack does not change it.
    expect(2 * interval).toBeLessThanOrEqual(5 * 60_000);
  });

  test('the design’s SLIs: up{job="api"}, the 0.5 s bucket over the count, 5xx over all requests, successes over all executions', () => {
    const expr = (name: string, record: string) => compiled(name).flatMap((g) => g.rules).find((r) => r.record === record)!.expr;
    const sli = (name: string) => ({
      bad5m: expr(name, 'slo:sli_errors:increase5m'),
      all5m: expr(name, 'slo:sli_events:increase5m'),
      ratio1h: expr(name, 'slo:sli_error:ratio_rate1h'),
    });
    expect({ availability: sli('api-availability'), latency: sli('api-latency'), errors: sli('api-errors'), agents: sli('agent-success') }).toEqual({
      availability: {
        bad5m: 'sum(count_over_time(up{job="api"}[5m])) - sum(sum_over_time(up{job="api"}[5m]))',
        all5m: 'sum(count_over_time(up{job="api"}[5m]))',
        ratio1h: '1 - sum(sum_over_time(up{job="api"}[1h])) / sum(count_over_time(up{job="api"}[1h]))',
      },
      latency: {
        bad5m: 'sum(increase(http_request_duration_seconds_count{job="api"}[5m])) - (sum(increase(http_request_duration_seconds_bucket{job="api",le="0.5"}[5m])) or vector(0))',
        all5m: 'sum(increase(http_request_duration_seconds_count{job="api"}[5m]))',
        ratio1h:
          '1 - (sum(rate(http_request_duration_seconds_bucket{job="api",le="0.5"}[1h])) or vector(0)) / (sum(rate(http_request_duration_seconds_count{job="api"}[1h])) > 0) ' +
          'or sum(rate(http_request_duration_seconds_count{job="api"}[1h])) * 0',
      },
      errors: {
        bad5m: 'sum(increase(http_requests_total{job="api",status=~"5.."}[5m])) or vector(0)',
        all5m: 'sum(increase(http_requests_total{job="api"}[5m]))',
        ratio1h: '(sum(rate(http_requests_total{job="api",status=~"5.."}[1h])) or vector(0)) / (sum(rate(http_requests_total{job="api"}[1h])) > 0) or sum(rate(http_requests_total{job="api"}[1h])) * 0',
      },
      agents: {
        bad5m: 'sum(increase(agent_executions_total{job="api"}[5m])) - (sum(increase(agent_executions_total{job="api",status="success"}[5m])) or vector(0))',
        all5m: 'sum(increase(agent_executions_total{job="api"}[5m]))',
        ratio1h:
          '1 - (sum(rate(agent_executions_total{job="api",status="success"}[1h])) or vector(0)) / (sum(rate(agent_executions_total{job="api"}[1h])) > 0) ' +
          'or sum(rate(agent_executions_total{job="api"}[1h])) * 0',
      },
    });
    expect(SLOS.map((s) => [s.name, s.objective])).toEqual([
      ['api-availability', 99.9],
      ['api-latency', 95],
      ['api-errors', 99.9],
      ['agent-success', 95],
    ]);
  });

  test('the 5m and the long windows divide the recorded counts, summed over the window; a window without events is 0', () => {
    expect(expr5mAndLong('api-errors')).toEqual({
      '5m': 'slo:sli_errors:increase5m{slo="api-errors"} / (slo:sli_events:increase5m{slo="api-errors"} > 0) or slo:sli_events:increase5m{slo="api-errors"} * 0',
      '30d':
        'sum_over_time(slo:sli_errors:increase5m{slo="api-errors"}[30d]) / (sum_over_time(slo:sli_events:increase5m{slo="api-errors"}[30d]) > 0) ' +
        'or sum_over_time(slo:sli_events:increase5m{slo="api-errors"}[30d]) * 0',
    });
  });

  test('the alerts read the recorded series: burn over the budget, long and short window', () => {
    expect(group('api-latency').rules.find((r) => r.alert && r.labels?.long === '6h')!.expr).toBe(
      'slo:sli_error:ratio_rate6h{slo="api-latency"} / 0.05 > 6 and slo:sli_error:ratio_rate30m{slo="api-latency"} / 0.05 > 6',
    );
  });

  test('every environment loads two rule files per SLO, and promtool check rules accepts them', () => {
    for (const env of ENVIRONMENT_NAMES) {
      const files: Record<string, string> = {};
      const { objects, config } = synth(env);
      for (const cm of objects.filter((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('prometheus-rules-'))) Object.assign(files, cm.data);
      const sloFiles = Object.keys(files).filter((f) => f.startsWith('slo-')).sort();
      const slos = configuredSlos(config).map((s) => s.name);
      expect(sloFiles).toEqual(slos.flatMap((name) => [`slo-${name}-long.yml`, `slo-${name}.yml`]).sort());
      const result = runTool('promtool', ['check', 'rules', ...sloFiles], Object.fromEntries(sloFiles.map((f) => [f, files[f]])));
      // 7 recording rules (2 counts, 5 ratios) and 4 alerts; 3 recording rules in the long-window file.
      expect(result.stdout.match(/SUCCESS: 11 rules found/g)).toHaveLength(slos.length);
      expect(result.stdout.match(/SUCCESS: 3 rules found/g)).toHaveLength(slos.length);
      expect(result.status).toBe(0);
    }
  });
});

describe('an environment adds, changes and drops SLOs', () => {
  // Partial and deliberately wrong definitions, as an environment file could hold them.
  const custom = (slos: Record<string, unknown>) => resolveEnvironment({ name: 'qa', overrides: { slos: slos as EnvironmentConfig['slos'] } });
  const searchSlo = {
    title: 'Search latency',
    description: 'Share of searches answered within 1 s.',
    objective: 99,
    sli: { kind: 'good-ratio', good: 'search_duration_seconds_bucket{job="search",le="1"}', total: 'search_duration_seconds_count{job="search"}' },
  };

  test('through the config, into the rule files and the SLO dashboard', () => {
    const config = custom({ 'api-latency': { objective: 99 }, 'agent-success': { disabled: true }, search: searchSlo });
    const { objects } = synth('qa', config);
    const ruleFiles: Record<string, string> = {};
    for (const cm of objects.filter((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('prometheus-rules-'))) Object.assign(ruleFiles, cm.data);
    expect(Object.keys(ruleFiles).filter((f) => f.startsWith('slo-')).sort()).toEqual(
      ['api-availability', 'api-errors', 'api-latency', 'search'].flatMap((name) => [`slo-${name}-long.yml`, `slo-${name}.yml`]).sort(),
    );
    const latency = yaml.load(ruleFiles['slo-api-latency.yml']) as { groups: { rules: { alert?: string; expr: string }[] }[] };
    // 99 % leaves a 1 % budget.
    expect(latency.groups[0].rules.find((r) => r.alert)!.expr).toContain('slo:sli_error:ratio_rate1h{slo="api-latency"} / 0.01 > 14.4');
    const search = yaml.load(ruleFiles['slo-search.yml']) as { groups: { rules: { record?: string; expr: string }[] }[] };
    expect(search.groups[0].rules[0].expr).toBe(
      'sum(increase(search_duration_seconds_count{job="search"}[5m])) - (sum(increase(search_duration_seconds_bucket{job="search",le="1"}[5m])) or vector(0))',
    );

    const dashboards = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'grafana-dashboards-slo')!;
    const slo = JSON.parse(Object.values(dashboards.data as Record<string, string>)[0]) as { panels: { title: string; type: string }[] };
    expect(slo.panels.filter((p) => p.type === 'row').map((p) => p.title)).toEqual([
      'All objectives',
      'Availability (objective 99.9 % over 30d)',
      'Latency (objective 99 % over 30d)',
      'Error rate (objective 99.9 % over 30d)',
      'Search latency (objective 99 % over 30d)',
    ]);
  });

  test('fails when an override leaves an SLO invalid, naming the environment and the SLO', () => {
    expect(() => custom({ 'api-latency': { objective: 100 } })).toThrow(
      'environment "qa": slos.api-latency: objective 100 is outside (0, 100). Give the target in percent, e.g. 99.9.',
    );
    expect(() => custom({ search: { ...searchSlo, title: undefined } })).toThrow('environment "qa": slos.search: title is missing or empty.');
    expect(() => custom({ 'agent-success': { disabled: 'yes' } })).toThrow('environment "qa": slos.agent-success.disabled: "yes" is not true or false.');
  });

  test('fails when an override switches the kind of a default SLO’s SLI', () => {
    expect(() => custom({ 'api-errors': { sli: { kind: 'uptime', selector: 'up{job="api"}' } } })).toThrow(
      'environment "qa": slos.api-errors: sli has errors, total, which an SLI of kind "uptime" does not use (it takes selector). ' +
        'Remove them; an environment that overrides a default SLO merges into its sli, so to measure it another way disable it and add an SLO under a new name.',
    );
  });
});

describe('SLO validation', () => {
  const base: Slo = {
    name: 'queue-freshness',
    title: 'Queue freshness',
    description: 'Share of jobs picked up within a minute.',
    objective: 99,
    sli: { kind: 'error-ratio', errors: 'jobs_late_total{job="worker"}', total: 'jobs_total{job="worker"}' },
  };
  const check = (over: Partial<Slo>) => () => sloRuleGroups([{ ...base, ...over } as Slo]);

  test('a valid SLO compiles through the rule model', () => {
    expect(() => compileRuleGroups(sloRuleGroups([base]), OPTIONS)).not.toThrow();
  });

  test.each([0, 100, 120, -1, Number.NaN])('fails when the objective is %p', (objective) => {
    expect(check({ objective })).toThrow(`SLO "queue-freshness": objective ${objective} is outside (0, 100). Give the target in percent, e.g. 99.9.`);
  });

  test('fails when an SLI does not parse', () => {
    expect(check({ sli: { kind: 'error-ratio', errors: 'jobs_late_total{job="worker"', total: 'jobs_total' } })).toThrow(
      /^SLO "queue-freshness": sli\.errors does not parse: PromQL syntax error at character \d+, near ".*"\. Selector: jobs_late_total\{job="worker"\. Fix the PromQL/,
    );
  });

  test('fails when an SLI is an expression rather than a selector', () => {
    expect(check({ sli: { kind: 'error-ratio', errors: 'sum(jobs_late_total)', total: 'jobs_total' } })).toThrow(
      'SLO "queue-freshness": sli.errors "sum(jobs_late_total)" is not a series selector. Give the selector alone, e.g. http_requests_total{job="api",status=~"5.."}: ' +
        'the rules apply rate() or *_over_time() over each window themselves.',
    );
    expect(check({ sli: { kind: 'uptime', selector: 'up{job="worker"}[5m]' } })).toThrow('sli.selector "up{job=\\"worker\\"}[5m]" is not a series selector.');
  });

  test('fails when an SLI misses a selector or has an unknown kind', () => {
    expect(check({ sli: { kind: 'good-ratio', total: 'jobs_total' } as never })).toThrow('SLO "queue-freshness": sli.good is undefined. Give the selector of a series');
    expect(check({ sli: { kind: 'ratio' } as never })).toThrow('SLO "queue-freshness": sli.kind "ratio" is not one of error-ratio, good-ratio, uptime. Use one of those.');
  });

  test('fails when two SLOs share a name or a title', () => {
    expect(() => sloRuleGroups([base, { ...base, title: 'Other' }])).toThrow(
      'SLO "queue-freshness": defined twice. Give each SLO a distinct name: it is the slo label of its series and alerts.',
    );
    expect(() => sloRuleGroups([base, { ...base, name: 'queue-age' }])).toThrow(
      'SLO "queue-age": title "Queue freshness" is also the title of SLO "queue-freshness". Give each SLO a distinct title.',
    );
    expect(() => sloDashboard(configFor('dev'), { objectives: [base, base] })).toThrow('SLO "queue-freshness": defined twice.');
  });

  test('fails when the name, the title or the warning level is unusable', () => {
    expect(check({ name: 'Queue Freshness' })).toThrow('SLO "Queue Freshness": name "Queue Freshness" is not kebab-case.');
    expect(check({ description: '' })).toThrow('SLO "queue-freshness": description is missing or empty.');
    expect(check({ warningLevel: 99.5 })).toThrow('SLO "queue-freshness": warningLevel 99.5 must be above 0 and below the objective 99. Lower it or leave it out.');
  });

  test('fails when an SLO is named like another SLO’s long-window group', () => {
    expect(() => sloRuleGroups([base, { ...base, name: 'queue-freshness-long', title: 'Other' }])).toThrow(
      'SLO "queue-freshness-long": its rule group "slo-queue-freshness-long" has the name of a rule group of SLO "queue-freshness". ' +
        'Rename one of the two SLOs: a name may not be another SLO\'s name followed by "-long" (that SLO\'s long windows are recorded in slo-<name>-long).',
    );
    expect(() => checkSlos([{ ...base, name: 'queue-freshness-long' }, { ...base, title: 'Other' }], 'environment "qa"')).toThrow(
      'environment "qa": slos.queue-freshness: its rule group "slo-queue-freshness-long" has the name of a rule group of SLO "queue-freshness-long".',
    );
  });

  test('checkSlos names the environment when given one', () => {
    expect(() => checkSlos([{ ...base, objective: 0 }], 'environment "qa"')).toThrow('environment "qa": slos.queue-freshness: objective 0 is outside (0, 100).');
  });
});
