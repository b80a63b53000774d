/**
 * Alerts link to the panel that shows their condition: `dashboard_url` opens a provisioned panel
 * that reads what the alert reads, in every environment.
 */
import { compileEnvironment } from '../config';
import { panelsOf, targetsOf } from '../dashboards';
import { DASHBOARD_URL_ANNOTATION, type RuleGroup } from '../rules';
import { configFor, configWith, ENVIRONMENT_NAMES } from './support/synth';

/** Metric names an expression reads (histogram suffixes dropped), e.g. `http_requests_total`. */
function metricsRead(expr: string): Set<string> {
  // Strings, label matchers, ranges and grouping clauses hold label names and durations, not metrics.
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}|\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const keywords = new Set(['bool', 'and', 'or', 'unless', 'offset', 'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'inf', 'nan']);
  const names = [...bare.matchAll(/(?<![\w:.])([a-zA-Z_:][a-zA-Z0-9_:]*)(?![\w:]|\s*\()/g)].map((m) => m[1]);
  return new Set(names.filter((n) => !keywords.has(n.toLowerCase())).map((n) => n.replace(/_(bucket|count|sum)$/, '')));
}

const linked = (env: string) => {
  const compiled = compileEnvironment(configFor(env));
  const alerts = compiled.ruleGroups.flatMap((g) => g.file.groups[0].rules.filter((r) => r.alert && r.annotations?.[DASHBOARD_URL_ANNOTATION]));
  return { compiled, alerts };
};

test.each(ENVIRONMENT_NAMES)('%s: every dashboard_url opens a provisioned panel that reads a metric of its alert', (env) => {
  const { compiled, alerts } = linked(env);
  expect(alerts.length).toBeGreaterThan(0);
  for (const rule of alerts) {
    const url = rule.annotations![DASHBOARD_URL_ANNOTATION];
    const [, uid, id] = /\/d\/([\w-]+)\?viewPanel=panel-(\d+)$/.exec(url) ?? [];
    const board = compiled.dashboards.find((d) => d.dashboard.uid === uid)?.dashboard;
    const panel = board && panelsOf(board).find((p) => p.id === Number(id));
    expect({ alert: rule.alert, found: panel !== undefined }).toEqual({ alert: rule.alert, found: true });
    const shown = new Set(targetsOf(panel!).flatMap((t) => [...metricsRead(String(t.expr ?? ''))]));
    const read = [...metricsRead(rule.expr)];
    expect({ alert: rule.alert, shared: read.filter((m) => shown.has(m)).length > 0 }).toEqual({ alert: rule.alert, shared: true });
  }
});

test('grafana.externalUrl is the base of every dashboard_url, and Grafana root_url', () => {
  const config = configWith('dev', { grafana: { externalUrl: 'https://grafana.example.com' } });
  const urls = compileEnvironment(config).ruleGroups.flatMap((g) => g.file.groups[0].rules.map((r) => r.annotations?.[DASHBOARD_URL_ANNOTATION])).filter(Boolean);
  expect(urls.length).toBeGreaterThan(0);
  for (const url of urls) expect(url).toMatch(/^https:\/\/grafana\.example\.com\/d\/[\w-]+\?viewPanel=panel-\d+$/);
});

test('metricsRead finds the metrics of selectors, bare names and comparisons, not labels or functions', () => {
  expect([...metricsRead('sum by (job) (up == bool 0) / on (job) group_left () count(x_bucket{le="1"}[5m] offset 1h)')].sort()).toEqual(['up', 'x']);
});

describe('fails when', () => {
  const group = (panel: { dashboard: string; title: string }): RuleGroup => ({
    name: 'team-alerts',
    rules: [{ alert: 'QueueBacklog', expr: 'queue_depth > 100', severity: 'warning', summary: 's', description: 'd', runbookUrl: 'https://wiki.example.com/q', panel }],
  });

  test('an alert names a panel its dashboard does not have: the message lists the panels it has', () => {
    const config = configWith('dev', { alerting: { extraGroups: [group({ dashboard: 'agent-platform-overview', title: 'Queue Depth' })] } });
    expect(() => compileEnvironment(config)).toThrow(
      /environment "dev": rule group "team-alerts", alert "QueueBacklog": panel .*"Queue Depth".* is not on that dashboard\. Use one of its panels: "Request Rate", "Error Rate"/,
    );
  });

  test('an alert names a dashboard uid no dashboard has', () => {
    const config = configWith('dev', { alerting: { extraGroups: [group({ dashboard: 'queues', title: 'Queue Depth' })] } });
    expect(() => compileEnvironment(config)).toThrow(/alert "QueueBacklog": panel .* names a dashboard uid no provisioned dashboard has/);
  });

  test('an alert sets dashboard_url both by panel and in annotations', () => {
    const rules = group({ dashboard: 'agent-platform-overview', title: 'Error Rate' });
    const both = { ...rules, rules: [{ ...rules.rules[0], annotations: { dashboard_url: 'https://x.example.com' } }] };
    expect(() => compileEnvironment(configWith('dev', { alerting: { extraGroups: [both] } }))).toThrow(/dashboard_url is set in annotations and by panel/);
  });
});
