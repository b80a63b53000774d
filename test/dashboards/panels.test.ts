/**
 * Every Prometheus panel proven on data with the real promtool: synthetic series with a known
 * answer, and the value the panel shows. The expected values are worked out by hand in each story,
 * never read back from the dashboards. The design's own expressions run on the same series, to show
 * what they would have displayed.
 */
import { compileEnvironment } from '../../config';
import { configFor } from '../support/synth';
import { evaluatedIn, exprGroup, failuresOf, prometheusPanels, recordingRulesRead, runGroups, runGroupsWithRules, testGroup, type ProvenPanel } from './proof';
import { PANEL_SCENARIOS as SCENARIOS } from './scenarios';
import { AFTER_30D, BUDGET_SERIES, ERROR_SERIES, HOURLY, LATENCY_SERIES, SUCCESS_SERIES } from './scenarios/platform';
import { describeWithEngines } from '../support/toolchain';

/** Panels reading the SLO recording rules are proven with those rules loaded, in test/slos.test.ts. */
const readsSloRules = (panel: ProvenPanel) => panel.queries.some((q) => q.expr.includes('slo:sli_error:'));
const compiled = compileEnvironment(configFor('dev'));
const panels: ProvenPanel[] = prometheusPanels(compiled.dashboards).filter((p) => !readsSloRules(p));
// The recording rules panels read (not the SLOs'), loaded so that promtool evaluates them on the series.
const ruleFiles = recordingRulesRead(panels, compiled.ruleGroups);

describeWithEngines('panel proofs', ['promtool'], () => {
  // Each panel's scenarios with the recording rules that panel reads (most read none).
  const groups = panels.flatMap((panel) => (SCENARIOS[panel.key] ?? []).map((scenario) => ({ group: testGroup(panel, scenario), ruleFiles: recordingRulesRead([panel], compiled.ruleGroups) })));
  // The design's expressions, on the same series: what its panels would have shown.
  const designGroups = [
    exprGroup('rate(http_requests_total{status=~"5.."}[5m]) / rate(http_requests_total[5m]) * 100', { story: 'design Error Rate', series: ERROR_SERIES, at: '10m' }, [
      { labels: { job: 'api', instance: 'pod-a', method: 'POST', endpoint: '/agents/{id}/execute', status: '500' }, value: 100 },
      { labels: { job: 'api', instance: 'pod-b', method: 'POST', endpoint: '/agents/{id}/execute', status: '503' }, value: 100 },
      { labels: { job: 'other', instance: 'x', method: 'GET', endpoint: '/', status: '500' }, value: 100 },
    ]),
    exprGroup(
      'rate(agent_executions_total{status="success"}[5m]) / rate(agent_executions_total[5m]) * 100',
      { story: 'design Success Rate', series: SUCCESS_SERIES, at: '10m' },
      [
        { labels: { job: 'api', agent_id: 'a1', status: 'success' }, value: 100 },
        { labels: { job: 'api', agent_id: 'a2', status: 'success' }, value: 100 },
      ],
    ),
    // Per series instead of over all traffic: pod-a's p95 is 0.05 + 0.95 × 0.05, pod-b's 0.25 + 0.75 × 0.25.
    exprGroup('histogram_quantile(0.95, rate(http_request_duration_seconds_bucket[5m]))', { story: 'design p95', series: LATENCY_SERIES, at: '10m' }, [
      { labels: { job: 'api', instance: 'pod-a', method: 'GET', endpoint: '/agents' }, value: 0.0975 },
      { labels: { job: 'api', instance: 'pod-b', method: 'POST', endpoint: '/agents/{id}/execute' }, value: 0.4375 },
    ]),
    // 1 - 0.0005 / 0.001 * 100 = 1 - 50.
    exprGroup(
      '1 - (sum(rate(http_requests_total{status=~"5.."}[30d])) / sum(rate(http_requests_total[30d]))) / 0.001 * 100',
      { story: 'design Error Budget', interval: HOURLY, series: BUDGET_SERIES, at: AFTER_30D },
      [{ value: -49 }],
    ),
  ];
  // The design's expressions read raw series only: no rule files (promtool would evaluate them every minute of 30 days).
  const result = runGroupsWithRules([...groups, ...designGroups.map((group) => ({ group, ruleFiles: {} }))]);

  test('every Prometheus panel has at least one scenario, and every scenario a panel', () => {
    expect(panels.length).toBeGreaterThanOrEqual(8);
    expect(panels.filter((p) => !SCENARIOS[p.key]).map((p) => p.key)).toEqual([]);
    expect(Object.keys(SCENARIOS).filter((key) => !panels.some((p) => p.key === key))).toEqual([]);
  });

  test('promtool evaluated every scenario and the design expressions without a failure', () => {
    expect(`${result.stdout}${result.stderr}`).not.toContain('FAILED');
    expect(result.status).toBe(0);
  });

  test.each(panels.map((p) => [p.key, p] as const))('%s shows the values its scenarios state', (_key, panel) => {
    // Each expression once: with the dashboard's variables at "All", and as each scenario selects them.
    const evaluated = new Set(panel.queries.flatMap((q) => [q.evaluated, ...(SCENARIOS[panel.key] ?? []).map((s) => evaluatedIn(q, s))]));
    expect([...evaluated].flatMap((expr) => failuresOf(result, expr))).toEqual([]);
  });

  test('fails when a panel is expected to show another value: the failure names the expression and the value shown', () => {
    const errorRate = panels.find((p) => p.key === 'agent-platform-overview/Error Rate')!;
    const wrong = runGroups([testGroup(errorRate, { ...SCENARIOS[errorRate.key][0], shows: { A: [{ value: 100 }] } })], ruleFiles);
    expect(wrong.status).not.toBe(0);
    const [failure] = failuresOf(wrong, errorRate.queries[0].evaluated);
    expect(failure).toContain('exp: {} 1E+02');
    expect(failure).toContain('got: {} 1E+01');
  });
});
